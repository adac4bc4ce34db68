package dev.asyncguard.github;

import dev.asyncguard.analysis.Severity;
import dev.asyncguard.cli.BuiltInAnalyzer;
import dev.asyncguard.diff.FilterMode;
import dev.asyncguard.review.FileAnalyzer;
import dev.asyncguard.review.ReviewOptions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in defaults (as in config/default-policy.yml) for a repository without a policy file:
 * drafts wait, the owner, members and collaborators may {@code /recheck}, every path is included,
 * findings on added lines are reported with suggestions, the review only comments, and the check
 * run fails on errors.
 */
final class BuiltInPolicy implements ServicePolicy {
    static final BuiltInPolicy DEFAULTS = new BuiltInPolicy();
    private static final Set<String> RECHECK = Set.of("OWNER", "MEMBER", "COLLABORATOR");

    private final FileAnalyzer analyzer = BuiltInAnalyzer.fileAnalyzer();

    @Override
    public boolean skipDrafts() {
        return true;
    }

    @Override
    public boolean allowsRecheck(String authorAssociation) {
        return authorAssociation != null && RECHECK.contains(authorAssociation.toUpperCase(Locale.ROOT));
    }

    @Override
    public boolean includes(String path) {
        return true;
    }

    @Override
    public FilterMode filter() {
        return FilterMode.ADDED;
    }

    @Override
    public int maxComments() {
        return ReviewOptions.DEFAULT_MAX_COMMENTS;
    }

    @Override
    public boolean suggestions() {
        return true;
    }

    @Override
    public Optional<Severity> requestChangesOn() {
        return Optional.empty();
    }

    @Override
    public Optional<Severity> failOn() {
        return Optional.of(Severity.ERROR);
    }

    @Override
    public String describe() {
        return "Built-in defaults (no policy file).";
    }

    @Override
    public FileAnalyzer analyzer() {
        return analyzer;
    }
}
