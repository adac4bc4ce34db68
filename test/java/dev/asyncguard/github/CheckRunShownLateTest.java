package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check run when a job takes longer than {@code asyncguard.jobs.check-run-after} (here 500 ms),
 * or fails: a run still working then shows its check run in progress (created by the run's timer,
 * not the delivery's: one check run, never two), and completes that one at its end; a run that
 * fails mid-review creates its check run completed with the failure, in one request, and a second
 * delivery of the same push then reviews it once. The quick case (created completed, nothing else)
 * is {@link ReviewCallsTest}.
 */
class CheckRunShownLateTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final RequestPatternBuilder CREATED = postRequestedFor(urlEqualTo(BASE + "/check-runs"));
    static final RequestPatternBuilder COMPLETED_BY_UPDATE = patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
            .withRequestBody(matchingJsonPath("$.status", equalTo("completed")));
    static final RequestPatternBuilder REVIEWED = postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"));

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.jobs.check-run-after", "500ms");
    }

    @BeforeEach
    void typicalPullRequest() {
        github.resetToTypicalPullRequest(INSTALLATION);
    }

    @Test
    void aRunStillWorkingShowsItsCheckRunInProgressAndCompletesThatOne() throws Exception {
        // GitHub takes 1.2 s to list the PR's files: the run is still working when 500 ms have passed.
        github.stub(get(urlEqualTo(BASE + "/pulls/2/files?per_page=100")).atPriority(1)
                .willReturn(GitHubFake.json(200, filesListing()).withFixedDelay(1200)));
        assertEquals(202, service.deliver("pull_request", PullRequests.opened()).statusCode());
        github.await(COMPLETED_BY_UPDATE, 1, WAIT);
        Thread.sleep(700);    // the delivery's own timer has fired by now: it must not add a check run

        List<LoggedRequest> created = github.requests(CREATED);
        assertEquals(1, created.size(), "one check run: " + github.callsByRoute());
        JsonNode shown = GitHubFake.JSON.readTree(created.get(0).getBodyAsString());
        assertEquals("in_progress", shown.path("status").asText(), shown.toString());
        assertTrue(shown.path("external_id").asText().startsWith("asyncguard:"), "found again by its delivery: " + shown);
        List<LoggedRequest> reviews = github.requests(REVIEWED);
        assertEquals(1, reviews.size());
        assertTrue(created.get(0).getLoggedDate().before(reviews.get(0).getLoggedDate()), "shown while the review ran");
        List<JsonNode> completed = github.bodies(COMPLETED_BY_UPDATE);
        assertEquals(1, completed.size());
        assertEquals("1 asyncio pitfall (1 warning)", completed.get(0).path("output").path("title").asText(), completed.get(0).toString());
    }

    @Test
    void aFailureMidReviewEndsInOneFailedCheckRunAndTheNextDeliveryReviewsOnce() throws Exception {
        // GitHub refuses the review (5xx on every attempt): the run fails after its analysis.
        github.stub(post(urlEqualTo(BASE + "/pulls/2/reviews")).atPriority(1)
                .willReturn(GitHubFake.json(502, GitHubFake.JSON.createObjectNode().put("message", "Server Error"))));
        assertEquals(202, service.deliver("pull_request", PullRequests.opened()).statusCode());
        github.await(CREATED, 1, WAIT);
        Thread.sleep(700);

        List<JsonNode> created = github.bodies(CREATED);
        assertEquals(1, created.size(), github.callsByRoute().toString());
        assertEquals("completed", created.get(0).path("status").asText(), "created completed, in one request: " + created.get(0));
        assertEquals("failure", created.get(0).path("conclusion").asText());
        assertEquals("asyncguard could not finish the review", created.get(0).path("output").path("title").asText());
        assertTrue(created.get(0).path("output").path("summary").asText().contains("GitHub's API answered a request with HTTP 502"),
                created.get(0).toString());
        assertEquals(0, github.requests(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))).size(),
                "nothing to update: " + github.callsByRoute());

        // GitHub is well again; the push is delivered once more (or /recheck): one review, one more check run.
        github.resetToTypicalPullRequest(INSTALLATION);
        assertEquals(202, service.deliver("pull_request", PullRequests.opened()).statusCode());
        github.await(CREATED, 1, WAIT);
        Thread.sleep(700);
        assertEquals(1, github.requests(REVIEWED).size(), github.callsByRoute().toString());
        List<JsonNode> again = github.bodies(CREATED);
        assertEquals(1, again.size(), github.callsByRoute().toString());
        assertEquals("completed", again.get(0).path("status").asText());
        assertEquals("1 asyncio pitfall (1 warning)", again.get(0).path("output").path("title").asText(), again.get(0).toString());
    }

    /** The typical PR's files as GitHub lists them (what {@link GitHubFake#pullRequest} stubs). */
    private JsonNode filesListing() throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(github.url() + BASE + "/pulls/2/files?per_page=100")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        github.wm.resetRequests();
        return GitHubFake.JSON.readTree(r.body());
    }
}
