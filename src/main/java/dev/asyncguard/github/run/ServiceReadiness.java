package dev.asyncguard.github.run;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Not ready while the warm-up runs ({@link ServiceWarmUp}: the Service sends a new replica no deliveries
 * until its reviews are as cheap as a warm one's; liveness does not wait for it), and not ready once
 * the review queue stops taking jobs. On SIGTERM, Micronaut's graceful shutdown
 * also closes the HTTP listener at the same moment, so probes then fail by "connection refused"
 * rather than seeing this DOWN (SigtermShutdownTest); the indicator stays as the queue's own
 * statement in {@code /health}.
 */
@Singleton
@Readiness
final class ServiceReadiness implements HealthIndicator {
    private final ReviewService service;
    private final ServiceWarmUp warmUp;

    ServiceReadiness(ReviewService service, ServiceWarmUp warmUp) {
        this.service = service;
        this.warmUp = warmUp;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean accepting = service.accepting();
        boolean warm = warmUp.finished();
        return Publishers.just(HealthResult.builder("reviewQueue", accepting && warm ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("accepting", accepting, "warmUpFinished", warm, "warmUpReviews", warmUp.reviewed())).build());
    }
}
