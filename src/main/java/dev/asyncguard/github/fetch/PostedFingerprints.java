package dev.asyncguard.github.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.review.Fingerprints;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fingerprints hidden in review comments the bot already posted on a PR, so that a re-run
 * posts only what is new.
 */
public final class PostedFingerprints {
    private PostedFingerprints() {}

    /**
     * Only comments by our own App's bot user ({@code botLogin}, e.g. {@code asyncguard[bot]})
     * count: a person or another bot quoting our comment must not silence the finding.
     */
    public static Set<String> of(List<JsonNode> reviewComments, String botLogin) {
        Set<String> found = new HashSet<>();
        for (JsonNode c : reviewComments) {
            JsonNode user = c.path("user");
            if ("Bot".equals(user.path("type").asText()) && botLogin.equalsIgnoreCase(user.path("login").asText())) {
                found.addAll(Fingerprints.parse(c.path("body").asText("")));
            }
        }
        return found;
    }
}
