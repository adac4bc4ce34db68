package dev.asyncguard.github.intake;

import dev.asyncguard.queue.ReviewJob;

/** What a verified delivery asks the service to do. */
sealed interface WebhookDecision {
    /** Review a pull request (a {@code pull_request} event or a re-requested check run). */
    record Review(ReviewJob job) implements WebhookDecision {}

    /**
     * A {@code /recheck} comment: whether the commenter may ask depends on the repository's
     * policy, which is read off the request thread.
     */
    record Recheck(ReviewJob job, long commentId, String authorAssociation, String login) implements WebhookDecision {}

    /** Nothing to do; {@code reason} is for the logs. */
    record Ignore(String reason) implements WebhookDecision {}
}
