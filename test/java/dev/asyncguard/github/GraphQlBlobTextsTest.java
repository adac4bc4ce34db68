package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GitHubClient#blobTexts}: many blobs in one GraphQL query, against GitHub's GraphQL answers
 * as WireMock serves them ({@link GraphQlFake}, or stubs shaped like GitHub's own error answers).
 * Only complete text is taken: truncated, binary, missing, non-blob and not-UTF-8 blobs are left
 * for REST; rate limits, 502s and a missing endpoint are failures the caller falls back from.
 */
class GraphQlBlobTextsTest {
    static final RepoRef REPO = new RepoRef("o", "r");
    static final String A = "print('a')\n";
    static final String B = "import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n";
    GitHubFake github;
    GitHubClient client;
    SimpleMeterRegistry meters;

    @BeforeEach
    void start() throws Exception {
        github = new GitHubFake();
        github.installation(7);
        github.graphQl.repositories.put("o/r", true);
        meters = new SimpleMeterRegistry();
        client = client(github.url());
    }

    static AppCredentials credentials(String apiUrl) throws Exception {
        return new AppCredentials(URI.create(apiUrl), ServiceHarness.APP_ID,
                PemPrivateKeys.parse(TestKeys.pkcs1Pem()), "s".getBytes(StandardCharsets.UTF_8));
    }

    GitHubClient client(String apiUrl) throws Exception {
        AppCredentials credentials = credentials(apiUrl);
        RetrySettings retry = new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        return new GitHubClient(credentials, retry, new ObjectMapper(), new ServiceMetrics(meters));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    static String sha(String content) {
        return new GitHubFake.PrFile("", "", content, null).blobSha();
    }

    List<LoggedRequest> queries() {
        return github.requests(postRequestedFor(urlEqualTo("/graphql")));
    }

    @Test
    void blobsByIdAndByPathComeBackInOneQueryWithTheRunsNarrowToken() throws Exception {
        github.blob(A);
        github.graphQl.blob("c0ffee:app/b.py", B.getBytes(StandardCharsets.UTF_8));
        BlobTexts got = client.blobTexts(7, REPO, List.of(sha(A), "c0ffee:app/b.py"), 1 << 20);
        assertEquals(A, new String(got.complete().get(sha(A)), StandardCharsets.UTF_8));
        assertEquals(B, new String(got.complete().get("c0ffee:app/b.py"), StandardCharsets.UTF_8));
        assertEquals(1, got.cost());
        assertEquals(1, queries().size());
        JsonNode sent = GitHubFake.JSON.readTree(queries().get(0).getBodyAsString());
        // The values travel as variables, never spliced into the query text.
        assertEquals(sha(A), sent.path("variables").path("o0").asText());
        assertEquals("c0ffee:app/b.py", sent.path("variables").path("o1").asText());
        assertTrue(sent.path("query").asText().contains("f0: object(oid: $o0)"), sent.toString());
        assertTrue(sent.path("query").asText().contains("f1: object(expression: $o1)"), sent.toString());
        assertFalse(sent.path("query").asText().contains(sha(A)));
        assertEquals("Bearer " + GitHubFake.TOKEN, queries().get(0).getHeader("Authorization"));
        // The token was asked for this repository alone, as for the run's REST calls.
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo("/app/installations/7/access_tokens"))
                .withRequestBody(matchingJsonPath("$.repositories[0]", equalTo("r")))).size());
        assertEquals(1.0, meters.get("asyncguard.github.graphql.points").counter().count());
        assertEquals(4999.0, meters.get("asyncguard.github.graphql.points.remaining").gauge().value(), 1.0);
        assertEquals(4987.0, meters.get("asyncguard.github.ratelimit.remaining").gauge().value(),
                "the REST gauge keeps REST's figure (the token calls'): GraphQL's points are another limit");
    }

    @Test
    void onlyCompleteTextIsTakenTheRestIsLeftForRest() {
        String big = "x = 1\n".repeat(100_000);                       // 600,000 bytes: GitHub cuts the text at 512,000
        byte[] binary = {'G', 'I', 'F', '8', '9', 'a', 0, 1, 2};
        byte[] latin1 = "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);   // not UTF-8: GitHub shows U+FFFD
        github.blob(A);
        github.blob(big);
        github.graphQl.blob("b1", binary);
        github.graphQl.blob("l1", latin1);
        Map<String, byte[]> got = client.blobTexts(7, REPO, List.of(sha(A), sha(big), "b1", "l1", sha("missing")), 1 << 20)
                .complete();
        assertEquals(Map.of(sha(A), A), Map.of(sha(A), new String(got.get(sha(A)), StandardCharsets.UTF_8)));
        assertEquals(1, got.size(), "truncated, binary, not UTF-8 and missing blobs go to REST: " + got.keySet());

        assertTrue(client.blobTexts(7, REPO, List.of(sha(A), sha(B)), 5).complete().isEmpty(),
                "a blob larger than asked is left to REST, which says how large it is");
    }

    @Test
    void partialDataBesideAnErrorIsUsed() {
        ObjectNode answer = GitHubFake.JSON.createObjectNode();
        ObjectNode data = answer.putObject("data");
        data.putObject("rateLimit").put("cost", 1).put("remaining", 4990).put("resetAt", Instant.now().plusSeconds(600).toString());
        ObjectNode repository = data.putObject("repository");
        repository.set("f0", GraphQlFake.blob(A.getBytes(StandardCharsets.UTF_8)));
        repository.putNull("f1");
        repository.putObject("f2");                                  // a tree: not a Blob, no fields
        ObjectNode error = answer.putArray("errors").addObject().put("type", "INTERNAL")
                .put("message", "Something went wrong while executing your query. Please include `0400:1E2F:3A4B5C:6D7E8F:61E4695A` when reporting this issue.");
        error.putArray("path").add("repository").add("f1");
        github.stub(post(urlEqualTo("/graphql")).atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.like(GraphQlFake.respond(answer, 4990))));
        Map<String, byte[]> got = client.blobTexts(7, REPO, List.of(sha(A), sha(B), "5f2a0c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49"), 1 << 20)
                .complete();
        assertEquals(List.of(sha(A)), List.copyOf(got.keySet()));
        assertArrayEquals(A.getBytes(StandardCharsets.UTF_8), got.get(sha(A)));
    }

    @Test
    void errorsWithoutDataAreAFailure() {
        // What a server answers that lacks a field of the query (e.g. an older GitHub Enterprise Server).
        github.stub(post(urlEqualTo("/graphql")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"errors\":[{\"path\":[\"query\",\"repository\",\"f0\",\"... on Blob\",\"isBinary\"],"
                        + "\"extensions\":{\"code\":\"undefinedField\",\"typeName\":\"Blob\",\"fieldName\":\"isBinary\"},"
                        + "\"locations\":[{\"line\":1,\"column\":160}],\"message\":\"Field 'isBinary' doesn't exist on type 'Blob'\"}]}")));
        GitHubException e = assertThrows(GitHubException.class, () -> client.blobTexts(7, REPO, List.of(sha(A), sha(B)), 1 << 20));
        assertTrue(e.getMessage().contains("undefinedField: Field 'isBinary' doesn't exist"), e.getMessage());
        assertEquals(400, e.status());
    }

    @Test
    void graphQlsOwnRateLimitAnswered200IsARateLimit() {
        long reset = Instant.now().plusSeconds(1800).getEpochSecond();
        // GitHub's answer when an installation's GraphQL points are spent: 200, an error, remaining 0.
        github.stub(post(urlEqualTo("/graphql")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Used", "5000").withHeader("X-RateLimit-Reset", Long.toString(reset))
                .withHeader("X-RateLimit-Resource", "graphql")
                .withBody("{\"errors\":[{\"type\":\"RATE_LIMITED\",\"code\":\"graphql_rate_limit\","
                        + "\"message\":\"API rate limit exceeded for installation ID 7.\"}]}")));
        GitHubRateLimited e = assertThrows(GitHubRateLimited.class, () -> client.blobTexts(7, REPO, List.of(sha(A), sha(B)), 1 << 20));
        assertTrue(e.waitFor().toSeconds() > 1700, "until the limit resets: " + e.waitFor());
        assertEquals(1, queries().size(), "not retried");
    }

    @Test
    void aSecondaryLimitA502AndAMissingEndpointAreFailuresTriedOnce() {
        github.stub(post(urlEqualTo("/graphql")).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json; charset=utf-8").withHeader("Retry-After", "60")
                .withBody("{\"documentation_url\":\"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\","
                        + "\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}")));
        assertEquals(Duration.ofSeconds(60), assertThrows(GitHubRateLimited.class,
                () -> client.blobTexts(7, REPO, List.of(sha(A), sha(B)), 1 << 20)).waitFor());

        github.stub(post(urlEqualTo("/graphql")).atPriority(1).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":null,\"errors\":[{\"message\":\"Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please try again later.\"}]}")));
        assertEquals(502, assertThrows(GitHubException.class, () -> client.blobTexts(7, REPO, List.of(sha(A), sha(B)), 1 << 20)).status());

        github.stub(post(urlEqualTo("/graphql")).atPriority(1).willReturn(GitHubFake.notFound()));
        assertEquals(404, assertThrows(GitHubException.class, () -> client.blobTexts(7, REPO, List.of(sha(A), sha(B)), 1 << 20)).status());
        assertEquals(3, queries().size(), "each failure tried once: REST serves the blobs at once");
    }

    @Test
    void theEndpointSitsBesideTheRestApi() throws Exception {
        assertEquals("https://api.github.com/graphql", credentials("https://api.github.com").graphQlUrl());
        assertEquals("https://ghe.example.com/api/graphql", credentials("https://ghe.example.com/api/v3").graphQlUrl(),
                "GitHub Enterprise Server: REST under /api/v3, GraphQL at /api/graphql");
    }
}
