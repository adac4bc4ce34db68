package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.HEAD;
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** App authentication through github-api, seen from GitHub's side: the JWT, the calls, the cached token. */
class AppAuthTest extends ServiceTest {

    @Test
    void gitHubApiSignsAnRs256JwtForTheAppAndTheTokenIsCached() throws Exception {
        github.reset();
        github.installation(INSTALLATION);
        github.pullRequest(PullRequests.OWNER, PullRequests.REPO, PullRequests.NUMBER, HEAD, false, PullRequests.typicalFiles());
        long before = Instant.now().getEpochSecond();
        assertEquals(202, service.deliver("pull_request", PullRequests.opened()).statusCode());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, ReviewRunTest.WAIT);

        // One token per repository the run touches (the PR's and the org's .github for policy), asked
        // for straight away: the delivery names the installation, nothing is looked up first.
        assertEquals(0, github.requests(getRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION))).size());
        assertEquals(0, github.requests(getRequestedFor(urlEqualTo("/app"))).size(),
                "GET /app only when our login is needed (a PR with reviews)");
        List<LoggedRequest> tokens = github.requests(postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")));
        assertTrue(!tokens.isEmpty());
        for (LoggedRequest asApp : tokens) {
            JsonNode asked = GitHubFake.JSON.readTree(asApp.getBodyAsString());
            assertEquals(1, asked.path("repositories").size(), "one repository a token: " + asked);
            assertEquals("write", asked.path("permissions").path("checks").asText(), asked.toString());
            assertEquals("read", asked.path("permissions").path("contents").asText(), asked.toString());
            String auth = asApp.getHeader("Authorization");
            assertTrue(auth.startsWith("Bearer "), auth.substring(0, Math.min(12, auth.length())));
            String[] parts = auth.substring("Bearer ".length()).split("\\.");
            assertEquals(3, parts.length);
            JsonNode header = GitHubFake.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            assertEquals("RS256", header.path("alg").asText());
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(TestKeys.PAIR.getPublic());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "signed by the App's key");
            JsonNode claims = GitHubFake.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            assertEquals(Long.toString(ServiceHarness.APP_ID), claims.path("iss").asText());
            long iat = claims.path("iat").asLong();
            long exp = claims.path("exp").asLong();
            long now = Instant.now().getEpochSecond();
            assertTrue(iat <= now && exp > now, claims.toString());
            assertTrue(exp - iat <= 600, "GitHub rejects a JWT that lives longer than ten minutes: " + claims);
            assertTrue(exp <= before + 600 + 1, "expires within ten minutes of being issued: " + claims);
        }
        // The review itself runs on the installation token github-api obtained.
        assertEquals("Bearer " + GitHubFake.TOKEN,
                github.requests(postRequestedFor(urlEqualTo(BASE + "/check-runs"))).get(0).getHeader("Authorization"));

        int tokensBefore = github.requests(postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens"))).size();
        assertTrue(tokensBefore <= 2, "one per repository the run touched: " + github.callsByRoute());
        github.pullRequest(PullRequests.OWNER, PullRequests.REPO, PullRequests.NUMBER,
                "0000000000000000000000000000000000000001", false, PullRequests.typicalFiles());
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "synchronize",
                "0000000000000000000000000000000000000001", false));
        github.await(ReviewRunTest.CHECK_COMPLETED, 2, ReviewRunTest.WAIT);
        assertEquals(tokensBefore, github.requests(postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens"))).size(),
                "the second run reuses the cached tokens");
    }

    private LoggedRequest single(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        List<LoggedRequest> found = github.requests(pattern);
        assertEquals(1, found.size(), "requests: " + github.callsByRoute());
        return found.get(0);
    }
}
