package dev.asyncguard.github.intake;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check run of an accepted job, {@code queued} on the pull request from the moment the job is
 * durably queued until a worker starts it. It is noted as pending before the offer (so that a
 * worker taking the job at once waits for it rather than making a second one), created right after
 * the offer (the webhook waits for it at most a second, then answers anyway), and its id noted
 * for the run that starts the job and for the sweeper. Only jobs that name their head and review it by default get
 * one: a {@code /recheck} learns its head in the run, and a label removal rarely reviews anything.
 */
@Singleton
public final class QueuedCheckRuns {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedCheckRuns.class);

    /** How long the webhook waits for the check run before answering without it. */
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final CheckRuns checkRuns;
    private final OpenCheckRuns open;
    private final ExecutorService creators = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("queued-check-run-", 0).factory());

    QueuedCheckRuns(CheckRuns checkRuns, OpenCheckRuns open) {
        this.checkRuns = checkRuns;
        this.open = open;
    }

    static boolean wanted(ReviewJob job) {
        return job.headSha() != null && job.deliveryId() != null
                && (job.trigger() == ReviewJob.Trigger.PULL_REQUEST || job.trigger() == ReviewJob.Trigger.CHECK_RUN_RERUN);
    }

    /** Before the offer: notes the check run as pending. False when it is not wanted or cannot be noted. */
    boolean before(ReviewJob job) {
        if (!wanted(job)) return false;
        try {
            open.put(new OpenCheckRun(CheckRuns.externalId(job.deliveryId()), job.installationId(),
                    job.pullRequest().owner(), job.pullRequest().repo(), job.headSha(), OpenCheckRun.PENDING, Instant.now()));
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
            if (open.get(externalId).map(OpenCheckRun::pending).orElse(false)) open.remove(externalId);
        } catch (RuntimeException e) {
            LOG.warn("could not forget the check-run note {}: {}", externalId, e.getMessage());
        }
    }

    /** Check runs still being created get a moment to land, so that their notes are complete. */
    @PreDestroy
    void close() throws InterruptedException {
        creators.shutdown();
        creators.awaitTermination(5, TimeUnit.SECONDS);
    }
}
