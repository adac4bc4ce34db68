package dev.asyncguard.github.fetch;

import dev.asyncguard.github.RepoRef;
import dev.asyncguard.review.ChangedFile;
import dev.asyncguard.review.ContextModules;
import java.util.List;
import java.util.Set;

/**
 * Everything a review of one pull request at one head needs, fetched from GitHub: the changed
 * Python files with their content and hunks, the files left out with reasons, the fingerprints of
 * findings the bot already posted on this PR, the repository's policy, and the head's other Python
 * modules (null: none), read only when the changed files import them.
 */
public record PullRequestSnapshot(RepoRef repo, int number, String headSha, List<ChangedFile> files,
                                  List<SkippedFile> skipped, Set<String> postedFingerprints,
                                  ServicePolicy policy, ContextModules context) {
    /** A snapshot without the head's other modules: each changed file is analyzed alone. */
    public PullRequestSnapshot(RepoRef repo, int number, String headSha, List<ChangedFile> files,
                               List<SkippedFile> skipped, Set<String> postedFingerprints, ServicePolicy policy) {
        this(repo, number, headSha, files, skipped, postedFingerprints, policy, null);
    }

    public PullRequestSnapshot {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
        postedFingerprints = Set.copyOf(postedFingerprints);
    }
}
