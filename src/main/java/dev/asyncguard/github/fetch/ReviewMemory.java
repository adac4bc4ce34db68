package dev.asyncguard.github.fetch;

import dev.asyncguard.queue.ReviewDeferred;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The bytes of file content that the reviews running at once may hold together, shared by all of
 * them: one budget, sized from the heap ({@link #forHeap}), so that eight runs each entitled to
 * {@code max-run-bytes} cannot together fill the heap (an {@code OutOfMemoryError} ends the process,
 * and with the in-process queue its accepted jobs with it). Each run takes its bytes through its
 * {@link FetchBudget} (the worst case of a file before it is fetched, the rest given back once its
 * size is known) and gives them all back when it ends ({@link FetchBudget#close}).
 *
 * <p>A run that would pass the budget waits for room. Waiting cannot end when every run that holds
 * bytes is itself waiting for more: the run that finds itself last of them is deferred instead
 * ({@link ReviewDeferred}: the queue runs it again later, nothing is lost) and its bytes come free
 * for the others. A run also gives up waiting after {@code maxWait} (runs may hold bytes while they
 * wait for something else, e.g. their turn to analyze) and is deferred alike.
 */
public final class ReviewMemory {
    /** How long a run that was deferred for memory waits before it runs again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final long capacity;
    private final Duration maxWait;
    /** Told each time a run starts waiting for room (a metric). */
    private volatile Runnable waited = () -> { };
    private long used;
    /** Runs holding bytes now. */
    private final Set<Share> holding = new LinkedHashSet<>();

    /**
     * @param capacity the bytes all runs together may hold; at least one byte
     * @param maxWait  how long a run waits for room before it is deferred
     */
    public ReviewMemory(long capacity, Duration maxWait) {
        this.capacity = Math.max(1, capacity);
        this.maxWait = maxWait;
    }

    /** No shared limit (the command line, tests of other things): only each run's own budget applies. */
    public static ReviewMemory unlimited() {
        return new ReviewMemory(Long.MAX_VALUE, Duration.ZERO);
    }

    /**
     * The budget of {@code asyncguard.service.review-memory-bytes}, or when that is 0 a quarter of
     * the largest heap the JVM may use: the rest is for the caches (blobs, findings, summaries,
     * conditional answers), the parse trees of the reviews analyzing and the service itself.
     */
    public static ReviewMemory forHeap(long configured, long maxHeap) {
        return new ReviewMemory(configured > 0 ? configured : maxHeap / 4, Duration.ofMinutes(1));
    }

    /** {@code counter} is run each time a run starts waiting for room. */
    public ReviewMemory countingWaits(Runnable counter) {
        this.waited = counter;
        return this;
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes held by all runs now. */
    public synchronized long used() {
        return used;
    }

    /** One run's part of the budget. */
    public Share share() {
        return new Share();
    }

    /** What one run holds of the budget. */
    public final class Share {
        private long held;
        private int waiters;

        /**
         * Takes up to {@code bytes} (at most the whole budget), waiting for room while other runs hold
         * it: the bytes taken. Less than asked when nobody else holds any (no room will come: this
         * run's own contents fill the rest); 0 when nothing is left then, or for a run that may not be
         * deferred when every other run holding bytes waits for more too.
         *
         * @param deferrable whether the run may be put off: a changed file may, a module it imports
         *                   (its summary is only context) is rather left out
         * @throws ReviewDeferred when a deferrable run's waiting cannot end (every other run holding
         *                        bytes waits for more too) or takes longer than the budget's {@code maxWait}
         */
        long take(long bytes, boolean deferrable) {
            if (bytes <= 0) return 0;
            bytes = Math.min(bytes, capacity);
            synchronized (ReviewMemory.this) {
                long deadline = System.nanoTime() + maxWait.toNanos();
                boolean counted = false;
                while (used + bytes > capacity) {
                    if (used == held) {
                        bytes = capacity - used;
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (held > 0 && othersAllWaiting() || left <= 0) {
                        if (!deferrable) return 0;
                        throw new ReviewDeferred(deferral(left <= 0 ? "no room came free within " + maxWait.toSeconds() + " s"
                                : "every review holding file contents waits for more"), RETRY_AFTER);
                    }
                    if (!counted) {
                        counted = true;
                        waited.run();
                    }
                    waiters++;
                    try {
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(ReviewMemory.this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new dev.asyncguard.github.GitHubException("interrupted while waiting for memory for file contents", 0);
                    } finally {
                        waiters--;
                    }
                }
                if (bytes <= 0) return 0;
                used += bytes;
                held += bytes;
                holding.add(this);
                return bytes;
            }
        }

        /** Gives back {@code bytes} of what this run holds. */
        void give(long bytes) {
            synchronized (ReviewMemory.this) {
                long back = Math.min(Math.max(0, bytes), held);
                held -= back;
                used -= back;
                if (held == 0) holding.remove(this);
                ReviewMemory.this.notifyAll();
            }
        }

        /** Gives back everything this run holds (the run ended). */
        void release() {
            synchronized (ReviewMemory.this) {
                give(held);
            }
        }

        /** Bytes this run holds now. */
        long held() {
            synchronized (ReviewMemory.this) {
                return held;
            }
        }

        private boolean othersAllWaiting() {
            for (Share s : holding) {
                if (s != this && s.waiters == 0) return false;
            }
            return true;
        }

        private String deferral(String why) {
            return "the service's memory for file contents (" + capacity / 1024 + " KiB, asyncguard.service.review-memory-bytes) "
                    + "is taken by other reviews and " + why;
        }
    }
}
