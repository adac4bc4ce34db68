package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GitHub calls {@link GitHubClient} saves: answers kept with their ETags and asked for again
 * conditionally (GitHub's 304 costs no rate limit), and repositories GitHub refused a token for
 * not asked for again at once.
 */
class ConditionalReadsTest {
    static final RepoRef REPO = new RepoRef("o", "r");
    GitHubFake github;
    GitHubClient client;

    @BeforeEach
    void start() throws Exception {
        github = new GitHubFake();
        github.installation(7);
        AppCredentials credentials = new AppCredentials(URI.create(github.url()), ServiceHarness.APP_ID,
                PemPrivateKeys.parse(TestKeys.pkcs1Pem()), "s".getBytes(StandardCharsets.UTF_8));
        RetrySettings retry = new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        client = new GitHubClient(credentials, retry, new ObjectMapper(), new ServiceMetrics(new SimpleMeterRegistry()));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void aPolicyReadAnswered304IsServedFromTheEarlierAnswer() {
        String path = "/repos/o/r/contents/.github/asyncguard.yml?ref=abc";
        github.stub(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"p1\"")
                .withHeader("Content-Type", "application/vnd.github.raw+json").withBody("review:\n  filter: added\n")));
        github.stub(get(urlEqualTo(path)).withHeader("If-None-Match", equalTo("\"p1\"")).atPriority(1)
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"p1\"")));
        String raw = "application/vnd.github.raw+json";
        assertEquals("review:\n  filter: added\n", text(client.getConditional(7, "contents.policy", path, raw).orElseThrow()));
        assertEquals("review:\n  filter: added\n", text(client.getConditional(7, "contents.policy", path, raw).orElseThrow()),
                "the 304 is answered with the body GitHub sent before");
        var events = github.wm.getAllServeEvents().stream()   // newest first
                .filter(e -> e.getRequest().getUrl().equals(path)).toList();
        assertEquals(2, events.size());
        assertEquals(304, events.get(0).getResponse().getStatus());
        assertEquals(200, events.get(1).getResponse().getStatus());
    }

    @Test
    void aListingUnchangedSinceTheLastRunIsAskedForConditionally() {
        String path = REPO.path() + "/pulls/5/comments";
        String body = "[{\"id\":1,\"body\":\"hello\"}]";
        github.stub(get(urlPathEqualTo(path)).willReturn(GitHubFake.json(200, GitHubFake.JSON.createArrayNode()
                .add(GitHubFake.JSON.createObjectNode().put("id", 1).put("body", "hello"))).withHeader("ETag", "W/\"c1\"")));
        github.stub(get(urlPathEqualTo(path)).withHeader("If-None-Match", equalTo("W/\"c1\"")).atPriority(1)
                .willReturn(aResponse().withStatus(304)));
        List<JsonNode> first = client.reviewComments(7, REPO, 5);
        List<JsonNode> second = client.reviewComments(7, REPO, 5);
        assertEquals(body, first.toString());
        assertEquals(first, second);
        var sent = github.requests(getRequestedFor(urlPathEqualTo(path)));
        assertEquals("W/\"c1\"", sent.get(1).getHeader("If-None-Match"));
    }

    @Test
    void aRepositoryTheInstallationCannotSeeIsNotAskedForAgainAtOnce() {
        // GitHub refuses a token narrowed to a repository the installation cannot see (a missing org .github).
        github.stub(post(urlEqualTo("/app/installations/7/access_tokens"))
                .withRequestBody(matchingJsonPath("$.repositories[0]", equalTo(".github"))).atPriority(1)
                .willReturn(GitHubFake.json(422, GitHubFake.JSON.createObjectNode()
                        .put("message", "There is at least one repository that does not exist or is not accessible to the parent installation."))));
        for (int i = 0; i < 3; i++) {
            assertTrue(client.getConditional(7, "repos.get", "/repos/o/.github", GitHubClient.JSON).isEmpty(),
                    "a repository the installation cannot see has no policy");
        }
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo("/app/installations/7/access_tokens"))).size(),
                "the refusal is remembered: " + github.callsByRoute());
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
