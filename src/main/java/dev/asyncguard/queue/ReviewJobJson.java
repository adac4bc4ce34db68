package dev.asyncguard.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link ReviewJob} as the JSON a shared queue stores: plain values, nothing else. */
final class ReviewJobJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewJobJson() {}

    static String write(ReviewJob job) {
        ObjectNode o = JSON.createObjectNode()
                .put("owner", job.pullRequest().owner()).put("repo", job.pullRequest().repo())
                .put("number", job.pullRequest().number()).put("installation", job.installationId())
                .put("head", job.headSha()).put("draft", job.draft()).put("trigger", job.trigger().name())
                .put("delivery", job.deliveryId()).put("received", job.receivedAt().toString())
                .put("removedLabel", job.removedLabel()).put("deferrals", job.deferrals())
                .put("defaultBranch", job.defaultBranch());
        job.labels().forEach(o.putArray("labels")::add);
        return o.toString();
    }

    /** The job, or an {@link IllegalArgumentException} saying what is wrong with the text. */
    static ReviewJob read(String text) {
        try {
            JsonNode o = JSON.readTree(text);
            List<String> labels = new ArrayList<>();
            o.path("labels").forEach(l -> labels.add(l.asText()));
            return new ReviewJob(new PullRequestKey(o.path("owner").asText(), o.path("repo").asText(), o.path("number").asInt()),
                    o.path("installation").asLong(), text(o, "head"), o.path("draft").asBoolean(), labels,
                    ReviewJob.Trigger.valueOf(o.path("trigger").asText()), text(o, "delivery"),
                    Instant.parse(o.path("received").asText()), text(o, "removedLabel"),
                    o.path("deferrals").asInt(0), text(o, "defaultBranch"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a review job: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
