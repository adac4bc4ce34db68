package dev.asyncguard.github;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The service's own meters, served at {@code /prometheus}. Names are listed in docs/github-app.md. */
@Singleton
public final class ServiceMetrics {
    private final MeterRegistry registry;
    private final AtomicLong rateLimitRemaining = new AtomicLong(-1);
    private final AtomicLong graphQlPointsRemaining = new AtomicLong(-1);

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("asyncguard.github.ratelimit.remaining", rateLimitRemaining, AtomicLong::get)
                .description("x-ratelimit-remaining of the latest GitHub response (-1 before the first)")
                .register(registry);
        Gauge.builder("asyncguard.github.graphql.points.remaining", graphQlPointsRemaining, AtomicLong::get)
                .description("GraphQL points left to the installation of the latest query (rateLimit.remaining; -1 before the first)")
                .register(registry);
    }

    /** One webhook delivery and what became of it (accepted, ignored, duplicate, unauthorized, ...). */
    public void delivery(String event, String outcome) {
        Counter.builder("asyncguard.deliveries").tag("event", event).tag("outcome", outcome)
                .register(registry).increment();
    }

    public void queueDepth(Supplier<Number> depth) {
        Gauge.builder("asyncguard.queue.depth", depth).description("review jobs waiting").register(registry);
    }

    public void run(String outcome, Duration took) {
        // A histogram (asyncguard_review_duration_seconds_bucket), so that dashboards and alerts can take
        // quantiles across replicas with histogram_quantile(); buckets from 0.1 s to 10 min.
        Timer.builder("asyncguard.review.duration").tag("outcome", outcome)
                .description("time from taking a review job to its outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry).record(took);
    }

    /**
     * The memory for file contents the running reviews share ({@code asyncguard.service.review-memory-bytes}):
     * its size, the bytes held now (gauges), and the reviews that had to wait for room (a counter).
     */
    public Runnable reviewMemory(long capacity, java.util.function.LongSupplier used) {
        Gauge.builder("asyncguard.review.memory.capacity", () -> capacity).baseUnit("bytes")
                .description("file contents the running reviews may hold together").register(registry);
        Gauge.builder("asyncguard.review.memory.used", () -> used.getAsLong()).baseUnit("bytes")
                .description("file contents the running reviews hold now").register(registry);
        Counter waits = Counter.builder("asyncguard.review.memory.waits")
                .description("times a review waited for room in the memory for file contents").register(registry);
        return waits::increment;
    }

    /** A job failed for good rather than deferred once more ({@code reason}: a fixed word). */
    public void givenUp(String reason) {
        Counter.builder("asyncguard.review.given_up").tag("reason", reason)
                .description("review jobs failed for good after too many or too long deferrals").register(registry).increment();
    }

    /** Check runs the sweeper completed because their job was gone. */
    public void swept(int count) {
        Counter.builder("asyncguard.checkruns.swept")
                .description("open check runs completed by the sweeper because their job was lost").register(registry).increment(count);
    }

    public void findings(int count) {
        Counter.builder("asyncguard.review.findings").register(registry).increment(count);
    }

    /** One HTTP exchange with GitHub (each attempt counts); {@code status} is "io" when none came back. */
    public void gitHubCall(String route, String status) {
        // Found again by route and status (a dozen a review): not built and looked up in the registry each time.
        gitHubCalls.computeIfAbsent(route + ' ' + status, k -> Counter.builder("asyncguard.github.calls")
                .tag("route", route).tag("status", status).register(registry)).increment();
    }

    /** The counters of {@link #gitHubCall} by route and status (a few dozen: routes are fixed words, statuses few). */
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> gitHubCalls = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A context module's summary looked up by blob SHA: {@code hit} (neither fetched nor summarized),
     * {@code miss} (summarized now, its blob read from GitHub or the blob cache).
     */
    public void summaryCache(String result) {
        Counter.builder("asyncguard.summaries.cache").tag("result", result)
                .description("summaries of unchanged modules served from the cache (hit) or computed (miss)")
                .register(registry).increment();
    }

    /**
     * The changed files' analysis looked up by its key: {@code hit} (the findings of an earlier review
     * of the same files with the same inputs), {@code miss} (analyzed now).
     */
    public void findingsCache(String result) {
        Counter.builder("asyncguard.findings.cache").tag("result", result)
                .description("analyses of changed files served from the cache (hit) or computed (miss)")
                .register(registry).increment();
    }

    public void rateLimitRemaining(long remaining) {
        rateLimitRemaining.set(remaining);
    }

    /** GraphQL points a query cost ({@code rateLimit.cost}, charged against the installation's GraphQL limit, not REST's). */
    public void graphQlPoints(int cost) {
        Counter.builder("asyncguard.github.graphql.points")
                .description("GraphQL points spent (rateLimit.cost of each query)").register(registry).increment(cost);
    }

    public void graphQlPointsRemaining(long remaining) {
        graphQlPointsRemaining.set(remaining);
    }

    /**
     * Blobs of file content read from GitHub and how: {@code graphql} (in a batched query),
     * {@code rest} (one call each: GraphQL off, not worth it for one blob, or it could not serve the blob).
     */
    public void blobsRead(String via, int count) {
        if (count > 0) {
            Counter.builder("asyncguard.github.blobs").tag("via", via)
                    .description("file contents read from GitHub, by GraphQL batch or one REST call each").register(registry).increment(count);
        }
    }
}
