package dev.asyncguard.queue;

import java.time.Instant;
import java.util.List;

/**
 * "Review this pull request at this head": what a delivery asks for. {@code headSha} is null when
 * the trigger (a {@code /recheck} comment) does not carry it; the run then reviews the PR's
 * current head. Plain values only, so a job can be serialized onto a shared queue later.
 *
 * @param installationId the App installation whose token the run uses
 * @param draft          whether the PR was a draft when the delivery was sent
 * @param labels         its label names then (policy can skip labelled PRs)
 * @param deliveryId     GitHub's {@code X-GitHub-Delivery}, carried into the run's logs
 * @param removedLabel   for {@link Trigger#LABEL_REMOVED}: the label taken off; null otherwise
 * @param deferrals      how often the job was put off already ({@link ReviewDeferred}); a run gives
 *                       up after too many
 * @param defaultBranch  the repository's default branch as the delivery named it (every event GitHub
 *                       sends carries {@code repository.default_branch}), so that the run need not ask
 *                       for it; null when not known
 */
public record ReviewJob(PullRequestKey pullRequest, long installationId, String headSha, boolean draft,
                        List<String> labels, Trigger trigger, String deliveryId, Instant receivedAt,
                        String removedLabel, int deferrals, String defaultBranch) {

    public ReviewJob {
        if (deferrals < 0) throw new IllegalArgumentException("deferrals cannot be negative");
        labels = List.copyOf(labels);
        if ((trigger == Trigger.LABEL_REMOVED) != (removedLabel != null)) {
            throw new IllegalArgumentException("a removed label goes with LABEL_REMOVED, and only with it");
        }
    }

    /** A job without its repository's default branch. */
    public ReviewJob(PullRequestKey pullRequest, long installationId, String headSha, boolean draft,
                     List<String> labels, Trigger trigger, String deliveryId, Instant receivedAt,
                     String removedLabel, int deferrals) {
        this(pullRequest, installationId, headSha, draft, labels, trigger, deliveryId, receivedAt, removedLabel, deferrals, null);
    }

    /** The same job, with the repository's default branch as a delivery named it (null or blank: not known). */
    public ReviewJob withDefaultBranch(String branch) {
        return new ReviewJob(pullRequest, installationId, headSha, draft, labels, trigger, deliveryId, receivedAt,
                removedLabel, deferrals, branch == null || branch.isBlank() ? null : branch);
    }

    /** A job not deferred yet. */
    public ReviewJob(PullRequestKey pullRequest, long installationId, String headSha, boolean draft,
                     List<String> labels, Trigger trigger, String deliveryId, Instant receivedAt,
                     String removedLabel) {
        this(pullRequest, installationId, headSha, draft, labels, trigger, deliveryId, receivedAt, removedLabel, 0);
    }

    /** The same job, put off once more ({@link ReviewDeferred}). */
    public ReviewJob deferredOnce() {
        return new ReviewJob(pullRequest, installationId, headSha, draft, labels, trigger, deliveryId, receivedAt,
                removedLabel, deferrals + 1, defaultBranch);
    }

    /** A job of any trigger but {@link Trigger#LABEL_REMOVED}. */
    public ReviewJob(PullRequestKey pullRequest, long installationId, String headSha, boolean draft,
                     List<String> labels, Trigger trigger, String deliveryId, Instant receivedAt) {
        this(pullRequest, installationId, headSha, draft, labels, trigger, deliveryId, receivedAt, null);
    }

    /** What asked for the review. */
    public enum Trigger {
        /** The PR was opened, pushed to, reopened or marked ready. */
        PULL_REQUEST,
        /** A {@code /recheck} comment. */
        RECHECK,
        /** "Re-run" on our check run. */
        CHECK_RUN_RERUN,
        /** A label came off; reviewed only when it was a skip label that kept the PR from review. */
        LABEL_REMOVED
    }
}
