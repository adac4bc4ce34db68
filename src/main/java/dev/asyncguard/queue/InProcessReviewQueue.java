package dev.asyncguard.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ReviewQueue}: waiting jobs in arrival order, at most one per pull request,
 * run by a fixed number of virtual-thread workers (each run blocks on GitHub calls, which is what
 * virtual threads are for). State lives in memory, so a restart loses waiting jobs: they are
 * returned by {@link #shutdown} and the caller logs them for a {@code /recheck}.
 */
public final class InProcessReviewQueue implements ReviewQueue {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessReviewQueue.class);

    private final int capacity;
    private final int concurrency;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashMap<PullRequestKey, ReviewJob> waiting = new LinkedHashMap<>();
    private final Map<PullRequestKey, Running> running = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    /** Deferred jobs ({@link ReviewDeferred}) waiting for their time, by pull request. */
    private final Map<PullRequestKey, ReviewJob> deferred = new HashMap<>();
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("review-deferral").factory());
    private boolean closed;

    private static final class Running {
        final ReviewJob job;
        final Thread thread;
        volatile boolean current = true;

        Running(ReviewJob job, Thread thread) {
            this.job = job;
            this.thread = thread;
        }
    }

    public InProcessReviewQueue(int capacity, int concurrency) {
        if (capacity < 1 || concurrency < 1) {
            throw new IllegalArgumentException("capacity and concurrency must be at least 1");
        }
        this.capacity = capacity;
        this.concurrency = concurrency;
    }

    @Override
    public Offer offer(ReviewJob job) {
        lock.lock();
        try {
            if (closed) return Offer.CLOSED;
            PullRequestKey key = job.pullRequest();
            Running r = running.get(key);
            if (r != null && job.headSha() != null && !job.headSha().equals(r.job.headSha())) {
                r.current = false;
            }
            deferred.remove(key);     // the newer job reviews the newer state; the deferred one is dropped
            ReviewJob queued = waiting.get(key);
            Offer result;
            if (queued != null) {
                // A label removal reviews only a head nobody reviewed; any other job for that head asks more.
                boolean weaker = queued.trigger() == ReviewJob.Trigger.LABEL_REMOVED
                        && job.trigger() != ReviewJob.Trigger.LABEL_REMOVED;
                if (job.headSha() != null && job.headSha().equals(queued.headSha()) && !weaker) {
                    return Offer.ALREADY_WAITING;
                }
                result = Offer.SUPERSEDED_WAITING;
            } else if (waiting.size() >= capacity) {
                return Offer.FULL;
            } else {
                result = Offer.QUEUED;
            }
            waiting.put(key, job);
            changed.signalAll();
            return result;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start(ReviewWorker worker) {
        lock.lock();
        try {
            if (!workers.isEmpty()) throw new IllegalStateException("already started");
            for (int i = 0; i < concurrency; i++) {
                workers.add(Thread.ofVirtual().name("review-worker-" + i).start(() -> work(worker)));
            }
        } finally {
            lock.unlock();
        }
    }

    private void work(ReviewWorker worker) {
        while (true) {
            Running mine;
            lock.lock();
            try {
                ReviewJob next;
                while ((next = nextRunnable()) == null) {
                    if (closed) return;
                    changed.awaitUninterruptibly();
                }
                mine = new Running(next, Thread.currentThread());
                running.put(next.pullRequest(), mine);
            } finally {
                lock.unlock();
            }
            Running self = mine;
            try {
                worker.run(self.job, () -> self.current);
            } catch (ReviewDeferred d) {
                defer(self.job, d);
            } catch (RuntimeException | Error e) {
                LOG.error("review job for {} ended with {}", self.job.pullRequest(), e.toString());
            } finally {
                Thread.interrupted();   // an interrupt meant for this job must not reach the next one
                lock.lock();
                try {
                    running.remove(self.job.pullRequest());
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Puts a deferred job back after its delay, unless a newer job for the same pull request
     * arrived meanwhile (that one reviews the newer state) or the queue has closed.
     */
    private void defer(ReviewJob job, ReviewDeferred d) {
        lock.lock();
        try {
            if (closed) return;
            LOG.info("review of {} deferred for {} s: {}", job.pullRequest(), d.delay().toSeconds(), d.getMessage());
            deferred.put(job.pullRequest(), job);
        } finally {
            lock.unlock();
        }
        timer.schedule(() -> {
            lock.lock();
            try {
                if (closed || !deferred.remove(job.pullRequest(), job)) return;
                if (waiting.containsKey(job.pullRequest()) || running.containsKey(job.pullRequest())) return;
                waiting.put(job.pullRequest(), job);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }, d.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Jobs deferred and not yet back in the queue. */
    public int deferred() {
        lock.lock();
        try {
            return deferred.size();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest waiting job whose pull request is not running; removes it. Null when none (or closed). */
    private ReviewJob nextRunnable() {
        if (closed) return null;
        Iterator<Map.Entry<PullRequestKey, ReviewJob>> it = waiting.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<PullRequestKey, ReviewJob> e = it.next();
            if (!running.containsKey(e.getKey())) {
                it.remove();
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public int depth() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int running() {
        lock.lock();
        try {
            return running.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean accepting() {
        lock.lock();
        try {
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ReviewJob> shutdown(Duration grace) {
        List<ReviewJob> handedBack = new ArrayList<>();
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            closed = true;
            timer.shutdownNow();
            handedBack.addAll(waiting.values());
            handedBack.addAll(deferred.values());
            waiting.clear();
            deferred.clear();
            changed.signalAll();
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                changed.awaitNanos(left);
            }
            for (Running r : running.values()) {
                LOG.warn("review of {} still running after the {} s grace period; interrupting it",
                        r.job.pullRequest(), grace.toSeconds());
                handedBack.add(r.job);
                r.thread.interrupt();
            }
            // Interrupted runs still complete their check run as failed; give them a moment.
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!running.isEmpty() && System.nanoTime() < settle) {
                changed.awaitNanos(settle - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return handedBack;
    }
}
