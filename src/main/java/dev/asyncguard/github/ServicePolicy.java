package dev.asyncguard.github;

import dev.asyncguard.policy.Policy;
import dev.asyncguard.policy.PolicyReview;
import dev.asyncguard.policy.ResolvedPolicy;
import dev.asyncguard.review.FileAnalyzer;
import java.util.Collection;

/**
 * The policy in force for one repository (defaults < org < repo, from the default branches), with
 * the analyzer configured by it (rules, severities, target version).
 */
public record ServicePolicy(ResolvedPolicy resolved, FileAnalyzer analyzer) {

    public Policy policy() {
        return resolved.policy();
    }

    /** {@code review.skip_drafts} and {@code review.skip_labels}. */
    public boolean skips(boolean draft, Collection<String> labels) {
        return policy().review().skips(draft, labels);
    }

    /** {@code recheck.allowed} for a commenter's {@code author_association}. */
    public boolean allowsRecheck(String authorAssociation) {
        return policy().recheck().allows(authorAssociation);
    }

    /** {@code paths.include} / {@code paths.exclude}. */
    public boolean includes(String path) {
        return policy().includes(path);
    }

    /** Markdown for the check run: which files (at which commits) are in force, enforced keys, problems. */
    public String describe() {
        return PolicyReview.policySection(resolved);
    }
}
