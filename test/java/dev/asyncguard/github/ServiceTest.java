package dev.asyncguard.github;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One real service and one fake GitHub per test class (starting Micronaut takes seconds). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServiceTest {
    ServiceHarness service;
    GitHubFake github;

    /** Settings on top of {@link ServiceHarness}'s. */
    Map<String, Object> settings() {
        return Map.of();
    }

    @BeforeAll
    void startService() {
        service = ServiceHarness.start(settings());
        github = service.github;
    }

    /**
     * Also after a start that never happened: a setup that aborted (the Redis pass without redis-server)
     * reads as the skip it is, not as an error of its own.
     */
    @AfterAll
    void stopService() {
        if (service != null) service.close();
    }

    /** A counter of the service's registry, 0 before it is first incremented. */
    double counter(String name, String tag, String value) {
        Counter c = service.context().getBean(MeterRegistry.class).find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    void awaitCounter(String name, String tag, String value, double atLeast) {
        awaitAtLeast(() -> counter(name, tag, value), atLeast, name + " " + value);
    }

    /** Waits for {@code count} review runs that ended with {@code outcome} (e.g. skipped). */
    void awaitRuns(String outcome, int count) {
        awaitAtLeast(() -> runs(outcome), count, "review runs " + outcome);
    }

    /** Review runs so far that ended with {@code outcome}. */
    double runs(String outcome) {
        var timer = service.context().getBean(MeterRegistry.class)
                .find("asyncguard.review.duration").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static void awaitAtLeast(DoubleSupplier value, double atLeast, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value.getAsDouble() < atLeast) {
            if (System.nanoTime() > end) throw new AssertionError(what + " never reached " + atLeast);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
