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
 * Not ready once the review queue stops taking jobs. On SIGTERM, Micronaut's graceful shutdown
 * also closes the HTTP listener at the same moment, so probes then fail by "connection refused"
 * rather than seeing this DOWN (SigtermShutdownTest); the indicator stays as the queue's own
 * statement in {@code /health}.
 */
@Singleton
@Readiness
final class ServiceReadiness implements HealthIndicator {
    private final ReviewService service;

    ServiceReadiness(ReviewService service) {
        this.service = service;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean up = service.accepting();
        return Publishers.just(HealthResult.builder("reviewQueue", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("accepting", up)).build());
    }
}
