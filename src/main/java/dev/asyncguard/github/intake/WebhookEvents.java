package dev.asyncguard.github.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.github.fetch.ServicePolicy;
import dev.asyncguard.github.publish.CheckRuns;
import dev.asyncguard.queue.PullRequestKey;
import dev.asyncguard.queue.ReviewJob.Trigger;
import dev.asyncguard.queue.ReviewJob;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Reads a webhook payload and decides what it asks for. Pure: no I/O, so the controller stays fast. */
final class WebhookEvents {
    private static final Set<String> REVIEWED_PR_ACTIONS = Set.of("opened", "synchronize", "reopened", "ready_for_review");

    private final long appId;

    WebhookEvents(long appId) {
        this.appId = appId;
    }

    WebhookDecision decide(String event, JsonNode payload, String deliveryId, Instant received) {
        if (event == null) return new WebhookDecision.Ignore("no X-GitHub-Event header");
        String action = payload.path("action").asText("");
        long installation = payload.path("installation").path("id").asLong(0);
        JsonNode repository = payload.path("repository");
        String owner = repository.path("owner").path("login").asText("");
        String name = repository.path("name").asText("");
        if (!switch (event) { case "pull_request", "issue_comment", "check_run" -> true; default -> false; }) {
            return new WebhookDecision.Ignore("event " + event + " is not one we act on");
        }
        if (installation == 0 || owner.isEmpty() || name.isEmpty()) {
            return new WebhookDecision.Ignore(event + " without installation or repository");
        }
        WebhookDecision decision = switch (event) {
            case "pull_request" -> pullRequest(action, payload, owner, name, installation, deliveryId, received);
            case "issue_comment" -> comment(action, payload, owner, name, installation, deliveryId, received);
            default -> checkRun(action, payload, owner, name, installation, deliveryId, received);
        };
        // The repository object of every event names its default branch: the run's policy read need not ask.
        String branch = repository.path("default_branch").asText("");
        return switch (decision) {
            case WebhookDecision.Review r -> new WebhookDecision.Review(r.job().withDefaultBranch(branch));
            case WebhookDecision.Recheck r -> new WebhookDecision.Recheck(r.job().withDefaultBranch(branch), r.commentId(),
                    r.authorAssociation(), r.login());
            case WebhookDecision.Ignore i -> i;
        };
    }

    private WebhookDecision pullRequest(String action, JsonNode p, String owner, String name, long installation,
                                        String delivery, Instant received) {
        boolean unlabeled = "unlabeled".equals(action);
        if (!REVIEWED_PR_ACTIONS.contains(action) && !unlabeled) {
            return new WebhookDecision.Ignore("pull_request." + action);
        }
        JsonNode pr = p.path("pull_request");
        int number = pr.path("number").asInt(p.path("number").asInt(0));
        String head = pr.path("head").path("sha").asText("");
        if (number <= 0 || head.isEmpty()) {
            return new WebhookDecision.Ignore("pull_request without number or head sha");
        }
        String removed = p.path("label").path("name").asText("");
        if (unlabeled && removed.isEmpty()) return new WebhookDecision.Ignore("pull_request.unlabeled without a label");
        // Whether the label was a skip label is the policy's to say; the run decides.
        return new WebhookDecision.Review(new ReviewJob(new PullRequestKey(owner, name, number), installation, head,
                pr.path("draft").asBoolean(false), ServicePolicy.labelsOf(pr),
                unlabeled ? Trigger.LABEL_REMOVED : Trigger.PULL_REQUEST, delivery, received, unlabeled ? removed : null));
    }

    private WebhookDecision comment(String action, JsonNode p, String owner, String name, long installation,
                                    String delivery, Instant received) {
        if (!"created".equals(action)) return new WebhookDecision.Ignore("issue_comment." + action);
        JsonNode issue = p.path("issue");
        if (!issue.hasNonNull("pull_request")) {
            return new WebhookDecision.Ignore("comment on an issue, not a pull request");
        }
        JsonNode comment = p.path("comment");
        if (!isRecheck(comment.path("body").asText(""))) {
            return new WebhookDecision.Ignore("comment is not /recheck");
        }
        JsonNode user = comment.path("user");
        if ("Bot".equals(user.path("type").asText()) || user.path("login").asText("").endsWith("[bot]")) {
            return new WebhookDecision.Ignore("/recheck from a bot");
        }
        int number = issue.path("number").asInt(0);
        if (number <= 0) return new WebhookDecision.Ignore("comment without an issue number");
        ReviewJob job = new ReviewJob(new PullRequestKey(owner, name, number), installation, null, false, List.of(),
                Trigger.RECHECK, delivery, received);
        return new WebhookDecision.Recheck(job, comment.path("id").asLong(), comment.path("author_association").asText(""),
                user.path("login").asText(""));
    }

    /** The first line, trimmed, is exactly {@code /recheck}; later lines may explain why. */
    static boolean isRecheck(String body) {
        String first = body.lines().findFirst().orElse("").strip();
        return first.equals("/recheck");
    }

    private WebhookDecision checkRun(String action, JsonNode p, String owner, String name, long installation,
                                     String delivery, Instant received) {
        if (!"rerequested".equals(action)) return new WebhookDecision.Ignore("check_run." + action);
        JsonNode run = p.path("check_run");
        if (run.path("app").path("id").asLong(-1) != appId || !CheckRuns.NAME.equals(run.path("name").asText())) {
            return new WebhookDecision.Ignore("check run of another app");
        }
        JsonNode prs = run.path("pull_requests");
        if (!prs.isArray() || prs.isEmpty()) {
            // GitHub leaves this empty for pull requests from forks; nothing to map the run to.
            return new WebhookDecision.Ignore("re-requested check run without a pull request");
        }
        int number = prs.get(0).path("number").asInt(0);
        return new WebhookDecision.Review(new ReviewJob(new PullRequestKey(owner, name, number), installation, null,
                false, List.of(), Trigger.CHECK_RUN_RERUN, delivery, received));
    }

    /** The event names that get a metric series of their own; any other is counted as "other". */
    private static final java.util.Set<String> TAGGED = java.util.Set.of("pull_request", "issue_comment", "check_run",
            "ping", "push", "installation", "installation_repositories", "check_suite", "pull_request_review");

    /** The metric tag of a delivery's {@code X-GitHub-Event}: one of a fixed set, so a sender cannot grow the series. */
    static String metricTag(String event) {
        if (event == null) return "none";
        return TAGGED.contains(event) ? event : "other";
    }
}
