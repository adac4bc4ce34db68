package dev.asyncguard.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's GraphQL endpoint ({@code POST /graphql}) for the blob queries the service sends, answered
 * from the blobs the fake knows, as GitHub answers: {@code data.repository.<alias>} is the
 * {@code Blob} ({@code byteSize}, {@code isBinary}, {@code isTruncated}, {@code text} cut at 512,000
 * bytes, null for binary content, invalid UTF-8 replaced), null for an object it does not have;
 * an unknown repository is {@code null} with a {@code NOT_FOUND} error beside it;
 * {@code data.rateLimit} says a query cost 1 point, and the headers name the {@code graphql}
 * resource. Each alias must be one of {@code object(oid: $v)} / {@code object(expression: $v)}.
 */
final class GraphQlFake implements ResponseDefinitionTransformerV2 {
    static final String NAME = "graphql-fake";
    /** GitHub's cut of {@code Blob.text}. */
    static final int TEXT_LIMIT = 512_000;
    private static final Pattern ALIAS = Pattern.compile("(\\w+): object\\((oid|expression): \\$(\\w+)\\)");

    /** Blob contents by SHA, and by {@code rev:path} expression. */
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    /**
     * Objects GitHub fails to resolve: answered null with an {@code INTERNAL} error naming the
     * alias, beside the data of the others (GitHub's partial answer).
     */
    final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Repositories the fake has ({@code owner/name}). */
    final Map<String, Boolean> repositories = new ConcurrentHashMap<>();
    private final AtomicInteger remaining = new AtomicInteger(5000);

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    void blob(String sha, byte[] content) {
        objects.put(sha, content);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        try {
            JsonNode request = GitHubFake.JSON.readTree(event.getRequest().getBodyAsString());
            String query = request.path("query").asText();
            JsonNode variables = request.path("variables");
            ObjectNode answer = GitHubFake.JSON.createObjectNode();
            ObjectNode data = answer.putObject("data");
            int left = remaining.decrementAndGet();
            data.putObject("rateLimit").put("cost", 1).put("remaining", left)
                    .put("resetAt", Instant.now().plusSeconds(3600).toString().replaceAll("\\.\\d+Z$", "Z"));
            String repo = variables.path("owner").asText() + "/" + variables.path("name").asText();
            if (!repositories.containsKey(repo)) {
                data.putNull("repository");
                ObjectNode error = answer.putArray("errors").addObject().put("type", "NOT_FOUND")
                        .put("message", "Could not resolve to a Repository with the name '" + repo + "'.");
                error.putArray("path").add("repository");
                return respond(answer, left);
            }
            ObjectNode repository = data.putObject("repository");
            Matcher m = ALIAS.matcher(query);
            while (m.find()) {
                String object = variables.path(m.group(3)).asText();
                byte[] content = objects.get(object);
                if (failing.contains(object)) {
                    repository.putNull(m.group(1));
                    ObjectNode error = (answer.has("errors") ? (com.fasterxml.jackson.databind.node.ArrayNode) answer.get("errors")
                            : answer.putArray("errors")).addObject().put("type", "INTERNAL")
                            .put("message", "Something went wrong while executing your query. Please include "
                                    + "`0400:1E2F:3A4B5C:6D7E8F:61E4695A` when reporting this issue.");
                    error.putArray("path").add("repository").add(m.group(1));
                } else if (content == null) {
                    repository.putNull(m.group(1));
                } else {
                    repository.set(m.group(1), blob(content));
                }
            }
            return respond(answer, left);
        } catch (java.io.IOException e) {
            return GitHubFake.json(400, GitHubFake.JSON.createObjectNode().put("message", "Problems parsing JSON")).build();
        }
    }

    static ObjectNode blob(byte[] content) {
        boolean binary = false;
        for (int i = 0; i < Math.min(content.length, 8000) && !binary; i++) binary = content[i] == 0;
        ObjectNode b = GitHubFake.JSON.createObjectNode().put("byteSize", content.length).put("isBinary", binary)
                .put("isTruncated", !binary && content.length > TEXT_LIMIT);
        if (binary) {
            b.putNull("text");
        } else {
            byte[] shown = content.length > TEXT_LIMIT ? java.util.Arrays.copyOf(content, TEXT_LIMIT) : content;
            b.put("text", utf8(shown));
        }
        return b;
    }

    /** Decoded as GitHub shows text: invalid sequences become U+FFFD. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(e);
        }
    }

    /** GraphQL's answer carries GraphQL's own rate-limit figures. */
    static ResponseDefinition respond(ObjectNode answer, int left) {
        return new ResponseDefinitionBuilder().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", Integer.toString(left))
                .withHeader("X-RateLimit-Used", Integer.toString(5000 - left))
                .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()))
                .withHeader("X-RateLimit-Resource", "graphql")
                .withBody(answer.toString()).build();
    }
}
