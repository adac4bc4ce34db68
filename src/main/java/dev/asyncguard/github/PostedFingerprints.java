package dev.asyncguard.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fingerprints hidden in review comments the bot already posted on a PR
 * ({@code <!-- asyncguard:FINGERPRINT -->}), so that a re-run posts only what is new.
 */
final class PostedFingerprints {
    private static final Pattern MARKER = Pattern.compile("<!--\\s*asyncguard:([^\\s>]+)\\s*-->");

    private PostedFingerprints() {}

    /** Only comments by a bot count: a person quoting our comment must not silence the finding. */
    static Set<String> of(List<JsonNode> reviewComments) {
        Set<String> found = new HashSet<>();
        for (JsonNode c : reviewComments) {
            if (!"Bot".equals(c.path("user").path("type").asText())) continue;
            Matcher m = MARKER.matcher(c.path("body").asText(""));
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }
}
