package dev.asyncguard.github.intake;

import dev.asyncguard.github.JobSettings;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.publish.CheckRuns;
import dev.asyncguard.github.publish.OpenCheckRuns.OpenCheckRun;
import dev.asyncguard.github.publish.OpenCheckRuns;
import dev.asyncguard.queue.ReviewJob;
import dev.asyncguard.queue.ReviewQueue;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check run of an accepted job, {@code queued} on the pull request while the job waits. It is
 * noted before the offer and, by default, only planned: a job that starts within
 * {@code asyncguard.jobs.check-run-after} of its delivery (the usual case: a review takes tens of
 * milliseconds) is taken over by its run, which creates the check run itself — already completed
 * when it ends quickly, in one request instead of a create and an update. A job still waiting then
 * gets its {@code queued} check run, created by a timer here (the note moves from planned to
 * pending atomically, so the timer and the run never both create one). With
 * {@code check-run-after: 0} the check run is noted pending and created right after the offer (the
 * webhook waits for it at most a second, then answers anyway), and a worker taking the job at once
 * waits for it rather than making a second one. Either way its id is noted for the run that
 * starts the job and for the sweeper. Only jobs that name their head and review it by default get
 * one: a {@code /recheck} learns its head in the run, and a label removal rarely reviews anything.
 */
@Singleton
public final class QueuedCheckRuns {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedCheckRuns.class);

    /** How long the webhook waits for the check run before answering without it. */
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final CheckRuns checkRuns;
    private final OpenCheckRuns open;
    /** How long after its delivery a job still waiting gets its {@code queued} check run (0: at once). */
    private final Duration after;
    private final ExecutorService creators = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("queued-check-run-", 0).factory());
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("queued-check-run-timer").factory());

    QueuedCheckRuns(CheckRuns checkRuns, OpenCheckRuns open, JobSettings jobs) {
        this.checkRuns = checkRuns;
        this.open = open;
        this.after = jobs.checkRunAfter().isNegative() ? Duration.ZERO : jobs.checkRunAfter();
    }

    static boolean wanted(ReviewJob job) {
        return job.headSha() != null && job.deliveryId() != null
                && (job.trigger() == ReviewJob.Trigger.PULL_REQUEST || job.trigger() == ReviewJob.Trigger.CHECK_RUN_RERUN);
    }

    /** Before the offer: notes the check run as planned (or pending). False when it is not wanted or cannot be noted. */
    boolean before(ReviewJob job) {
        if (!wanted(job)) return false;
        try {
            open.put(new OpenCheckRun(CheckRuns.externalId(job.deliveryId()), job.installationId(),
                    job.pullRequest().owner(), job.pullRequest().repo(), job.headSha(),
                    after.isZero() ? OpenCheckRun.PENDING : OpenCheckRun.PLANNED, Instant.now()));
            return true;
        } catch (RuntimeException e) {
            // The run then creates its check run itself when it starts, as without this note.
            LOG.warn("could not note the check run of {}: {}", job.pullRequest(), e.getMessage());
            return false;
        }
    }

    /** After the offer: creates the check run when the job was queued, forgets the note when not. */
    void after(ReviewJob job, ReviewQueue.Offer offer) {
        if (!wanted(job)) return;
        String externalId = CheckRuns.externalId(job.deliveryId());
        if ((offer == ReviewQueue.Offer.QUEUED || offer == ReviewQueue.Offer.SUPERSEDED_WAITING) && !after.isZero()) {
            try {
                timers.schedule(() -> createIfStillWaiting(job, externalId), after.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.info("shutting down: the run of {} creates its check run itself", job.pullRequest());
                forgetPending(externalId);
            }
            return;
        }
        if (offer == ReviewQueue.Offer.QUEUED || offer == ReviewQueue.Offer.SUPERSEDED_WAITING) {
            Future<?> created;
            try {
                created = creators.submit(() -> create(job, externalId));
            } catch (RejectedExecutionException e) {
                LOG.info("shutting down: the run of {} creates its check run itself", job.pullRequest());
                forgetPending(externalId);
                return;
            }
            // Usually GitHub answers at once and the check run is there when the webhook answers;
            // when it is slow, the webhook does not wait for it (the run waits for the note instead).
            try {
                created.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.info("the queued check run of {} is still being created; answering the webhook", job.pullRequest());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.warn("creating the queued check run of {} failed: {}", job.pullRequest(), e.getCause().toString());
            }
            return;
        }
        forgetPending(externalId);
    }

    /** The timer's part: the {@code queued} check run of a job whose run has not taken it over (nor ended). */
    private void createIfStillWaiting(ReviewJob job, String externalId) {
        try {
            if (!open.replace(externalId, OpenCheckRun.PLANNED, OpenCheckRun.PENDING)) return;
        } catch (RuntimeException e) {
            LOG.warn("could not take the planned check run of {}: {}; its run creates one", job.pullRequest(), e.getMessage());
            return;
        }
        try {
            creators.submit(() -> create(job, externalId));
        } catch (RejectedExecutionException e) {
            forgetPending(externalId);
        }
    }

    private void create(ReviewJob job, String externalId) {
        RepoRef repo = new RepoRef(job.pullRequest().owner(), job.pullRequest().repo());
        long id;
        try {
            id = checkRuns.createQueued(job.installationId(), repo, job.headSha(), externalId);
        } catch (RuntimeException e) {
            LOG.warn("could not create the queued check run of {}: {}; its run creates one when it starts",
                    job.pullRequest(), e.getMessage());
            forgetPending(externalId);
            return;
        }
        boolean kept;
        try {
            kept = open.resolve(externalId, id);
        } catch (RuntimeException e) {
            LOG.warn("could not note check run {} of {}: {}", id, job.pullRequest(), e.getMessage());
            kept = false;
        }
        if (!kept) {
            // Its run did not wait for it (it started and made its own, or has already ended).
            checkRuns.completeQuietly(job.installationId(), repo, id, "neutral", "Reported by another check run",
                    "Another asyncguard check run on this commit reports this review.");
        }
    }

    private void forgetPending(String externalId) {
        try {
            if (open.get(externalId).map(r -> r.pending() || r.id() == OpenCheckRun.PLANNED).orElse(false)) open.remove(externalId);
        } catch (RuntimeException e) {
            LOG.warn("could not forget the check-run note {}: {}", externalId, e.getMessage());
        }
    }

    /** Check runs still being created get a moment to land, so that their notes are complete. */
    @PreDestroy
    void close() throws InterruptedException {
        // A planned check run not created by now is its run's (or, with its job lost, the sweeper's).
        timers.shutdownNow();
        creators.shutdown();
        creators.awaitTermination(5, TimeUnit.SECONDS);
    }
}
