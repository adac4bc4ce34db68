package dev.asyncguard.github;

import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.FilterMode;
import java.util.Optional;

/** The parts of a repository's policy that a review run acts on. */
public interface ServicePolicy {
    /** {@code review.skip_drafts}: whether draft pull requests wait until they are ready. */
    boolean skipDrafts();

    /** {@code recheck.allowed}: whether a commenter with this {@code author_association} may ask. */
    boolean allowsRecheck(String authorAssociation);

    /** {@code paths.include} / {@code paths.exclude} for a repository-relative path. */
    boolean includes(String path);

    /** {@code review.filter}. */
    FilterMode filter();

    /** {@code review.max_comments}. */
    int maxComments();

    /** {@code review.suggestions}. */
    boolean suggestions();

    /** {@code review.request_changes_on}: from which severity the review requests changes; empty = never. */
    Optional<Severity> requestChangesOn();

    /** {@code check.fail_on}: from which severity the check run fails; empty = never. */
    Optional<Severity> failOn();

    /** Markdown naming the policy in force, for the check run's summary. */
    String describe();

    /** Analyzes a file's text under this policy (rule severities, target version). */
    dev.asyncguard.review.FileAnalyzer analyzer();
}
