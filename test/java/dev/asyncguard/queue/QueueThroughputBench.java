package dev.asyncguard.queue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How many review jobs the queues move per second on this machine, with a worker that does
 * nothing (so the figure is the queue's own cost, not a review's). Not part of the build: run it
 * with {@code test/bench/queue-bench.sh}. For each queue it times {@code bench.jobs} jobs (one per
 * pull request) from the first offer to the last acknowledged run: offered by {@code bench.offerers}
 * threads (as the webhook's request threads would) and run by {@code bench.replicas} queues of
 * {@code bench.concurrency} workers each. Prints, and writes to target/queue-bench.txt.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class QueueThroughputBench {
    static final int JOBS = Integer.getInteger("bench.jobs", 5000);
    static final int OFFERERS = Integer.getInteger("bench.offerers", 8);
    static final int REPLICAS = Integer.getInteger("bench.replicas", 2);
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 4);

    @Test
    void throughput() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d jobs, %d offering threads, %d worker(s) per queue; %d CPUs",
                JOBS, OFFERERS, CONCURRENCY, Runtime.getRuntime().availableProcessors()));
        for (int round = 0; round < 2; round++) {     // the first round warms the JIT up
            lines.add(measure("in-process, 1 replica", List.of(new InProcessReviewQueue(JOBS, CONCURRENCY)), round));
        }
        try (RedisServer redis = RedisServer.start()) {
            RedisClient client = redis.client();
            try {
                for (int round = 0; round < 2; round++) {
                    for (int replicas : new int[] {1, REPLICAS}) {
                        String prefix = "bench-" + UUID.randomUUID() + ":";
                        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
                        List<ReviewQueue> queues = new ArrayList<>();
                        for (int r = 0; r < replicas; r++) {
                            StatefulRedisConnection<String, String> c = client.connect();
                            StatefulRedisConnection<String, String> reader = client.connect();
                            connections.add(c);
                            connections.add(reader);
                            queues.add(new RedisReviewQueue(c, reader, prefix, "bench-" + r, JOBS, CONCURRENCY,
                                    Duration.ofSeconds(15), 5, new SimpleMeterRegistry()));
                        }
                        lines.add(measure("Redis Streams, " + replicas + " replica(s)", queues, round));
                        connections.forEach(StatefulRedisConnection::close);
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        lines.forEach(System.out::println);
        try {
            Files.write(Path.of("target", "queue-bench.txt"), lines);
        } catch (IOException e) {
            System.err.println("could not write target/queue-bench.txt: " + e.getMessage());
        }
    }

    private static String measure(String name, List<ReviewQueue> queues, int round) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(JOBS);
        for (ReviewQueue q : queues) q.start((job, current) -> done.countDown());
        long start = System.nanoTime();
        long offerNanos;
        try (ExecutorService offerers = Executors.newFixedThreadPool(OFFERERS)) {
            for (int t = 0; t < OFFERERS; t++) {
                int first = t;
                offerers.execute(() -> {
                    for (int n = first; n < JOBS; n += OFFERERS) {
                        ReviewQueue q = queues.get(n % queues.size());
                        ReviewQueue.Offer offer = q.offer(new ReviewJob(new PullRequestKey("bench", "repo", n + 1), 1,
                                "%040x".formatted(n), false, List.of(), ReviewJob.Trigger.PULL_REQUEST, "d" + n, Instant.now()));
                        if (offer != ReviewQueue.Offer.QUEUED) throw new IllegalStateException("offer " + n + ": " + offer);
                    }
                });
            }
        }
        offerNanos = System.nanoTime() - start;
        boolean all = done.await(120, TimeUnit.SECONDS);
        long total = System.nanoTime() - start;
        for (ReviewQueue q : queues) q.shutdown(Duration.ofSeconds(1));
        return String.format(Locale.ROOT, "%s%s: offered %,.0f jobs/s; offered to run and acknowledged %,.0f jobs/s (%d ms)%s",
                round == 0 ? "(warm-up) " : "", name, JOBS / (offerNanos / 1e9), JOBS / (total / 1e9),
                TimeUnit.NANOSECONDS.toMillis(total), all ? "" : " — NOT ALL RAN: " + done.getCount() + " left");
    }
}
