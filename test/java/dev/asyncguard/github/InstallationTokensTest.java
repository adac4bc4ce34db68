package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link GitHubClient#installationToken} against WireMock: github-api's calls, our cache, our error messages. */
class InstallationTokensTest {
    GitHubFake github;
    GitHubClient client;

    @BeforeEach
    void start() throws Exception {
        github = new GitHubFake();
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
    void tokenIsCachedUntilFiveMinutesBeforeItExpires() {
        github.installation(7);
        assertEquals(GitHubFake.TOKEN, client.installationToken(7));
        assertEquals(GitHubFake.TOKEN, client.installationToken(7));
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo("/app/installations/7/access_tokens"))).size(),
                "an hour's token is reused");

        github.installation(8);
        github.stub(post(urlEqualTo("/app/installations/8/access_tokens")).atPriority(1).willReturn(GitHubFake.json(201,
                GitHubFake.JSON.createObjectNode().put("token", "ghs_soon").put("expires_at",
                        Instant.now().plus(Duration.ofMinutes(4)).toString().replaceAll("\\.\\d+Z$", "Z")))));
        assertEquals("ghs_soon", client.installationToken(8));
        assertEquals("ghs_soon", client.installationToken(8));
        assertEquals(2, github.requests(postRequestedFor(urlEqualTo("/app/installations/8/access_tokens"))).size(),
                "a token with less than five minutes left is renewed");
    }

    @Test
    void runsThatNeedATokenAtOnceShareOneFetch() throws Exception {
        github.installation(7);
        github.stub(post(urlEqualTo("/app/installations/7/access_tokens")).atPriority(1).willReturn(GitHubFake.json(201,
                GitHubFake.JSON.createObjectNode().put("token", GitHubFake.TOKEN).put("expires_at",
                        Instant.now().plus(Duration.ofHours(1)).toString().replaceAll("\\.\\d+Z$", "Z")))
                .withFixedDelay(300)));
        int runs = 8;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<String>> got = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < runs; i++) {
                got.add(pool.submit(() -> {
                    go.await();
                    return client.installationToken(7);
                }));
            }
            go.countDown();
            for (var f : got) assertEquals(GitHubFake.TOKEN, f.get());
        }
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo("/app/installations/7/access_tokens"))).size(),
                runs + " runs asked at once; one token was minted");
    }

    @Test
    void conditionalAnswersAreCachedPerInstallation() {
        github.installation(7);
        github.installation(8);
        github.stub(get(urlEqualTo("/repos/o/r/commits/main")).willReturn(GitHubFake.json(200,
                GitHubFake.JSON.createObjectNode().put("sha", "abc")).withHeader("ETag", "\"e1\"")));
        assertEquals("{\"sha\":\"abc\"}", new String(client.getConditional(7, "repos.commit", "/repos/o/r/commits/main",
                "application/vnd.github+json").orElseThrow(), StandardCharsets.UTF_8));
        client.getConditional(7, "repos.commit", "/repos/o/r/commits/main", "application/vnd.github+json");
        client.getConditional(8, "repos.commit", "/repos/o/r/commits/main", "application/vnd.github+json");
        var sent = github.requests(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/repos/o/r/commits/main")));
        assertEquals(3, sent.size());
        assertFalse(sent.get(0).containsHeader("If-None-Match"));
        assertEquals("\"e1\"", sent.get(1).getHeader("If-None-Match"), "the same installation asks conditionally");
        assertFalse(sent.get(2).containsHeader("If-None-Match"), "another installation does not reuse its answer");
    }

    @Test
    void unknownInstallationSaysWhichCallAndWhatGitHubAnswered() {
        github.installation(7);
        github.stub(post(urlEqualTo("/app/installations/9/access_tokens")).willReturn(GitHubFake.notFound()));
        GitHubException e = assertThrows(GitHubException.class, () -> client.installationToken(9));
        assertEquals(404, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains("/app/installations/9"), e.getMessage());
        assertTrue(e.getMessage().contains("GitHub answered 404 (Not Found)"), e.getMessage());
        assertFalse(e.getMessage().contains("Bearer"), e.getMessage());
    }

    @Test
    void rejectedJwtSaysSoWithGitHubsMessage() {
        github.installation(7);
        github.stub(post(urlEqualTo("/app/installations/7/access_tokens")).atPriority(1).willReturn(GitHubFake.json(401,
                GitHubFake.JSON.createObjectNode().put("message", "'Expiration time' claim ('exp') is too far in the future")
                        .put("documentation_url", "https://docs.github.com/rest"))));
        GitHubException e = assertThrows(GitHubException.class, () -> client.installationToken(7));
        assertEquals(401, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains("/app/installations/7/access_tokens: GitHub answered 401 ('Expiration time' claim"),
                e.getMessage());
    }

    @Test
    void persistentServerErrorIsRetriedByOurPolicyOnly() {
        github.installation(7);
        github.stub(post(urlEqualTo("/app/installations/7/access_tokens")).atPriority(1)
                .willReturn(GitHubFake.json(502, GitHubFake.JSON.createObjectNode().put("message", "Server Error"))));
        GitHubException e = assertThrows(GitHubException.class, () -> client.installationToken(7));
        assertEquals(502, e.status(), e.getMessage());
        assertEquals(3, github.requests(postRequestedFor(urlEqualTo("/app/installations/7/access_tokens"))).size(),
                "max-attempts 3, and github-api adds no retries of its own");
    }
}
