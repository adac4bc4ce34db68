package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GitHubClient} against WireMock answering as GitHub does: a 5xx's {@code Retry-After} is waited
 * (as seconds or as an HTTP date, up to {@code max-retry-after}), and the pages of a listing that GitHub's
 * Link header names by repository id ({@code /repositories/{id}/...}) go with the repository's own token.
 */
class RetryAfterAndNarrowTokensTest {
    static final long INSTALLATION = 7;
    static final RepoRef REPO = new RepoRef("Codertocat", "Hello-World");
    static final String FILES = "/repos/Codertocat/Hello-World/pulls/2/files?per_page=100";
    static final String NARROW = "ghs_narrowToHelloWorld0000000000000000000";

    GitHubFake github;
    GitHubClient client;

    @BeforeEach
    void start() throws Exception {
        github = new GitHubFake();
        github.installation(INSTALLATION);
        // A token asked for one repository is another than the installation-wide one (GitHub mints each anew).
        github.stub(post(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.repositories[0]", equalTo("Hello-World")))
                .willReturn(GitHubFake.json(201, GitHubFake.JSON.createObjectNode().put("token", NARROW)
                        .put("expires_at", Instant.now().plus(Duration.ofHours(1)).toString().replaceAll("\\.\\d+Z$", "Z"))
                        .put("repository_selection", "selected"))));
        AppCredentials credentials = new AppCredentials(URI.create(github.url()), ServiceHarness.APP_ID,
                PemPrivateKeys.parse(TestKeys.pkcs1Pem()), "s".getBytes(StandardCharsets.UTF_8));
        // Our own backoff is 5-20 ms here: any wait of a second is the answer's Retry-After.
        RetrySettings retry = new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
        client = new GitHubClient(credentials, retry, new ObjectMapper(), new ServiceMetrics(new SimpleMeterRegistry()));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private static ArrayNode files(String... paths) {
        ArrayNode a = GitHubFake.JSON.createArrayNode();
        for (String p : paths) {
            a.addObject().put("sha", "bbcd538c8e72b8c175046e27cc8f907076331401").put("filename", p).put("status", "added")
                    .put("additions", 1).put("deletions", 0).put("changes", 1).put("patch", "@@ -0,0 +1 @@\n+x = 1");
        }
        return a;
    }

    @Test
    void nextPagesNamedByRepositoryIdGoWithTheRepositorysToken() {
        String byId = github.url() + "/repositories/1296269/pulls/2/files?per_page=100&page=";
        github.stub(get(urlEqualTo(FILES)).willReturn(GitHubFake.json(200, files("a.py"))
                .withHeader("Link", "<" + byId + "2>; rel=\"next\", <" + byId + "3>; rel=\"last\"")));
        github.stub(get(urlEqualTo("/repositories/1296269/pulls/2/files?per_page=100&page=2")).willReturn(GitHubFake.json(200, files("b.py"))
                .withHeader("Link", "<" + byId + "1>; rel=\"prev\", <" + byId + "3>; rel=\"next\", <" + byId + "3>; rel=\"last\", <" + byId + "1>; rel=\"first\"")));
        github.stub(get(urlEqualTo("/repositories/1296269/pulls/2/files?per_page=100&page=3")).willReturn(GitHubFake.json(200, files("c.py"))
                .withHeader("Link", "<" + byId + "2>; rel=\"prev\", <" + byId + "1>; rel=\"first\"")));

        List<JsonNode> listed = client.pullRequestFiles(INSTALLATION, REPO, 2);

        assertEquals(List.of("a.py", "b.py", "c.py"), listed.stream().map(f -> f.path("filename").asText()).toList());
        List<LoggedRequest> pages = github.requests(getRequestedFor(urlPathMatching("/(repos/Codertocat/Hello-World|repositories/1296269)/pulls/2/files")));
        assertEquals(3, pages.size());
        for (LoggedRequest page : pages) {
            assertEquals("Bearer " + NARROW, page.getHeader("Authorization"), page.getUrl());
        }
        for (JsonNode asked : github.bodies(postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")))) {
            assertEquals("Hello-World", asked.path("repositories").path(0).asText(), "no installation-wide token: " + asked);
        }
    }

    private void unavailableOnceThenFiles(int status, String retryAfter) {
        github.stub(get(urlEqualTo(FILES)).inScenario("down").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(GitHubFake.json(status, GitHubFake.JSON.createObjectNode().put("message", "Service Unavailable"))
                        .withHeader("Retry-After", retryAfter)));
        github.stub(get(urlEqualTo(FILES)).inScenario("down").whenScenarioStateIs("up")
                .willReturn(GitHubFake.json(200, files("a.py"))));
    }

    /** How long the client waited between its first and second call (WireMock's clock, which has ms). */
    private Duration betweenTheTwoCalls() {
        List<LoggedRequest> calls = github.requests(getRequestedFor(urlEqualTo(FILES)));
        assertEquals(2, calls.size(), "one retry");
        return Duration.between(calls.get(0).getLoggedDate().toInstant(), calls.get(1).getLoggedDate().toInstant());
    }

    @Test
    void aServiceUnavailableWithRetryAfterSecondsIsWaitedThatLong() {
        unavailableOnceThenFiles(503, "2");
        assertEquals(1, client.pullRequestFiles(INSTALLATION, REPO, 2).size());
        Duration waited = betweenTheTwoCalls();
        assertTrue(waited.compareTo(Duration.ofMillis(1900)) >= 0, "waited only " + waited.toMillis() + " ms of Retry-After: 2");
    }

    @Test
    void aBadGatewayWithRetryAfterAsAnHttpDateIsWaitedUntilThen() {
        // The token first, so that the 502 comes at once and its date is still ahead.
        github.stub(get(urlEqualTo("/repos/Codertocat/Hello-World/pulls/1/files?per_page=100")).willReturn(GitHubFake.json(200, files("z.py"))));
        client.pullRequestFiles(INSTALLATION, REPO, 1);
        Instant at = Instant.now().plusSeconds(4).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        unavailableOnceThenFiles(502, DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC)));
        assertEquals(1, client.pullRequestFiles(INSTALLATION, REPO, 2).size());
        List<LoggedRequest> calls = github.requests(getRequestedFor(urlEqualTo(FILES)));
        assertEquals(2, calls.size(), "one retry");
        Assumptions.assumeTrue(calls.get(0).getLoggedDate().toInstant().isBefore(at.minusSeconds(1)), "the machine took seconds to send one call");
        Instant retried = calls.get(1).getLoggedDate().toInstant();
        assertTrue(!retried.isBefore(at.minusMillis(50)), "retried at " + retried + ", before " + at);
    }

    @Test
    void aRetryAfterBeyondTheLongestWaitIsNotWaitedAndTheAnswerStands() {
        unavailableOnceThenFiles(503, "3600");
        GitHubException e = assertThrows(GitHubException.class, () -> client.pullRequestFiles(INSTALLATION, REPO, 2));
        assertEquals(503, e.status());
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo(FILES))).size(), "not retried within the hour it asked for");
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertEquals(Duration.ofSeconds(7), GitHubRetries.retryAfter(" 7 ").orElseThrow());
        assertTrue(GitHubRetries.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT").orElseThrow().isZero(), "a date past is no wait");
        assertTrue(GitHubRetries.retryAfter("soon").isEmpty());
        assertTrue(GitHubRetries.retryAfter("-5").isEmpty());
    }
}
