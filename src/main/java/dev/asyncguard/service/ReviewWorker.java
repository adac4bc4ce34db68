package dev.asyncguard.service;

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

    @FunctionalInterface
    interface StillCurrent {
        boolean stillCurrent();
    }
}
