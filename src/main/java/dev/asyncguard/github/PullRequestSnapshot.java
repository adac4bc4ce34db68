package dev.asyncguard.github;

import dev.asyncguard.review.ChangedFile;
import java.util.List;
import java.util.Set;

/**
 * Everything a review of one pull request at one head needs, fetched from GitHub: the changed
 * Python files with their content and hunks, the files left out with reasons, the fingerprints of
 * findings the bot already posted on this PR, and the repository's policy.
 */
public record PullRequestSnapshot(RepoRef repo, int number, String headSha, List<ChangedFile> files,
                                  List<SkippedFile> skipped, Set<String> postedFingerprints,
                                  ServicePolicy policy) {
    public PullRequestSnapshot {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
        postedFingerprints = Set.copyOf(postedFingerprints);
    }
}
