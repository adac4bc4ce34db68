package dev.asyncguard.github.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.review.Annotation;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our check run on a head: created, found again by its {@code external_id}, completed with the
 * review's conclusion and annotations, or completed quietly with a reason when a run ends early.
 */
@Singleton
public class CheckRuns {
    private static final Logger LOG = LoggerFactory.getLogger(CheckRuns.class);
    /** The check run's name; {@code check_run} events of other names (or other Apps) are not ours. */
    public static final String NAME = "asyncguard";
    /** GitHub's limit for a check run's summary and text. */
    public static final int MAX_SUMMARY = 65_535;
    /** GitHub accepts at most 50 annotations per check-run request. */
    static final int ANNOTATION_BATCH = 50;

    private final GitHubClient github;
    private final ObjectMapper json;

    public CheckRuns(GitHubClient github, ObjectMapper json) {
        this.github = github;
        this.json = json;
    }

    /** The {@code external_id} that names the check run of a delivery; null without a delivery id. */
    public static String externalId(String deliveryId) {
        return deliveryId == null ? null : "asyncguard:" + deliveryId;
    }

    /** Our check runs on a head. */
    public List<JsonNode> onHead(long inst, RepoRef repo, String sha) {
        return github.checkRuns(inst, repo, sha, NAME);
    }

    /**
     * A new check run {@code queued} on a head, made when its job is accepted; {@code external_id}
     * names the delivery, so the run that starts the job (or a run of it again) finds it.
     */
    public long createQueued(long inst, RepoRef repo, String sha, String externalId) {
        ObjectNode create = json.createObjectNode()
                .put("name", NAME)
                .put("head_sha", sha)
                .put("status", "queued")
                .put("external_id", externalId);
        return github.createCheckRun(inst, repo, create);
    }

    /** A {@code queued} check run moved to {@code in_progress} when a worker starts its job. */
    public void start(long inst, RepoRef repo, long checkRun, Instant started) {
        github.updateCheckRun(inst, repo, checkRun, json.createObjectNode().put("status", "in_progress")
                .put("started_at", started.toString()));
    }

    /** A new check run in progress on a head. */
    public long createInProgress(long inst, RepoRef repo, String sha, String externalId, Instant started) {
        ObjectNode create = json.createObjectNode()
                .put("name", NAME)
                .put("head_sha", sha)
                .put("status", "in_progress")
                .put("started_at", started.toString());
        // Lets a retried create, or a run of the same job after a crash, find the check run an
        // earlier attempt made (see GitHubClient.createCheckRun).
        if (externalId != null) create.put("external_id", externalId);
        return github.createCheckRun(inst, repo, create);
    }

    /** The check run an earlier delivery of this job created, set in progress again; -1 when there is none. */
    public long reopen(long inst, RepoRef repo, String sha, String externalId, Instant started) {
        for (JsonNode run : onHead(inst, repo, sha)) {
            if (externalId.equals(run.path("external_id").asText())) {
                long id = run.path("id").asLong();
                github.updateCheckRun(inst, repo, id, json.createObjectNode().put("status", "in_progress")
                        .put("started_at", started.toString()));
                LOG.info("{}: continuing check run {} of an earlier attempt", repo, id);
                return id;
            }
        }
        return -1;
    }

    /** The check run's result; annotations go 50 per request, the last request completes the run. */
    public void complete(long inst, RepoRef repo, long checkRun, PullRequestReview draft) {
        List<ObjectNode> bodies = resultBodies(draft);
        for (ObjectNode body : bodies) github.updateCheckRun(inst, repo, checkRun, body);
    }

    /**
     * A check run created with the review's result, in one request (GitHub takes {@code status:
     * completed} with {@code conclusion} and {@code output} on creation); past 50 annotations it is
     * created in progress with the first 50 and the last update completes it, as {@link #complete}
     * does. {@code external_id} names the delivery, so that a retried creation finds the first.
     */
    public long createCompleted(long inst, RepoRef repo, String sha, String externalId, Instant started,
                                PullRequestReview draft) {
        List<ObjectNode> bodies = resultBodies(draft);
        ObjectNode create = bodies.get(0).put("name", NAME).put("head_sha", sha).put("started_at", started.toString());
        if (bodies.size() > 1) create.put("status", "in_progress");
        if (externalId != null) create.put("external_id", externalId);
        long id = github.createCheckRun(inst, repo, create);
        for (ObjectNode body : bodies.subList(1, bodies.size())) github.updateCheckRun(inst, repo, id, body);
        return id;
    }

    /**
     * The requests that carry a review's result, 50 annotations each; the last one completes the check run
     * (public for the service's warm-up, which renders them without sending them).
     */
    public List<ObjectNode> resultBodies(PullRequestReview draft) {
        List<Annotation> all = draft.annotations();
        int batches = Math.max(1, (all.size() + ANNOTATION_BATCH - 1) / ANNOTATION_BATCH);
        List<ObjectNode> bodies = new java.util.ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            List<Annotation> batch = all.subList(b * ANNOTATION_BATCH, Math.min(all.size(), (b + 1) * ANNOTATION_BATCH));
            ObjectNode body = json.createObjectNode();
            if (b == batches - 1) {
                body.put("status", "completed").put("conclusion", draft.conclusion())
                        .put("completed_at", Instant.now().toString());
            }
            ObjectNode output = body.putObject("output").put("title", draft.title())
                    .put("summary", truncate(draft.summary()));
            ArrayNode annotations = output.putArray("annotations");
            for (Annotation a : batch) {
                annotations.addObject().put("path", a.path()).put("start_line", a.startLine())
                        .put("end_line", a.endLine()).put("annotation_level", a.level().key())
                        .put("title", a.title()).put("message", a.message());
            }
            bodies.add(body);
        }
        return bodies;
    }

    /** A check run for a run that failed before it could create one, so the failure is visible. */
    public long createQuietly(long inst, RepoRef repo, String sha) {
        try {
            return github.createCheckRun(inst, repo, json.createObjectNode()
                    .put("name", NAME).put("head_sha", sha).put("status", "in_progress"));
        } catch (RuntimeException e) {
            LOG.warn("could not create a check run on {} to report the failure: {}", repo, e.getMessage());
            return -1;
        }
    }

    /**
     * A check run created already completed with a reason (one request), for a run that ends before
     * its check run was shown; -1 (logged, never thrown) when GitHub did not take it.
     */
    public long createCompletedQuietly(long inst, RepoRef repo, String sha, String externalId, String conclusion,
                                       String title, String summary) {
        try {
            ObjectNode create = completion(conclusion, title, summary).put("name", NAME).put("head_sha", sha);
            if (externalId != null) create.put("external_id", externalId);
            return github.createCheckRun(inst, repo, create);
        } catch (RuntimeException e) {
            LOG.warn("could not create a check run on {} to report '{}': {}", repo, title, e.getMessage());
            return -1;
        }
    }

    /** Completes a check run with a reason; a failure to do so is logged, never thrown. */
    public void completeQuietly(long inst, RepoRef repo, long checkRun, String conclusion, String title, String summary) {
        completeWith(inst, repo, checkRun, conclusion, title, summary);
    }

    /** Completes a check run with a reason; false (and logged) when GitHub did not take it. */
    public boolean completeWith(long inst, RepoRef repo, long checkRun, String conclusion, String title, String summary) {
        if (checkRun < 0) return false;
        try {
            github.updateCheckRun(inst, repo, checkRun, completion(conclusion, title, summary));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("could not complete check run {} on {}: {}", checkRun, repo, e.getMessage());
            return false;
        }
    }

    private ObjectNode completion(String conclusion, String title, String summary) {
        ObjectNode body = json.createObjectNode().put("status", "completed").put("conclusion", conclusion)
                .put("completed_at", Instant.now().toString());
        body.putObject("output").put("title", title).put("summary", truncate(summary));
        return body;
    }

    public static String truncate(String summary) {
        if (summary == null) return "";
        if (summary.length() <= MAX_SUMMARY) return summary;
        String note = "\n\n… (summary truncated at GitHub's limit)";
        return summary.substring(0, MAX_SUMMARY - note.length()) + note;
    }
}
