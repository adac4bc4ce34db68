package dev.asyncguard.github.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The webhook payload read as only the fields the service decides by gives the very same decision
 * as the whole payload: over GitHub's real sample payloads, for each event we act on, and for
 * variants of them (other actions, a removed label, labels, a draft, a /recheck comment from a bot,
 * a re-requested check run of ours and of another App, fields missing or of another type).
 */
class WebhookFieldsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long APP_ID = 424242;

    @Test
    void theFieldsReadDecideAsTheWholePayloadDoes() throws Exception {
        List<ObjectNode> payloads = new ArrayList<>();
        try (var files = Files.list(Path.of("test/resources/github"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                payloads.add((ObjectNode) JSON.readTree(f.toFile()));
            }
        }
        assertTrue(payloads.size() >= 4, "the sample payloads");
        List<ObjectNode> variants = new ArrayList<>();
        for (ObjectNode p : payloads) {
            variants.add(p);
            for (String action : List.of("opened", "synchronize", "unlabeled", "created", "rerequested", "closed")) {
                ObjectNode v = p.deepCopy().put("action", action);
                variants.add(v);
                if (v.path("pull_request").isObject()) {
                    ObjectNode pr = (ObjectNode) v.path("pull_request");
                    ObjectNode withLabels = v.deepCopy();
                    ((ObjectNode) withLabels.path("pull_request")).put("draft", true).putArray("labels")
                            .add(JSON.createObjectNode().put("name", "wip").put("color", "ededed")).add(JSON.createObjectNode().put("name", "skip-review"));
                    withLabels.putObject("label").put("name", "skip-review").put("id", 7);
                    variants.add(withLabels);
                    ObjectNode oddTypes = v.deepCopy();
                    ((ObjectNode) oddTypes.path("pull_request")).put("number", "2").putNull("head").put("labels", "none");
                    variants.add(oddTypes);
                    ObjectNode checkRun = v.deepCopy();
                    checkRun.putObject("check_run").put("name", "asyncguard").put("status", "completed")
                            .<ObjectNode>set("app", JSON.createObjectNode().put("id", APP_ID).put("slug", "asyncguard"))
                            .putArray("pull_requests").add(JSON.createObjectNode().put("number", pr.path("number").asInt()).put("url", "u"));
                    variants.add(checkRun);
                    ObjectNode otherApp = checkRun.deepCopy();
                    ((ObjectNode) otherApp.path("check_run").path("app")).put("id", 1);
                    variants.add(otherApp);
                }
                if (v.path("comment").isObject()) {
                    ObjectNode recheck = v.deepCopy();
                    ((ObjectNode) recheck.path("comment")).put("body", "/recheck\nplease");
                    variants.add(recheck);
                    ObjectNode fromBot = recheck.deepCopy();
                    ((ObjectNode) fromBot.path("comment").path("user")).put("type", "Bot");
                    variants.add(fromBot);
                }
            }
            ObjectNode noInstallation = p.deepCopy();
            noInstallation.remove("installation");
            variants.add(noInstallation);
        }
        WebhookEvents events = new WebhookEvents(APP_ID);
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        int reviewsOrRechecks = 0;
        for (ObjectNode v : variants) {
            byte[] body = JSON.writeValueAsBytes(v);
            JsonNode fields = WebhookFields.read(JSON, body);
            assertTrue(body.length > 4 * JSON.writeValueAsBytes(fields).length || body.length < 4096,
                    "most of a payload is not read: " + body.length + " -> " + JSON.writeValueAsBytes(fields).length);
            for (String event : List.of("pull_request", "issue_comment", "check_run", "push")) {
                WebhookDecision whole = events.decide(event, JSON.readTree(body), "d-1", now);
                WebhookDecision read = events.decide(event, fields, "d-1", now);
                assertEquals(whole, read, event + " " + v.path("action"));
                if (!(whole instanceof WebhookDecision.Ignore)) reviewsOrRechecks++;
            }
        }
        assertTrue(reviewsOrRechecks >= 10, "the variants reach reviews and rechecks: " + reviewsOrRechecks);
    }

    @Test
    void notJsonStillFailsAndOtherShapesStayWhatTheyAre() throws Exception {
        assertThrowsJackson("{\"action\": \"opened\", \"repository\": {\"name\": ");
        assertThrowsJackson("{\"action\": \"opened\", \"sender\": {\"login\": \"x\" ]}");
        assertFalse(WebhookFields.read(JSON, "[1, 2]".getBytes()).isObject());
        assertEquals(JSON.readTree("{\"action\":\"opened\"}"), WebhookFields.read(JSON, "{\"action\":\"opened\",\"sender\":{}}".getBytes()));
        assertEquals(JSON.readTree("{}"), WebhookFields.read(JSON, "{\"ref\":\"refs/heads/main\"}".getBytes()), "still an object");
        assertEquals(JSON.readTree("{\"repository\":{}}"), WebhookFields.read(JSON, "{\"repository\":{\"id\":1}}".getBytes()));
    }

    private static void assertThrowsJackson(String body) {
        org.junit.jupiter.api.Assertions.assertThrows(com.fasterxml.jackson.core.JacksonException.class,
                () -> WebhookFields.read(JSON, body.getBytes()));
    }
}
