package dev.asyncguard.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessReviewQueueTest {
    static final PullRequestKey PR = new PullRequestKey("o", "r", 1);

    static ReviewJob job(PullRequestKey pr, String sha) {
        return new ReviewJob(pr, 1, sha, false, java.util.List.of(), ReviewJob.Trigger.PULL_REQUEST, "d-" + sha, Instant.now());
    }

    @Test
    void newerHeadSupersedesTheWaitingJobAndTellsTheRunningOne() throws Exception {
        InProcessReviewQueue queue = new InProcessReviewQueue(10, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        ConcurrentHashMap<String, Boolean> currentAtEnd = new ConcurrentHashMap<>();
        queue.start((job, current) -> {
            started.countDown();
            if (job.headSha().equals("a")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            currentAtEnd.put(job.headSha(), current.stillCurrent());
            ran.add(job.headSha());
        });
        assertEquals(ReviewQueue.Offer.QUEUED, queue.offer(job(PR, "a")));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(ReviewQueue.Offer.QUEUED, queue.offer(job(PR, "b")), "waits: a is running for this PR");
        assertEquals(ReviewQueue.Offer.ALREADY_WAITING, queue.offer(job(PR, "b")));
        assertEquals(ReviewQueue.Offer.SUPERSEDED_WAITING, queue.offer(job(PR, "c")));
        assertEquals(1, queue.depth());
        release.countDown();
        assertEquals("a", ran.poll(5, TimeUnit.SECONDS));
        assertEquals("c", ran.poll(5, TimeUnit.SECONDS));
        assertFalse(currentAtEnd.get("a"), "a learned that a newer head arrived");
        assertTrue(currentAtEnd.get("c"));
        assertEquals(null, ran.poll(200, TimeUnit.MILLISECONDS), "b never ran");
        queue.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void aDeferredJobRunsAgainAfterItsDelayUnlessANewerOneArrived() throws Exception {
        InProcessReviewQueue queue = new InProcessReviewQueue(10, 1);
        PullRequestKey other = new PullRequestKey("o", "r", 2);
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
        queue.start((job, current) -> {
            ran.add(job.headSha());
            // Each job's first run is deferred, as a run that hits a long rate-limit wait is.
            if (!job.headSha().equals("c") && seen.add(job.headSha())) {
                throw new ReviewDeferred("rate limited", Duration.ofMillis(300));
            }
        });
        long start = System.nanoTime();
        queue.offer(job(PR, "a"));
        assertEquals("a", ran.poll(5, TimeUnit.SECONDS));
        awaitDeferred(queue, 1);
        assertEquals(0, queue.depth(), "not waiting: deferred until its time");
        assertEquals("a", ran.poll(5, TimeUnit.SECONDS), "the same job again, by itself");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "after the delay");

        queue.offer(job(other, "b"));
        assertEquals("b", ran.poll(5, TimeUnit.SECONDS));
        awaitDeferred(queue, 1);
        queue.offer(job(other, "c"));      // a newer head for that PR: the deferred job is dropped
        assertEquals("c", ran.poll(5, TimeUnit.SECONDS));
        assertEquals(0, queue.deferred());
        assertEquals(null, ran.poll(600, TimeUnit.MILLISECONDS), "b never ran again");
        queue.shutdown(Duration.ofSeconds(1));
    }

    /** The worker's throw reaches the queue just after the job is seen to run. */
    private static void awaitDeferred(InProcessReviewQueue queue, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queue.deferred() != count) {
            if (System.nanoTime() > end) throw new AssertionError("deferred: " + queue.deferred() + ", expected " + count);
            Thread.sleep(5);
        }
    }

    @Test
    void deferredJobsAreHandedBackAtShutdown() throws Exception {
        InProcessReviewQueue queue = new InProcessReviewQueue(10, 1);
        CountDownLatch ran = new CountDownLatch(1);
        queue.start((job, current) -> {
            ran.countDown();
            throw new ReviewDeferred("rate limited", Duration.ofMinutes(30));
        });
        queue.offer(job(PR, "a"));
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        awaitDeferred(queue, 1);
        assertEquals(List.of("a"), queue.shutdown(Duration.ofSeconds(1)).stream().map(ReviewJob::headSha).toList());
    }

    @Test
    void onePullRequestAtATimeButOthersRunInParallel() throws Exception {
        InProcessReviewQueue queue = new InProcessReviewQueue(100, 4);
        AtomicInteger perPr = new AtomicInteger();
        AtomicInteger maxPerPr = new AtomicInteger();
        AtomicInteger all = new AtomicInteger();
        AtomicInteger maxAll = new AtomicInteger();
        queue.start((job, current) -> {
            int n = all.incrementAndGet();
            maxAll.accumulateAndGet(n, Math::max);
            if (job.pullRequest().equals(PR)) maxPerPr.accumulateAndGet(perPr.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (job.pullRequest().equals(PR)) perPr.decrementAndGet();
            all.decrementAndGet();
        });
        for (int i = 0; i < 4; i++) {
            queue.offer(job(PR, "s" + i));
            Thread.sleep(5);
            queue.offer(job(new PullRequestKey("o", "r", 100 + i), "x"));
        }
        // PR's jobs supersede each other while waiting; the four other PRs all run.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((queue.depth() > 0 || queue.running() > 0) && System.nanoTime() < end) Thread.sleep(10);
        assertEquals(0, queue.depth() + queue.running());
        assertEquals(1, maxPerPr.get());
        assertTrue(maxAll.get() > 1, "different pull requests run in parallel");
        queue.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void aLabelRemovalGivesWayToAReviewOfTheSameHeadButNotTheOtherWayRound() throws Exception {
        InProcessReviewQueue queue = new InProcessReviewQueue(10, 1);
        ReviewJob unlabeled = new ReviewJob(PR, 1, "a", false, List.of(), ReviewJob.Trigger.LABEL_REMOVED, "d-u",
                Instant.now(), "wip");
        assertEquals(ReviewQueue.Offer.QUEUED, queue.offer(unlabeled));
        assertEquals(ReviewQueue.Offer.SUPERSEDED_WAITING, queue.offer(job(PR, "a")),
                "a reopened PR at the same head must still be reviewed");
        assertEquals(ReviewQueue.Offer.ALREADY_WAITING, queue.offer(unlabeled), "the waiting review covers it");
        BlockingQueue<ReviewJob.Trigger> ran = new LinkedBlockingQueue<>();
        queue.start((job, current) -> ran.add(job.trigger()));
        assertEquals(ReviewJob.Trigger.PULL_REQUEST, ran.poll(5, TimeUnit.SECONDS));
        assertEquals(null, ran.poll(200, TimeUnit.MILLISECONDS));
        queue.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void aRemovedLabelGoesWithItsTriggerOnly() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ReviewJob(PR, 1, "a",
                false, List.of(), ReviewJob.Trigger.LABEL_REMOVED, "d", Instant.now(), null));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ReviewJob(PR, 1, "a",
                false, List.of(), ReviewJob.Trigger.PULL_REQUEST, "d", Instant.now(), "wip"));
    }

    @Test
    void boundedAndClosedQueuesRefuse() {
        InProcessReviewQueue queue = new InProcessReviewQueue(2, 1);
        assertEquals(ReviewQueue.Offer.QUEUED, queue.offer(job(new PullRequestKey("o", "r", 1), "a")));
        assertEquals(ReviewQueue.Offer.QUEUED, queue.offer(job(new PullRequestKey("o", "r", 2), "a")));
        assertEquals(ReviewQueue.Offer.FULL, queue.offer(job(new PullRequestKey("o", "r", 3), "a")));
        assertEquals(ReviewQueue.Offer.SUPERSEDED_WAITING, queue.offer(job(new PullRequestKey("o", "r", 2), "b")),
                "a newer head for a waiting PR still fits");
        List<ReviewJob> handedBack = queue.shutdown(Duration.ofMillis(100));
        assertEquals(2, handedBack.size(), "never started: both waiting jobs come back");
        assertEquals(ReviewQueue.Offer.CLOSED, queue.offer(job(new PullRequestKey("o", "r", 4), "a")));
        assertFalse(queue.accepting());
    }

    @Test
    void shutdownWaitsForARunningJobThenInterruptsOneThatOverstays() throws Exception {
        InProcessReviewQueue queue = new InProcessReviewQueue(10, 2);
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        queue.start((job, current) -> {
            started.countDown();
            try {
                Thread.sleep(job.headSha().equals("quick") ? 100 : 60_000);
                finished.incrementAndGet();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        });
        queue.offer(job(new PullRequestKey("o", "r", 1), "quick"));
        queue.offer(job(new PullRequestKey("o", "r", 2), "slow"));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        List<ReviewJob> handedBack = queue.shutdown(Duration.ofMillis(500));
        assertEquals(1, finished.get(), "the quick job finished within the grace period");
        assertEquals(1, interrupted.get());
        assertEquals(List.of("slow"), handedBack.stream().map(ReviewJob::headSha).toList());
    }
}
