package dev.asyncguard.github.run;

import dev.asyncguard.github.fetch.PullRequestSnapshot;
import dev.asyncguard.github.publish.PullRequestReview;

/**
 * Turns a fetched pull request into the review to post. The service owns fetching and posting;
 * the analysis and the rendering of comments live behind this interface (the same pipeline the
 * local {@code review} command uses).
 */
@FunctionalInterface
public interface PullRequestReviewer {
    PullRequestReview review(PullRequestSnapshot snapshot);
}
