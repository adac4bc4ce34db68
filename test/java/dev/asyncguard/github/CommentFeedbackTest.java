package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncguard.github.run.CommentFeedback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 👍/👎 rollups of "list review comments" become per-rule counts, each reaction counted once. */
class CommentFeedbackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommentFeedback feedback = new CommentFeedback(registry);

    /** A review comment as GitHub lists it (fields trimmed to what matters, reactions rollup whole). */
    static ObjectNode comment(long id, String userType, String body, int up, int down) {
        ObjectNode c = JSON.createObjectNode().put("id", id).put("path", "app/worker.py").put("line", 6)
                .put("side", "RIGHT").put("body", body);
        c.putObject("user").put("login", userType.equals("Bot") ? "asyncguard[bot]" : "octocat").put("type", userType);
        ObjectNode r = c.putObject("reactions");
        r.put("url", "https://api.github.com/repos/acme/shop/pulls/comments/" + id + "/reactions")
                .put("total_count", up + down + 1).put("+1", up).put("-1", down).put("laugh", 0).put("hooray", 0)
                .put("confused", 1).put("heart", 0).put("rocket", 0).put("eyes", 0);
        return c;
    }

    static String ours(String code) {
        return "**" + code + " blocking-sleep** · warning\n\ntime.sleep() blocks the event loop\n\n"
                + "[" + code + " documentation](https://example.com)\n\n<!-- asyncguard:fp=0123456789abcdef -->";
    }

    private double count(String rule, String reaction) {
        Counter c = registry.find("asyncguard.comment.feedback").tag("rule", rule).tag("reaction", reaction).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void countsEachReactionOnceAcrossReviews() {
        List<JsonNode> first = List.of(comment(1, "Bot", ours("AG201"), 2, 1), comment(2, "Bot", ours("AG503"), 0, 3));
        assertEquals(Map.of("AG201 +1", 2, "AG201 -1", 1, "AG503 -1", 3), feedback.record(first));
        // The next review lists the same totals: nothing new.
        assertEquals(Map.of(), feedback.record(first));
        assertEquals(2, count("AG201", "+1"));
        assertEquals(3, count("AG503", "-1"));

        // One more 👍 on the first comment; one 👎 taken back on the second, then given again.
        feedback.record(List.of(comment(1, "Bot", ours("AG201"), 3, 1), comment(2, "Bot", ours("AG503"), 0, 2)));
        assertEquals(Map.of(), feedback.record(List.of(comment(2, "Bot", ours("AG503"), 0, 3))));
        assertEquals(3, count("AG201", "+1"));
        assertEquals(1, count("AG201", "-1"));
        assertEquals(3, count("AG503", "-1"), "taken back and given again: still one reaction");
    }

    @Test
    void onlyTheBotsFindingCommentsCount() {
        List<JsonNode> comments = List.of(
                comment(3, "User", ours("AG201"), 5, 5),                       // a person quoting our comment
                comment(4, "Bot", "**AG201** but no fingerprint", 5, 5),        // another bot's comment
                comment(5, "Bot", "Thanks!\n\n<!-- asyncguard:fp=0123456789abcdef -->", 5, 5));
        assertEquals(Map.of(), feedback.record(comments));
        ObjectNode noRollup = comment(6, "Bot", ours("AG201"), 0, 0);
        noRollup.remove("reactions");
        assertEquals(Map.of(), feedback.record(List.of(noRollup)), "an older API answer without the rollup is skipped");
    }
}
