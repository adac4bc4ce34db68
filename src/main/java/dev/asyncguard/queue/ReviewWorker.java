package dev.asyncguard.queue;

/** Runs one job to its end (posting results or a failed check run); called by a {@link ReviewQueue}. */
@FunctionalInterface
public interface ReviewWorker {
    /**
     * @param job     the job
     * @param current tells the run, at any point, whether a newer job for the same pull request
     *                has arrived since it started, so it can stop before posting stale results
     */
    void run(ReviewJob job, StillCurrent current);

    /**
     * Runs a job that was delivered before (claimed from a replica that died, or handed back at a
     * shutdown): its check run or review may already exist, and the run must find them.
     */
    default void rerun(ReviewJob job, StillCurrent current) {
        run(job, current);
    }

    /**
     * A job that will not run although an earlier delivery of it may have started (it was
     * superseded while its replica was dead, or failed too often): whatever it left open, such as
     * a check run in progress, should be closed saying {@code why}.
     */
    default void abandoned(ReviewJob job, String why) {
    }

    @FunctionalInterface
    interface StillCurrent {
        boolean stillCurrent();
    }
}
