package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.HEAD;
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static dev.asyncguard.github.PullRequests.NUMBER;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * #17's hardening of a run, end to end against the fake GitHub: tokens narrowed to the
 * repository and the run's permissions, fingerprints trusted from our own bot only, our stale
 * REQUEST_CHANGES dismissed, and a long rate-limit wait deferring the job instead of failing it.
 */
class RunHardeningTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.github.retry.max-retry-after", "1s",
                // its tests count the files fetched, each PR with the same content: no blob kept between them
                "asyncguard.service.blob-cache-bytes", "0");
    }

    @BeforeEach
    void stubs() {
        github.resetToTypicalPullRequest(INSTALLATION);
    }

    /** The opened payload under another installation, whose tokens no earlier test has cached. */
    private static byte[] openedUnder(long installation) {
        ObjectNode p = (ObjectNode) GitHubFake.resource("opened.payload.json");
        ((ObjectNode) p.path("installation")).put("id", installation);
        return p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void tokensAreNarrowedToTheRepositoryAndTheRunsPermissions() {
        github.resetToTypicalPullRequest(501);
        service.deliver("pull_request", openedUnder(501));
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        List<JsonNode> requests = github.bodies(postRequestedFor(urlEqualTo("/app/installations/501/access_tokens")));
        assertFalse(requests.isEmpty());
        for (JsonNode r : requests) {
            assertEquals(1, r.path("repositories").size(), r.toString());
            assertEquals(Map.of("pull_requests", "write", "checks", "write", "contents", "read", "metadata", "read"),
                    GitHubFake.JSON.convertValue(r.path("permissions"), Map.class), r.toString());
        }
        assertTrue(requests.stream().anyMatch(r -> r.path("repositories").get(0).asText().equals(REPO)), requests.toString());
    }

    @Test
    void aRepositoryTheInstallationCannotSeeIsNotFoundNotAFailure() {
        // GitHub refuses a token for a repository outside the installation with 422.
        github.resetToTypicalPullRequest(502);
        github.stub(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/app/installations/502/access_tokens"))
                .atPriority(1).withRequestBody(matchingJsonPath("$.repositories[0]", equalTo(".github")))
                .willReturn(GitHubFake.json(422, GitHubFake.JSON.createObjectNode().put("message",
                        "There is at least one repository that does not exist or is not accessible to the parent installation."))));
        service.deliver("pull_request", openedUnder(502));
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        assertEquals("neutral", github.bodies(ReviewRunTest.CHECK_COMPLETED).get(0).path("conclusion").asText());
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());
        assertEquals(1, github.bodies(postRequestedFor(urlEqualTo("/app/installations/502/access_tokens"))).stream()
                .filter(r -> r.path("repositories").get(0).asText().equals(".github")).count(), "the refused token was asked for");
    }

    @Test
    void fingerprintsOfAnotherBotDoNotSilenceAFinding() {
        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        JsonNode posted = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0).path("comments").get(0);

        // Another App's bot quotes our comment, fingerprint and all.
        ObjectNode quoted = GitHubFake.JSON.createObjectNode().put("id", 11).put("path", posted.path("path").asText())
                .put("line", posted.path("line").asInt()).put("side", "RIGHT").put("commit_id", HEAD)
                .put("body", "> " + posted.path("body").asText());
        quoted.set("user", GitHubFake.JSON.createObjectNode().put("login", "copycat[bot]").put("id", 77).put("type", "Bot"));
        github.reviewComments(OWNER, REPO, NUMBER, List.of(quoted));
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(ReviewRunTest.CHECK_COMPLETED, 2, WAIT);
        List<JsonNode> reviews = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews")));
        assertEquals(2, reviews.size(), "the finding is posted again: copycat[bot] is not us");
        assertEquals(1, reviews.get(1).path("comments").size());

        // Our own bot's comment does count.
        ObjectNode ours = quoted.deepCopy().put("id", 12).put("body", posted.path("body").asText());
        ours.set("user", GitHubFake.bot());
        github.reviewComments(OWNER, REPO, NUMBER, List.of(ours));
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(ReviewRunTest.CHECK_COMPLETED, 3, WAIT);
        assertEquals(2, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size(),
                "nothing new to post");
    }

    @Test
    void ourEarlierRequestChangesIsDismissedWhenTheNewReviewDoesNotRequestChanges() {
        ArrayNode reviews = GitHubFake.JSON.createArrayNode();
        reviews.add(review(77, "CHANGES_REQUESTED", GitHubFake.bot()));
        reviews.add(review(78, "CHANGES_REQUESTED", GitHubFake.JSON.createObjectNode().put("login", "octocat").put("type", "User")));
        reviews.add(review(79, "CHANGES_REQUESTED", GitHubFake.JSON.createObjectNode().put("login", "other-app[bot]").put("type", "Bot")));
        reviews.add(review(80, "COMMENTED", GitHubFake.bot()));
        github.stub(get(urlEqualTo(BASE + "/pulls/2/reviews?per_page=100")).atPriority(1).willReturn(GitHubFake.json(200, reviews)));
        github.stub(put(urlPathMatching(BASE + "/pulls/2/reviews/\\d+/dismissals"))
                .willReturn(GitHubFake.json(200, review(77, "DISMISSED", GitHubFake.bot()))));

        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        assertEquals("COMMENT", github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0).path("event").asText());
        var dismissed = github.requests(putRequestedFor(urlPathMatching(BASE + "/pulls/2/reviews/\\d+/dismissals")));
        assertEquals(1, dismissed.size(), github.callsByRoute().toString());
        assertEquals(BASE + "/pulls/2/reviews/77/dismissals", dismissed.get(0).getUrl());
        JsonNode body = github.bodies(putRequestedFor(urlPathMatching(BASE + "/pulls/2/reviews/\\d+/dismissals"))).get(0);
        assertEquals("DISMISS", body.path("event").asText());
        assertTrue(body.path("message").asText().contains("no longer requests changes"), body.toString());
    }

    @Test
    void aRateLimitLongerThanTheRetryBudgetDefersTheJob() {
        long reset = Instant.now().plusSeconds(3).getEpochSecond();
        github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1)
                .inScenario("limit").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("reset")
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", Long.toString(reset))
                        .withBody("{\"message\":\"API rate limit exceeded for installation ID 1.\"}")));
        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        JsonNode first = github.bodies(ReviewRunTest.CHECK_COMPLETED).get(0);
        assertEquals("neutral", first.path("conclusion").asText(), first.toString());
        assertEquals("Waiting for GitHub's rate limit", first.path("output").path("title").asText());
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());
        awaitRuns("deferred", 1);

        // After the reset the job runs again by itself, without a new delivery.
        github.await(ReviewRunTest.CHECK_COMPLETED, 2, WAIT);
        JsonNode second = github.bodies(ReviewRunTest.CHECK_COMPLETED).get(1);
        assertEquals("1 asyncio pitfall (1 warning)", second.path("output").path("title").asText(), second.toString());
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());
        assertEquals(0, runs("failed"));
    }

    @Test
    void aSecondaryRateLimitThatOutlastsTheRetriesDefersTheJobInsteadOfFailingIt() {
        // GitHub's secondary limit as it often comes: 403, no Retry-After, no x-ratelimit-remaining: 0, on every attempt.
        github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\","
                                + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\"}")));
        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        JsonNode first = github.bodies(ReviewRunTest.CHECK_COMPLETED).get(0);
        assertEquals("Waiting for GitHub's rate limit", first.path("output").path("title").asText(), first.toString());
        awaitRuns("deferred", 1);
        assertEquals(0, runs("failed"));
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());
    }

    private static ObjectNode review(long id, String state, ObjectNode user) {
        ObjectNode r = GitHubFake.JSON.createObjectNode().put("id", id).put("state", state).put("body", "")
                .put("commit_id", "0000000000000000000000000000000000000000");
        r.set("user", user);
        return r;
    }
}
