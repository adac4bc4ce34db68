package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.github.run.ServiceWarmUp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm-up (asyncguard.warm-up): bundled reviews between the listener's start and "ready", never
 * asking GitHub; readiness says ready only once it is over, liveness does not wait.
 */
class ServiceWarmUpTest {

    @Test
    void readinessWaitsForTheWarmUpWhichAsksNothingOfGitHub() throws Exception {
        try (ServiceHarness service = ServiceHarness.start(Map.of("asyncguard.warm-up.reviews", 3))) {
            ServiceWarmUp warmUp = service.context().getBean(ServiceWarmUp.class);
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status;
            do {
                status = service.get("/health/readiness").statusCode();
                // Finished is for good: a 200 seen means it was over when readiness answered.
                if (status == 200) assertTrue(warmUp.finished(), "ready while the warm-up still ran");
                else assertEquals(503, status);
                if (status != 200) Thread.sleep(20);
            } while (status != 200 && System.nanoTime() < end);
            assertEquals(200, status, "the warm-up never ended");
            assertEquals(3, warmUp.reviewed(), "each bundled review ran through to its JSON");
            assertEquals(200, service.get("/health").statusCode());
            assertEquals(0, service.github.requests(anyRequestedFor(anyUrl())).size(), "the warm-up asked GitHub");
        }
    }

    @Test
    void notReadyWhileItRunsButAlive() throws Exception {
        // More reviews than it gets through in the test: it runs until the context closes.
        try (ServiceHarness service = ServiceHarness.start(Map.of("asyncguard.warm-up.reviews", 1_000_000,
                "asyncguard.warm-up.time-limit", "1h"))) {
            ServiceWarmUp warmUp = service.context().getBean(ServiceWarmUp.class);
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (warmUp.reviewed() < 2 && System.nanoTime() < end) Thread.sleep(20);
            assertTrue(warmUp.reviewed() >= 2, "the warm-up did not run");
            assertFalse(warmUp.finished());
            assertEquals(503, service.get("/health/readiness").statusCode());
            assertEquals(503, service.get("/health").statusCode());
            assertEquals(200, service.get("/health/liveness").statusCode(), "liveness must not wait for the warm-up");
        }
    }

    @Test
    void offWithZeroReviews() {
        try (ServiceHarness service = ServiceHarness.start(Map.of("asyncguard.warm-up.reviews", 0))) {
            assertTrue(service.context().getBean(ServiceWarmUp.class).finished());
            assertEquals(200, service.get("/health/readiness").statusCode());
        }
    }
}
