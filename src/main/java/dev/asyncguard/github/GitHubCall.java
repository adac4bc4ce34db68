package dev.asyncguard.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One logical call to GitHub ({@link GitHubClient} sends it): method, API path, and what to send and accept.
 *
 * @param landed for a call that must not happen twice (creating a review): asked before a
 *               retry after an ambiguous failure (timeout, reset, 5xx), it looks for the
 *               call's effect and returns the created object if the first attempt did land
 */
record GitHubCall(String route, String method, String path, String accept, byte[] body, long limit,
        String authorization, List<String> extraHeaders, Supplier<Optional<JsonNode>> landed) {
    /** The method and path only: a call's text may reach a log or an exception, its authorization never. */
    @Override
    public String toString() {
        return method + " " + path;
    }

    /** "GET /repos/o/r/pulls/2" without the query string, which may carry a ref but never a token. */
    String describe() {
        int q = path.indexOf('?');
        return method + " " + (q < 0 ? path : path.substring(0, q));
    }

    static GitHubCall get(String route, String path) {
        return new GitHubCall(route, "GET", path, GitHubClient.JSON, null, GitHubClient.JSON_BODY_LIMIT, null, List.of(), null);
    }

    static GitHubCall post(String route, String path, JsonNode body) {
        return new GitHubCall(route, "POST", path, GitHubClient.JSON, bytes(body), GitHubClient.JSON_BODY_LIMIT, null, List.of(), null);
    }

    static GitHubCall patch(String route, String path, JsonNode body) {
        return new GitHubCall(route, "PATCH", path, GitHubClient.JSON, bytes(body), GitHubClient.JSON_BODY_LIMIT, null, List.of(), null);
    }

    GitHubCall accept(String mediaType) {
        return new GitHubCall(route, method, path, mediaType, body, limit, authorization, extraHeaders, landed);
    }

    GitHubCall limit(long bytes) {
        return new GitHubCall(route, method, path, accept, body, bytes, authorization, extraHeaders, landed);
    }

    GitHubCall bearer(String credential) {
        return new GitHubCall(route, method, path, accept, body, limit, "Bearer " + credential, extraHeaders, landed);
    }

    GitHubCall header(String name, String value) {
        List<String> h = new ArrayList<>(extraHeaders);
        h.add(name);
        h.add(value);
        return new GitHubCall(route, method, path, accept, body, limit, authorization, List.copyOf(h), landed);
    }

    GitHubCall landed(Supplier<Optional<JsonNode>> probe) {
        return new GitHubCall(route, method, path, accept, body, limit, authorization, extraHeaders, probe);
    }

    /** The node as compact JSON in UTF-8, written once (not as a String first and then encoded). */
    static byte[] bytes(JsonNode node) {
        try {
            return WRITER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Writes trees as {@link JsonNode#toString()} does (a default mapper), straight to bytes. */
    private static final com.fasterxml.jackson.databind.ObjectWriter WRITER = new com.fasterxml.jackson.databind.ObjectMapper().writer();
}
