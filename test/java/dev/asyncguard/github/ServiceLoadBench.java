package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A bounded load test of the service on loopback, WireMock standing in for GitHub. Not part of the
 * normal build; run it with
 * {@code bin/mvn -B -o test -Dtest=ServiceLoadBench -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * It prints (and writes to target/service-bench.txt): signed deliveries accepted per second, the
 * delivery-to-review-posted latency for a 10-file PR (one at a time, then 20 PRs at once), and the
 * GitHub calls one review makes.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ServiceLoadBench extends ServiceTest {
    static final int FILES = 10;
    static final int SEQUENTIAL = Integer.getInteger("bench.sequential", 60);
    static final int BURST = Integer.getInteger("bench.burst", 20);
    static final int DELIVERIES = Integer.getInteger("bench.deliveries", 4000);

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.service.queue-capacity", "100000", "asyncguard.service.delivery-memory", "100000");
    }

    @Test
    void measure() throws Exception {
        github.installation(PullRequests.INSTALLATION);
        List<GitHubFake.PrFile> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            files.add(new GitHubFake.PrFile("app/worker" + i + ".py", "modified", PullRequests.WORKER, PullRequests.WORKER_PATCH));
        }
        github.pullRequest(PullRequests.OWNER, PullRequests.REPO, -1, PullRequests.HEAD, false, files);
        StringBuilder report = new StringBuilder();

        // Warm-up: JIT, connection pools, policy cache.
        for (int i = 0; i < 10; i++) reviewOf(900_000 + i);

        // 1. Delivery to review posted, one PR at a time.
        int before = github.wm.getAllServeEvents().size();
        List<Long> sequential = new ArrayList<>();
        for (int i = 0; i < SEQUENTIAL; i++) sequential.add(reviewOf(1000 + i));
        int calls = github.wm.getAllServeEvents().size() - before;
        report.append(String.format("10-file PR, one at a time (%d reviews): delivery -> review posted p50 %.1f ms, p99 %.1f ms%n",
                SEQUENTIAL, pct(sequential, 50), pct(sequential, 99)));
        report.append(String.format("GitHub calls per review: %.1f (%d calls for %d reviews; the installation token is cached)%n",
                calls / (double) SEQUENTIAL, calls, SEQUENTIAL));
        report.append("  per review, by route:").append(routesPerReview(calls, SEQUENTIAL)).append('\n');

        // 2. A burst: BURST PRs delivered at once.
        List<Long> burst = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(BURST)) {
            List<Future<?>> f = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                int pr = 5000 + i;
                f.add(pool.submit(() -> burst.add(reviewOf(pr))));
            }
            for (Future<?> x : f) x.get();
        }
        report.append(String.format("10-file PR, %d PRs at once (concurrency 4): delivery -> review posted p50 %.1f ms, p99 %.1f ms%n",
                BURST, pct(burst, 50), pct(burst, 99)));

        // 3. Accepted deliveries per second: 8 senders, distinct delivery ids, PRs that are already queued.
        byte[] body = payload(77_777);
        AtomicInteger accepted = new AtomicInteger();
        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < DELIVERIES; i++) {
                pool.submit(() -> {
                    int s = service.deliver("pull_request", body, UUID.randomUUID().toString()).statusCode();
                    statuses.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                    if (s == 202) accepted.incrementAndGet();
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report.append(String.format("signed pull_request deliveries (%d KB each), 8 senders: %d accepted in %.2f s = %.0f deliveries/s (statuses %s)%n",
                body.length / 1024, accepted.get(), seconds, accepted.get() / seconds, statuses));

        System.out.println(report);
        Files.writeString(Path.of("target", "service-bench.txt"), report.toString());
        assertEquals(DELIVERIES, accepted.get());
    }

    /** When GitHub received each review, by URL (a listener on WireMock, so waiting costs no CPU). */
    private final ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Long>> reviewed = new ConcurrentHashMap<>();
    private boolean listening;

    private java.util.concurrent.CompletableFuture<Long> reviewPosted(String url) {
        return reviewed.computeIfAbsent(url, u -> new java.util.concurrent.CompletableFuture<>());
    }

    /** Sends a signed delivery for PR {@code number} and returns nanoseconds until its review reached GitHub. */
    private long reviewOf(int number) throws Exception {
        synchronized (this) {
            if (!listening) {
                github.wm.addMockServiceRequestListener((request, response) -> {
                    if (request.getMethod().value().equals("POST") && request.getUrl().endsWith("/reviews")) {
                        reviewPosted(request.getUrl()).complete(System.nanoTime());
                    }
                });
                listening = true;
            }
        }
        byte[] body = payload(number);
        String reviews = PullRequests.BASE + "/pulls/" + number + "/reviews";
        long t0 = System.nanoTime();
        int status = service.deliver("pull_request", body, UUID.randomUUID().toString()).statusCode();
        if (status != 202) throw new AssertionError("delivery answered " + status);
        return reviewPosted(reviews).get(60, java.util.concurrent.TimeUnit.SECONDS) - t0;
    }

    private static byte[] payload(int number) {
        ObjectNode p = (ObjectNode) GitHubFake.resource("opened.payload.json");
        p.put("number", number);
        ((ObjectNode) p.path("pull_request")).put("number", number);
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Calls per review by route, over the newest {@code calls} requests GitHub received. */
    private String routesPerReview(int calls, int reviews) {
        Map<String, Integer> routes = new java.util.TreeMap<>();
        for (ServeEvent e : github.wm.getAllServeEvents().subList(0, calls)) {   // newest first
            String route = e.getRequest().getMethod() + " " + e.getRequest().getUrl().replaceAll("\\?.*", "")
                    .replaceAll("/contents/app/.*", "/contents/{file}").replaceAll("/pulls/\\d+", "/pulls/{n}");
            routes.merge(route, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        routes.forEach((r, n) -> out.append(String.format("%n    %5.1f  %s", n / (double) reviews, r)));
        return out.toString();
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }
}
