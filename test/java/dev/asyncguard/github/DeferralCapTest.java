package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.HEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job GitHub's rate limit keeps putting off fails for good after {@code asyncguard.jobs.max-deferrals}, and says so. */
class DeferralCapTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.github.retry.max-retry-after", "1s", "asyncguard.jobs.max-deferrals", "1");
    }

    /** GitHub's answer while the limit is used up: it resets 4 s after each request (a WireMock template). */
    private static ResponseDefinitionBuilder exhausted() {
        return aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "{{now offset='4 seconds' format='unix'}}")
                .withBody("{\"message\":\"API rate limit exceeded for installation ID 1.\"}")
                .withTransformers("response-template");
    }

    @Test
    void aJobDeferredTooOftenFailsForGoodWithAClearCheckRun() throws Exception {
        github.resetToTypicalPullRequest(PullRequests.INSTALLATION);
        // Each time the job runs, the limit is used up and resets later than the run may wait.
        github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1).willReturn(exhausted()));
        service.deliver("pull_request", PullRequests.opened());

        github.await(ReviewRunTest.CHECK_COMPLETED, 2, WAIT);
        var completed = github.bodies(ReviewRunTest.CHECK_COMPLETED);
        assertEquals("Waiting for GitHub's rate limit", completed.get(0).path("output").path("title").asText());
        JsonNode last = completed.get(1);
        assertEquals("failure", last.path("conclusion").asText(), last.toString());
        assertEquals("asyncguard gave up waiting for GitHub's rate limit", last.path("output").path("title").asText());
        String summary = last.path("output").path("summary").asText();
        assertTrue(summary.contains("put off 1 time(s)") && summary.contains("/recheck"), summary);
        awaitRuns("gave_up", 1);
        assertEquals(1, counter("asyncguard.review.given_up", "reason", "rate_limit"));
        Thread.sleep(1500);
        assertEquals(2, github.bodies(ReviewRunTest.CHECK_COMPLETED).size(), "not deferred a second time");
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());
    }
}
