package dev.asyncguard.queue;

import java.time.Duration;
import java.util.List;

/**
 * Review jobs between the webhook (which must answer within milliseconds) and the runs (which take
 * seconds of GitHub calls). The contract fits both the in-process queue and a shared one (Redis
 * Streams, a consumer group per deployment):
 * <ul>
 *   <li>jobs are keyed by pull request, and at most one job per pull request runs at a time;</li>
 *   <li>a job for a newer head supersedes a waiting one for the same pull request, and tells a
 *       running one that it is no longer current;</li>
 *   <li>delivery is at least once: a job is acknowledged only when its worker returns, and jobs
 *       still held at shutdown are handed back ({@link #shutdown}), so a worker must tolerate
 *       seeing a job twice (runs skip findings already posted);</li>
 *   <li>the queue is bounded: {@link #offer} says {@link Offer#FULL} rather than grow;</li>
 *   <li>a worker that throws {@link ReviewDeferred} has not finished its job: the queue runs it
 *       again after the deferral's delay (unless a newer job for the same pull request arrived
 *       meanwhile), instead of acknowledging it.</li>
 * </ul>
 */
public interface ReviewQueue {

    enum Offer {
        /** Queued as a new job. */
        QUEUED,
        /** Replaced a waiting job for the same pull request. */
        SUPERSEDED_WAITING,
        /** The same head is already waiting; nothing added. */
        ALREADY_WAITING,
        /** The queue is at capacity; the caller should answer 503 so that the sender can retry. */
        FULL,
        /** The queue is shutting down. */
        CLOSED,
        /** The shared queue's store (Redis) is down or refuses writes; the caller answers 503. */
        UNAVAILABLE
    }

    Offer offer(ReviewJob job);

    /** Starts delivering jobs to {@code worker}. */
    void start(ReviewWorker worker);

    /** Jobs waiting, not counting running ones. */
    int depth();

    /** Jobs running now. */
    int running();

    boolean accepting();

    /**
     * Stops taking jobs, lets running ones finish within {@code grace}, interrupts those that do
     * not, and returns the jobs it could not run (waiting ones and interrupted ones) so that the
     * caller can hand them back.
     */
    List<ReviewJob> shutdown(Duration grace);

    /**
     * Whether jobs handed back by {@link #shutdown} stay queued for another replica (a shared
     * queue) rather than being lost with this process.
     */
    default boolean handsBackToOthers() {
        return false;
    }
}
