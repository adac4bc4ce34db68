package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The review duration is a Prometheus histogram, so that alerts and dashboards can take quantiles across replicas. */
class ReviewDurationHistogramTest {
    @Test
    void reviewDurationHasBuckets() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServiceMetrics metrics = new ServiceMetrics(registry);
        metrics.run("posted", Duration.ofMillis(1500));
        metrics.run("posted", Duration.ofSeconds(40));
        String scrape = registry.scrape();
        assertTrue(scrape.contains("# TYPE asyncguard_review_duration_seconds histogram"), scrape);
        assertTrue(scrape.contains("asyncguard_review_duration_seconds_bucket{outcome=\"posted\",le=\"0.1\"} 0\n"), scrape);
        assertTrue(scrape.matches("(?s).*asyncguard_review_duration_seconds_bucket\\{outcome=\"posted\",le=\"1\\.[0-9]+\"} 0\n.*"
                + "asyncguard_review_duration_seconds_bucket\\{outcome=\"posted\",le=\"[0-9.]+\"} 1\n.*"), "1.5 s falls between buckets: " + scrape);
        assertTrue(scrape.contains("asyncguard_review_duration_seconds_bucket{outcome=\"posted\",le=\"+Inf\"} 2\n"), scrape);
        assertTrue(scrape.contains("asyncguard_review_duration_seconds_count{outcome=\"posted\"} 2"), scrape);
    }
}
