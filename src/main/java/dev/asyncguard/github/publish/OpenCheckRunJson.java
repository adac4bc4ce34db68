package dev.asyncguard.github.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.github.publish.OpenCheckRuns.OpenCheckRun;
import java.io.IOException;
import java.time.Instant;

/** An {@link OpenCheckRun} as stored in Redis or the journal directory: plain JSON values. */
final class OpenCheckRunJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenCheckRunJson() {}

    static String write(OpenCheckRun r) {
        return JSON.createObjectNode().put("externalId", r.externalId()).put("installation", r.installation())
                .put("owner", r.owner()).put("repo", r.repo()).put("head", r.headSha()).put("id", r.id())
                .put("since", r.since().toString()).toString();
    }

    /** The note, or an {@link IllegalArgumentException} saying what is wrong with the text. */
    static OpenCheckRun read(String text) {
        try {
            JsonNode o = JSON.readTree(text);
            if (o == null || !o.hasNonNull("externalId") || !o.hasNonNull("head") || !o.hasNonNull("since")) {
                throw new IllegalArgumentException("not an open check run: " + text);
            }
            return new OpenCheckRun(o.path("externalId").asText(), o.path("installation").asLong(), o.path("owner").asText(),
                    o.path("repo").asText(), o.path("head").asText(), o.path("id").asLong(OpenCheckRun.PENDING),
                    Instant.parse(o.path("since").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an open check run: " + e.getMessage(), e);
        }
    }
}
