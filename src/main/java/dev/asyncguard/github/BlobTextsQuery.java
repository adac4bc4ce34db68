package dev.asyncguard.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GraphQL query for many blobs of one repository, and what of GitHub's answer is taken. Each
 * object, a blob SHA or a {@code rev:path} expression, becomes an aliased {@code object(oid:)} /
 * {@code object(expression:)} with {@code ... on Blob { byteSize isBinary isTruncated text }}, the
 * values passed as variables, never spliced into the query. A query of objects (no connections)
 * costs GitHub's minimum, 1 point, however many blobs it names. GitHub cuts {@code text} at 512,000
 * bytes ({@code isTruncated}), gives none for binary blobs, and answers what it can with an
 * {@code errors} array beside partial {@code data}: only a blob whose text is complete and whose
 * UTF-8 encoding is exactly {@code byteSize} bytes (so the bytes are the blob's own) is taken.
 */
final class BlobTextsQuery {
    private static final Logger LOG = LoggerFactory.getLogger(BlobTextsQuery.class);
    /** A git object id (SHA-1, or SHA-256 on repositories that use it): asked as {@code object(oid:)}. */
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private BlobTextsQuery() {}

    /** The request body: {@code query} and {@code variables}. */
    static ObjectNode body(ObjectMapper json, RepoRef repo, List<String> objects) {
        ObjectNode variables = json.createObjectNode().put("owner", repo.owner()).put("name", repo.name());
        StringBuilder declared = new StringBuilder("$owner: String!, $name: String!");
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < objects.size(); i++) {
            boolean oid = OBJECT_ID.matcher(objects.get(i)).matches();
            declared.append(", $o").append(i).append(oid ? ": GitObjectID!" : ": String!");
            fields.append(" f").append(i).append(": object(").append(oid ? "oid" : "expression").append(": $o").append(i)
                    .append(") { ... on Blob { byteSize isBinary isTruncated text } }");
            variables.put("o" + i, objects.get(i));
        }
        ObjectNode body = json.createObjectNode().put("query", "query(" + declared + ") { rateLimit { cost remaining resetAt }"
                + " repository(owner: $owner, name: $name) {" + fields + " } }");
        body.set("variables", variables);
        return body;
    }

    /**
     * The complete blobs of GitHub's answer ({@code call} names it in messages; {@code reset}: its
     * {@code x-ratelimit-reset}, as seconds since the epoch).
     *
     * @throws GitHubRateLimited for a {@code RATE_LIMITED} error (GitHub answers 200 when the points are spent)
     * @throws GitHubException   (400) for errors and no data: a query this server does not answer
     */
    static BlobTexts read(String call, JsonNode answer, Optional<Duration> reset, List<String> objects, long maxBytes,
                          ServiceMetrics metrics) {
        JsonNode data = answer.path("data");
        JsonNode errors = answer.path("errors");
        for (JsonNode error : errors) {
            String type = error.path("type").asText("");
            if (type.startsWith("RATE_LIMIT") || "graphql_rate_limit".equals(error.path("code").asText())) {
                long until = reset.map(Duration::toSeconds).orElse(Instant.now().getEpochSecond() + 60);
                throw new GitHubRateLimited(call + ": GitHub's GraphQL rate limit (" + error.path("message").asText(type) + ")",
                        200, Duration.ofSeconds(Math.max(60, until - Instant.now().getEpochSecond())));
            }
        }
        if (!errors.isEmpty()) {
            JsonNode first = errors.get(0);
            String what = first.path("type").asText(first.path("extensions").path("code").asText("?")) + ": "
                    + first.path("message").asText("");
            if (!data.path("repository").isObject()) {
                // No data at all: a query this server does not accept (an older GitHub Enterprise Server
                // without one of the fields), or a repository GraphQL does not show. Asking again would fail alike.
                throw new GitHubException(call + ": GitHub answered the query with errors and no data (" + what + ")", 400);
            }
            // Partial data: what did come back is used, the rest is read over REST.
            LOG.info("{}: GitHub answered {} error(s) beside its data, e.g. {}", call, errors.size(), what);
        }
        JsonNode points = data.path("rateLimit");
        if (points.has("remaining")) metrics.graphQlPointsRemaining(points.path("remaining").asLong());
        int cost = points.path("cost").asInt(1);
        metrics.graphQlPoints(cost);
        JsonNode found = data.path("repository");
        Map<String, byte[]> complete = new LinkedHashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            JsonNode blob = found.path("f" + i);
            if (!blob.path("text").isTextual() || blob.path("isTruncated").asBoolean(true) || blob.path("isBinary").asBoolean(false)) {
                continue;
            }
            byte[] bytes = blob.path("text").asText().getBytes(StandardCharsets.UTF_8);
            // Text that is not valid UTF-8 comes back with replacement characters: its length gives it away.
            if (bytes.length != blob.path("byteSize").asLong(-1) || bytes.length > maxBytes) continue;
            complete.put(objects.get(i), bytes);
        }
        return new BlobTexts(complete, cost);
    }
}
