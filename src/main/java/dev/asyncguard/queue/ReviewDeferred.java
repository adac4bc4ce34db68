package dev.asyncguard.queue;

import java.time.Duration;

/**
 * Thrown by a {@link ReviewWorker} whose job cannot run now but will later (GitHub's rate limit
 * resets in longer than the run may wait): the queue puts the job back, to run again after
 * {@link #delay}, instead of counting it as done. Any queue implementation honours it the same way
 * (the in-process one with a timer; a shared one by re-adding the job with a not-before time).
 */
public final class ReviewDeferred extends RuntimeException {
    private final Duration delay;

    public ReviewDeferred(String reason, Duration delay) {
        super(reason, null, false, false);
        this.delay = delay.isNegative() ? Duration.ZERO : delay;
    }

    /** How long to wait before running the job again. */
    public Duration delay() {
        return delay;
    }
}
