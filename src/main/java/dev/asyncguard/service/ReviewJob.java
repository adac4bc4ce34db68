package dev.asyncguard.service;

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
 */
public record ReviewJob(PullRequestKey pullRequest, long installationId, String headSha, boolean draft,
                        List<String> labels, Trigger trigger, String deliveryId, Instant receivedAt) {

    public ReviewJob {
        labels = List.copyOf(labels);
    }

    /** What asked for the review. */
    public enum Trigger { PULL_REQUEST, RECHECK, CHECK_RUN_RERUN }
}
