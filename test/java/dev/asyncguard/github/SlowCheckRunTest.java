package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run whose delivery is still creating its {@code queued} check run (GitHub slow to answer)
 * does not wait for it before it reviews: the review is posted while the check run's creation is
 * still under way, and then that very check run (no second one) is completed with the result.
 */
class SlowCheckRunTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** How long GitHub takes to answer the check run's creation. */
    static final int SLOW_MS = 6000;
    static final RequestPatternBuilder COMPLETED = patchRequestedFor(urlEqualTo(BASE + "/check-runs/" + GitHubFake.CHECK_RUN_ID))
            .withRequestBody(matchingJsonPath("$.status", equalTo("completed")));

    @Override
    java.util.Map<String, Object> settings() {
        // GitHub's answer to the check run takes longer than the harness's usual 1.5 s request timeout.
        return java.util.Map.of("asyncguard.github.retry.request-timeout", "15s");
    }

    @BeforeEach
    void stubs() {
        github.resetToTypicalPullRequest(INSTALLATION);
        github.stub(post(urlEqualTo(BASE + "/check-runs")).atPriority(1).willReturn(
                GitHubFake.json(201, github.checkRun(OWNER, REPO, PullRequests.HEAD, "queued"))
                        .withFixedDelay(SLOW_MS)));
    }

    @Test
    void reviewIsPostedWhileTheQueuedCheckRunIsCreatedAndThatCheckRunIsCompleted() throws Exception {
        assertEquals(202, service.deliver("pull_request", PullRequests.opened()).statusCode());
        github.await(COMPLETED, 1, WAIT);

        List<LoggedRequest> created = github.requests(postRequestedFor(urlEqualTo(BASE + "/check-runs")));
        assertEquals(1, created.size(), "the delivery's check run only, no second one of the run's own");
        assertEquals("queued", GitHubFake.JSON.readTree(created.get(0).getBodyAsString()).path("status").asText());
        List<LoggedRequest> reviews = github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews")));
        assertEquals(1, reviews.size());
        long createdAt = created.get(0).getLoggedDate().getTime();
        long postedAt = reviews.get(0).getLoggedDate().getTime();
        assertTrue(postedAt < createdAt + SLOW_MS, "the review (at +" + (postedAt - createdAt)
                + " ms) did not wait for the check run's creation (" + SLOW_MS + " ms)");
        // Completed once, with the review's result, after GitHub gave its id.
        List<LoggedRequest> completed = github.requests(COMPLETED);
        assertEquals(1, completed.size());
        assertTrue(completed.get(0).getLoggedDate().getTime() >= createdAt + SLOW_MS - 50);
        JsonNode done = GitHubFake.JSON.readTree(completed.get(0).getBodyAsString());
        assertEquals("1 asyncio pitfall (1 warning)", done.path("output").path("title").asText(), done.toString());
        assertEquals(0, github.requests(patchRequestedFor(urlEqualTo(BASE + "/check-runs/" + GitHubFake.CHECK_RUN_ID))
                .withRequestBody(matchingJsonPath("$.status", equalTo("in_progress")))).size(), "a job started at once skips in_progress");
    }
}
