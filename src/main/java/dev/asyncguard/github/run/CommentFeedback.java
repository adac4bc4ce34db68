package dev.asyncguard.github.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.review.Fingerprints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 👍 / 👎 on the bot's earlier review comments, exported per rule as
 * {@code asyncguard_comment_feedback_total{rule,reaction}} ({@code reaction} is GitHub's name,
 * {@code +1} or {@code -1}), so operators see which rules their org finds noisy.
 *
 * <p>It reads what the review already lists: GitHub's "list review comments on a pull request"
 * carries a {@code reactions} rollup on each comment, so no request per comment is made. A comment
 * counts when a bot wrote it and it carries our fingerprint marker; its rule is the code its body
 * starts with ({@code **AG201 blocking-sleep**}).
 *
 * <p><b>No double counting across reviews.</b> The rollup is a running total that every later
 * review of the PR sees again, so the counter is advanced only by how far a comment's count rises
 * above the highest count already exported for that comment (its high-water mark). A reaction
 * seen by three reviews counts once; one taken back and given again counts once; one taken back is
 * not subtracted (a counter only rises). The marks live in this process, bounded to the
 * {@value #MAX_COMMENTS} comments seen most recently: after a restart, or on another replica,
 * a comment's reactions are counted again the next time its PR is reviewed.
 */
@Singleton
public final class CommentFeedback {
    static final int MAX_COMMENTS = 100_000;
    static final List<String> REACTIONS = List.of("+1", "-1");
    private static final Pattern RULE = Pattern.compile("^\\*\\*(AG\\d{3})\\b");

    private final MeterRegistry registry;
    /** Comment id → the highest count of each of {@link #REACTIONS} exported so far. */
    private final Map<Long, int[]> exported = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
            return size() > MAX_COMMENTS;
        }
    };

    public CommentFeedback(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Exports the reactions on the PR's review comments that no earlier call exported. Returns what
     * it added, by {@code rule reaction} ({@code "AG201 -1"}), for the log.
     */
    public Map<String, Integer> record(List<JsonNode> reviewComments) {
        Map<String, Integer> added = new TreeMap<>();
        for (JsonNode c : reviewComments) {
            String rule = ruleOf(c);
            JsonNode reactions = c.path("reactions");
            if (rule == null || !c.path("id").canConvertToLong() || !reactions.isObject()) continue;
            int[] counts = new int[REACTIONS.size()];
            for (int i = 0; i < counts.length; i++) counts[i] = Math.max(0, reactions.path(REACTIONS.get(i)).asInt(0));
            int[] rises;
            synchronized (exported) {
                int[] mark = exported.computeIfAbsent(c.path("id").asLong(), id -> new int[REACTIONS.size()]);
                rises = new int[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] > mark[i]) {
                        rises[i] = counts[i] - mark[i];
                        mark[i] = counts[i];
                    }
                }
            }
            for (int i = 0; i < rises.length; i++) {
                if (rises[i] == 0) continue;
                Counter.builder("asyncguard.comment.feedback").tag("rule", rule).tag("reaction", REACTIONS.get(i))
                        .description("👍/👎 reactions on the bot's review comments, each counted once")
                        .register(registry).increment(rises[i]);
                added.merge(rule + " " + REACTIONS.get(i), rises[i], Integer::sum);
            }
        }
        return added;
    }

    /** The rule of one of our comments, or null when the comment is not the bot's finding. */
    static String ruleOf(JsonNode comment) {
        if (!"Bot".equals(comment.path("user").path("type").asText())) return null;
        String body = comment.path("body").asText("");
        if (Fingerprints.parse(body).isEmpty()) return null;
        Matcher m = RULE.matcher(body);
        return m.find() ? m.group(1) : null;
    }
}
