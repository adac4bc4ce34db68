package dev.asyncguard.github.publish;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Our check runs that are not completed yet, by the {@code external_id} of the delivery that asked
 * for them: noted when a job is accepted (first as {@link OpenCheckRun#PENDING} while the
 * {@code queued} check run is being created), found by the run that starts the job, forgotten when
 * the run completes it. What stays here after its job is gone is what the sweeper completes.
 * Shared by every replica with Redis; in this process (and an optional journal directory) without.
 */
public interface OpenCheckRuns {

    /**
     * One open check run.
     *
     * @param id    GitHub's id of the check run; {@link #PENDING} while it is being created
     * @param since when it was noted
     */
    record OpenCheckRun(String externalId, long installation, String owner, String repo, String headSha,
                        long id, Instant since) {
        public static final long PENDING = -1;
        /**
         * Not created yet: the delivery creates it {@code queued} once the job has waited
         * {@code asyncguard.jobs.check-run-after}, unless the job's run {@linkplain #TAKEN took it} first.
         */
        public static final long PLANNED = -3;
        /**
         * Taken over by the job's run before it was created: the run creates it itself, in progress
         * once the job has taken {@code check-run-after}, else already completed in one request.
         */
        public static final long TAKEN = -4;

        public boolean pending() {
            return id == PENDING;
        }

        /** Whether GitHub has no id for it yet (being created, planned or taken by its run). */
        public boolean withoutId() {
            return id < 0;
        }

        public OpenCheckRun withId(long checkRunId) {
            return new OpenCheckRun(externalId, installation, owner, repo, headSha, checkRunId, since);
        }
    }

    /** Notes a check run; replaces a note of the same external id. */
    void put(OpenCheckRun run);

    /** Sets the id of a {@link OpenCheckRun#PENDING} note; false when the note is gone or already has an id. */
    default boolean resolve(String externalId, long id) {
        return replace(externalId, OpenCheckRun.PENDING, id);
    }

    /**
     * Sets a note's id to {@code id} if it is {@code expected}, atomically (across replicas with
     * Redis): of a delivery's timer and its run, only one takes a {@link OpenCheckRun#PLANNED} note.
     * False when the note is gone or holds another id.
     */
    boolean replace(String externalId, long expected, long id);

    Optional<OpenCheckRun> get(String externalId);

    void remove(String externalId);

    /** Every open check run noted. */
    List<OpenCheckRun> all();
}
