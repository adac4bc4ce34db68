package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.HEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.asyncguard.github.run.ReviewService;
import dev.asyncguard.queue.ReviewQueue;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stopping the service while a review runs: the review finishes within the grace period, then the service stops. */
class GracefulShutdownTest {

    @Test
    void runningReviewCompletesBeforeTheServiceStops() {
        ServiceHarness service = ServiceHarness.start(Map.of("asyncguard.service.shutdown-grace", "10s"));
        GitHubFake github = service.github;
        try {
            github.installation(PullRequests.INSTALLATION);
            github.pullRequest(PullRequests.OWNER, PullRequests.REPO, PullRequests.NUMBER, HEAD, false, PullRequests.typicalFiles());
            github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withFixedDelay(1000).withBody(PullRequests.WORKER)));
            assertEquals(202, service.deliver("pull_request", PullRequests.opened()).statusCode());
            github.await(getRequestedFor(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)), 1, Duration.ofSeconds(10));

            ReviewService reviews = service.context().getBean(ReviewService.class);
            ReviewQueue queue = service.context().getBean(ReviewQueue.class);
            assertEquals(1, queue.running());
            service.server.getApplicationContext().close();   // what SIGTERM's shutdown hook does

            assertFalse(reviews.accepting());
            assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size(),
                    "the running review was posted before the service stopped");
            assertEquals(1, github.requests(ReviewRunTest.CHECK_COMPLETED).size());
        } finally {
            github.close();
        }
    }
}
