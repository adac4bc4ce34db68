package dev.asyncguard.github;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.Optional;

/**
 * A file's bytes from GitHub's contents or blobs API. Asked for with the raw media type, GitHub sends the
 * bytes themselves; a server that ignores the {@code Accept} header (a GitHub Enterprise proxy, a stand-in)
 * sends the JSON object instead, its {@code content} in base64: analyzing that JSON as Python would
 * lose the file's findings, so its content is decoded.
 */
final class RawContent {
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private RawContent() {}

    static GitHubClient.FileBytes of(Optional<String> contentType, byte[] body, boolean truncated) {
        if (truncated || !objectAnswer(contentType, body)) return new GitHubClient.FileBytes(body, truncated);
        try {
            JsonNode object = JSON.readTree(body);
            JsonNode content = object.path("content");
            if (object.isObject() && "base64".equals(object.path("encoding").asText()) && content.isTextual()) {
                return new GitHubClient.FileBytes(Base64.getMimeDecoder().decode(content.asText()), false);
            }
        } catch (java.io.IOException | IllegalArgumentException notThatObject) {
            // not GitHub's object after all: the bytes are the file
        }
        return new GitHubClient.FileBytes(body, false);
    }

    /** A JSON answer (not the raw media type) whose body is an object. */
    private static boolean objectAnswer(Optional<String> contentType, byte[] body) {
        String type = contentType.orElse("").toLowerCase(java.util.Locale.ROOT);
        if (!type.contains("json") || type.contains("raw")) return false;
        for (byte b : body) {
            if (b == '{') return true;
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        }
        return false;
    }
}
