package dev.asyncguard.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The shared queue against a real redis-server: each test its own key prefix, queues as replicas. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisReviewQueueTest {
    static final PullRequestKey PR = new PullRequestKey("o", "r", 1);
    static final Duration LEASE = Duration.ofMillis(900);

    RedisServer redis;
    RedisClient client;
    final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    final List<RedisReviewQueue> queues = new ArrayList<>();
    String prefix;

    @BeforeAll
    void startRedis() {
        redis = RedisServer.start();
        client = redis.client();
    }

    @AfterAll
    void stopRedis() {
        if (client != null) client.shutdown();
        if (redis != null) redis.close();
    }

    @AfterEach
    void stopQueues() {
        queues.forEach(q -> q.shutdown(Duration.ofMillis(200)));
        queues.clear();
        connections.forEach(c -> {
            if (c.isOpen()) c.close();
        });
        connections.clear();
    }

    /** A replica's queue; {@code capacity} jobs in the stream at most. */
    RedisReviewQueue replica(String name, int capacity, int concurrency) {
        if (prefix == null) prefix = "t-" + UUID.randomUUID() + ":";
        StatefulRedisConnection<String, String> commands = client.connect();
        StatefulRedisConnection<String, String> reader = client.connect();
        connections.add(commands);
        connections.add(reader);
        RedisReviewQueue q = new RedisReviewQueue(commands, reader, prefix, name, capacity, concurrency, LEASE, 5,
                new SimpleMeterRegistry());
        queues.add(q);
        return q;
    }

    @AfterEach
    void newPrefix() {
        prefix = null;
    }

    static ReviewJob job(PullRequestKey pr, String sha) {
        return new ReviewJob(pr, 1, sha, false, List.of("bug"), ReviewJob.Trigger.PULL_REQUEST, "d-" + sha, Instant.now());
    }

    @Test
    void jobsSurviveTheRoundTripThroughRedis() throws Exception {
        RedisReviewQueue q = replica("a", 10, 1);
        BlockingQueue<ReviewJob> ran = new LinkedBlockingQueue<>();
        q.start((job, current) -> ran.add(job));
        ReviewJob sent = new ReviewJob(PR, 7, null, true, List.of("x", "y"), ReviewJob.Trigger.LABEL_REMOVED, "d1",
                Instant.parse("2026-12-07T00:00:00.123Z"), "skip-review").withDefaultBranch("trunk");
        assertEquals(ReviewQueue.Offer.QUEUED, q.offer(sent));
        assertEquals(sent, ran.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void newerHeadSupersedesTheWaitingJobAndTellsTheRunningOne() throws Exception {
        RedisReviewQueue q = replica("a", 10, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        Map<String, Boolean> currentAtEnd = new ConcurrentHashMap<>();
        q.start((job, current) -> {
            started.countDown();
            if (job.headSha().equals("a")) await(release);
            currentAtEnd.put(job.headSha(), current.stillCurrent());
            ran.add(job.headSha());
        });
        assertEquals(ReviewQueue.Offer.QUEUED, q.offer(job(PR, "a")));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(ReviewQueue.Offer.QUEUED, q.offer(job(PR, "b")), "waits: a is running for this PR");
        assertEquals(ReviewQueue.Offer.ALREADY_WAITING, q.offer(job(PR, "b")));
        assertEquals(ReviewQueue.Offer.SUPERSEDED_WAITING, q.offer(job(PR, "c")));
        release.countDown();
        assertEquals("a", ran.poll(5, TimeUnit.SECONDS));
        assertEquals("c", ran.poll(5, TimeUnit.SECONDS));
        assertFalse(currentAtEnd.get("a"), "a learned that a newer head arrived");
        assertTrue(currentAtEnd.get("c"));
        assertEquals(null, ran.poll(300, TimeUnit.MILLISECONDS), "b never ran");
    }

    @Test
    void twoReplicasShareTheWorkAndNeverRunOnePullRequestTwiceAtOnce() throws Exception {
        Map<PullRequestKey, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        Map<String, AtomicInteger> runsByReplica = new ConcurrentHashMap<>();
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        List<RedisReviewQueue> replicas = List.of(replica("a", 100, 3), replica("b", 100, 3));
        for (int i = 0; i < 2; i++) {
            String name = i == 0 ? "a" : "b";
            replicas.get(i).start((job, current) -> {
                if (inFlight.computeIfAbsent(job.pullRequest(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                sleep(30);
                inFlight.get(job.pullRequest()).decrementAndGet();
                runsByReplica.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                ran.add(job.pullRequest() + "@" + job.headSha());
            });
        }
        int prs = 6;
        for (int round = 0; round < 4; round++) {
            for (int n = 1; n <= prs; n++) {
                // Same head each round, alternating replicas: waiting ones coalesce, running ones queue again.
                replicas.get(n % 2).offer(new ReviewJob(new PullRequestKey("o", "r", n), 1, "h" + n, false, List.of(),
                        ReviewJob.Trigger.RECHECK, "d" + round + "-" + n, Instant.now()));
            }
        }
        List<String> seen = new ArrayList<>();
        String s;
        while ((s = ran.poll(2, TimeUnit.SECONDS)) != null) seen.add(s);
        assertEquals(0, overlaps.get(), "one run per pull request at a time across replicas");
        for (int n = 1; n <= prs; n++) {
            String want = "o/r#" + n + "@h" + n;
            assertTrue(seen.contains(want), "PR " + n + " reviewed: " + seen);
        }
        assertEquals(2, runsByReplica.size(), "both replicas took work: " + runsByReplica);
    }

    @Test
    void aDeadReplicasJobIsClaimedAfterTheLeaseAndRunAgain() throws Exception {
        RedisReviewQueue dying = replica("dying", 10, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        dying.start((job, current) -> {
            started.countDown();
            await(never);
        });
        assertEquals(ReviewQueue.Offer.QUEUED, dying.offer(job(PR, "a")));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        // Its connections die with it: nothing refreshes the entry or the PR's lease any more.
        connections.forEach(StatefulRedisConnection::close);
        long died = System.nanoTime();

        RedisReviewQueue survivor = replica("survivor", 10, 1);
        BlockingQueue<String> reran = new LinkedBlockingQueue<>();
        survivor.start(new ReviewWorker() {
            @Override
            public void run(ReviewJob job, StillCurrent current) {
                reran.add("first delivery of " + job.headSha());
            }

            @Override
            public void rerun(ReviewJob job, StillCurrent current) {
                reran.add("rerun of " + job.headSha());
            }
        });
        assertEquals("rerun of a", reran.poll(10, TimeUnit.SECONDS));
        Duration recovered = Duration.ofNanos(System.nanoTime() - died);
        System.out.println("dead replica's job claimed and run again after " + recovered.toMillis() + " ms (lease " + LEASE.toMillis() + " ms)");
        assertTrue(recovered.compareTo(LEASE) >= 0, "not before the lease ran out: " + recovered);
        assertTrue(recovered.compareTo(LEASE.multipliedBy(4)) < 0, "soon after it: " + recovered);
        never.countDown();
    }

    @Test
    void aDeadReplicasJobSupersededMeanwhileIsNotRunButWhatItLeftOpenIsClosed() throws Exception {
        RedisReviewQueue dying = replica("dying", 10, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        dying.start((job, current) -> {
            started.countDown();
            await(never);
        });
        assertEquals(ReviewQueue.Offer.QUEUED, dying.offer(job(PR, "a")));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        connections.forEach(StatefulRedisConnection::close);

        RedisReviewQueue survivor = replica("survivor", 10, 1);
        assertEquals(ReviewQueue.Offer.QUEUED, survivor.offer(job(PR, "b")), "a newer head while a's replica is dead");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        survivor.start(new ReviewWorker() {
            @Override
            public void run(ReviewJob job, StillCurrent current) {
                events.add("ran " + job.headSha());
            }

            @Override
            public void abandoned(ReviewJob job, String why) {
                events.add("abandoned " + job.headSha());
            }
        });
        List<String> seen = new ArrayList<>();
        String e;
        while (seen.size() < 2 && (e = events.poll(10, TimeUnit.SECONDS)) != null) seen.add(e);
        assertEquals(List.of("abandoned a", "ran b"), seen.stream().sorted().toList(),
                "b runs once the dead replica's lease on the PR ran out; a is not run again, its check run is closed");
        never.countDown();
    }

    @Test
    void shutdownHandsWaitingJobsBackToTheOtherReplicas() throws Exception {
        RedisReviewQueue busy = replica("busy", 10, 2);
        RedisReviewQueue leaving = replica("leaving", 10, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        busy.start((job, current) -> {
            started.countDown();
            if (job.headSha().equals("a")) await(release);
            ran.add("busy:" + job.headSha());
        });
        assertEquals(ReviewQueue.Offer.QUEUED, busy.offer(job(PR, "a")));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        leaving.start((job, current) -> ran.add("leaving:" + job.headSha()));
        // Same PR: whoever reads it must wait for busy's lease; give leaving the chance to hold it.
        assertEquals(ReviewQueue.Offer.QUEUED, leaving.offer(new ReviewJob(PR, 1, "a", false, List.of(),
                ReviewJob.Trigger.RECHECK, "d-again", Instant.now())));
        sleep(400);
        List<ReviewJob> handedBack = leaving.shutdown(Duration.ofSeconds(1));
        release.countDown();
        List<String> seen = new ArrayList<>();
        String s;
        while ((s = ran.poll(3, TimeUnit.SECONDS)) != null) seen.add(s);
        assertEquals(List.of("busy:a", "busy:a"), seen, "the second job ran once, on the replica that stayed; handed back: " + handedBack);
    }

    @Test
    void boundedBacklogSaysFullAndRedisDownSaysUnavailable() throws Exception {
        RedisReviewQueue q = replica("a", 2, 1);
        assertEquals(ReviewQueue.Offer.QUEUED, q.offer(job(new PullRequestKey("o", "r", 1), "a")));
        assertEquals(ReviewQueue.Offer.QUEUED, q.offer(job(new PullRequestKey("o", "r", 2), "a")));
        assertEquals(ReviewQueue.Offer.FULL, q.offer(job(new PullRequestKey("o", "r", 3), "a")));
        connections.forEach(StatefulRedisConnection::close);
        long t = System.nanoTime();
        assertEquals(ReviewQueue.Offer.UNAVAILABLE, q.offer(job(new PullRequestKey("o", "r", 4), "a")));
        assertTrue(Duration.ofNanos(System.nanoTime() - t).compareTo(Duration.ofSeconds(2)) < 0, "answered at once");
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
