package dev.asyncguard.github.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.GitHubException;
import dev.asyncguard.github.GitHubRateLimited;
import dev.asyncguard.github.JobSettings;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.github.ServiceSettings;
import dev.asyncguard.github.fetch.BlobCache;
import dev.asyncguard.github.fetch.BlobStore;
import dev.asyncguard.github.fetch.CommitTrees;
import dev.asyncguard.github.fetch.ChangedFiles;
import dev.asyncguard.github.fetch.GraphQlBlobs;
import dev.asyncguard.github.fetch.FetchBudget;
import dev.asyncguard.github.fetch.GitHubContextModules;
import dev.asyncguard.github.fetch.PostedFingerprints;
import dev.asyncguard.github.fetch.PullRequestSnapshot;
import dev.asyncguard.github.fetch.RepositoryPolicies;
import dev.asyncguard.github.fetch.ServicePolicy;
import dev.asyncguard.github.fetch.SummaryCache;
import dev.asyncguard.github.publish.CheckRuns;
import dev.asyncguard.github.publish.OpenCheckRuns.OpenCheckRun;
import dev.asyncguard.github.publish.OpenCheckRuns;
import dev.asyncguard.github.publish.PullRequestReview;
import dev.asyncguard.github.publish.ReviewPosting;
import dev.asyncguard.queue.PullRequestKey;
import dev.asyncguard.queue.ReviewJob;
import dev.asyncguard.queue.ReviewWorker;
import dev.asyncguard.review.InlineComment;
import dev.asyncguard.review.ReviewEvent;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One review of one pull request at one head: check run in progress, the changed Python files and
 * their content, the review, the completed check run. Whatever goes wrong after the check run
 * exists ends in a failed check run that says why, never in silence. A run that learns its head
 * is no longer the PR's head does not post.
 */
@Singleton
public class PullRequestReviewRun implements ReviewWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestReviewRun.class);
    /**
     * Files read for earlier reviews (changed files and the unchanged modules they import), by
     * installation and blob SHA: a later review of any of the installation's repositories reads
     * them from here instead of from GitHub.
     */
    private final BlobStore blobs;
    /** The default branch's tree at each head reviews were laid on lately: read once per commit. */
    private final CommitTrees trees = new CommitTrees();
    /**
     * Their summaries, by blob SHA and summary key: a later review neither fetches nor summarizes them
     * again. At most an eighth of the largest heap (128 MiB from a 1 GiB heap on), beside the other caches.
     */
    private final SummaryCache summaries = new SummaryCache(50_000, Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 8));
    /**
     * Pull requests this process posted a review on (the most recent ones): their comments are read
     * on the next run even when GitHub's listing of reviews does not show ours yet.
     */
    private final java.util.Set<PullRequestKey> postedOn = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<PullRequestKey, Boolean> eldest) {
                    return size() > 100_000;
                }
            }));
    /** Interrupts runs that pass {@code asyncguard.service.run-deadline}. */
    private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("review-deadline").factory());

    private final GitHubClient github;
    private final RepositoryPolicies policies;
    private final PullRequestReviewer reviewer;
    private final ServiceSettings settings;
    private final ServiceMetrics metrics;
    private final CommentFeedback feedback;
    private final CheckRuns checkRuns;
    private final ReviewPosting reviews;
    private final ChangedFiles changedFiles;
    /** Reads the blobs a run needs many at a time (GraphQL), for the changed files and imported modules alike. */
    private final GraphQlBlobs batches;
    private final OpenCheckRuns open;
    private final JobSettings jobs;
    /** The bytes of file content all running reviews hold together at most. */
    private final dev.asyncguard.github.fetch.ReviewMemory memory;

    public PullRequestReviewRun(GitHubClient github, RepositoryPolicies policies, PullRequestReviewer reviewer,
                                ServiceSettings settings, ServiceMetrics metrics, CheckRuns checkRuns,
                                ReviewPosting reviews, CommentFeedback feedback, OpenCheckRuns open, JobSettings jobs,
                                GraphQlBlobs batches) {
        this.batches = batches;
        this.open = open;
        this.jobs = jobs;
        this.feedback = feedback;
        this.github = github;
        this.policies = policies;
        this.reviewer = reviewer;
        this.settings = settings;
        this.metrics = metrics;
        this.checkRuns = checkRuns;
        this.reviews = reviews;
        this.blobs = new BlobCache(settings.blobCacheBytes());
        this.memory = dev.asyncguard.github.fetch.ReviewMemory.forHeap(settings.reviewMemoryBytes(), Runtime.getRuntime().maxMemory());
        memory.countingWaits(metrics.reviewMemory(memory.capacity(), memory::used));
        this.changedFiles = new ChangedFiles(github, settings.fetchConcurrency(), settings.maxFileBytes(), blobs, batches, metrics);
    }

    /** Thrown inside a run when a newer head makes its results stale. */
    private static final class Superseded extends RuntimeException {
        Superseded(String why) {
            super(why, null, false, false);
        }
    }

    @Override
    public void run(ReviewJob job, StillCurrent current) {
        run(job, current, false);
    }

    /** A job delivered before: its check run is found again by {@code external_id}, its review by the head's marker. */
    @Override
    public void rerun(ReviewJob job, StillCurrent current) {
        run(job, current, true);
    }

    private void run(ReviewJob job, StillCurrent current, boolean redelivered) {
        MDC.put("delivery", job.deliveryId());
        MDC.put("pr", job.pullRequest().toString());
        Instant started = Instant.now();
        RepoRef repo = new RepoRef(job.pullRequest().owner(), job.pullRequest().repo());
        long inst = job.installationId();
        int number = job.pullRequest().number();
        String sha = job.headSha();
        String outcome = "failed";
        Deadline deadline = new Deadline(Thread.currentThread(), settings.runDeadline());
        FetchBudget budget = new FetchBudget(settings.maxRunFiles(), settings.maxRunBytes(), memory);
        String externalId = CheckRuns.externalId(job.deliveryId());
        // The check run made `queued` when the job was accepted, if any: every way out of the run completes it.
        // Its creation may still be under way: the run goes on meanwhile and takes its id where it needs it.
        ReportedIn checkRun = new ReportedIn(job, externalId, redelivered, started);
        // What the review reads whatever the policy says, asked for at once and side by side with the
        // policy's read; not for a run that is likely to end before it needs them (a draft, a label removal).
        Prefetch prefetch = sha != null && !job.draft() && job.trigger() != ReviewJob.Trigger.LABEL_REMOVED
                ? new Prefetch(inst, repo, number) : null;
        try {
            boolean draft = job.draft();
            List<String> labels = job.labels();
            if (sha == null) {
                JsonNode pr = github.pullRequest(inst, repo, number);
                if (!"open".equals(pr.path("state").asText("open"))) {
                    LOG.info("{} is {}; nothing to review", job.pullRequest(), pr.path("state").asText());
                    outcome = "skipped";
                    return;
                }
                sha = pr.path("head").path("sha").asText();
                draft = pr.path("draft").asBoolean(false);
                labels = ServicePolicy.labelsOf(pr);
            }
            ServicePolicy policy = policies.forRepository(inst, repo, job.defaultBranch());
            // A person asking (/recheck, re-run) overrides skip_drafts and skip_labels.
            boolean automatic = job.trigger() == ReviewJob.Trigger.PULL_REQUEST
                    || job.trigger() == ReviewJob.Trigger.LABEL_REMOVED;
            if (automatic && policy.skips(draft, labels)) {
                LOG.info("{} skipped by review.skip_drafts / review.skip_labels", job.pullRequest());
                outcome = "skipped";
                checkRun.conclude(sha, false, "skipped", "Not reviewed: skipped by the policy",
                        "The repository's asyncguard policy skips this pull request (`review.skip_drafts` or "
                                + "`review.skip_labels`). Mark it ready, take the label off, or comment `/recheck` to review it.");
                return;
            }
            // Taking off a label that is not a skip label changes nothing the review depends on.
            if (job.trigger() == ReviewJob.Trigger.LABEL_REMOVED && !policy.skips(false, List.of(job.removedLabel()))) {
                LOG.debug("{}: label {} is not a skip label; nothing to do", job.pullRequest(), job.removedLabel());
                outcome = "skipped";
                return;
            }
            if (!current.stillCurrent()) {
                LOG.info("{} at {} superseded before it started", job.pullRequest(), sha);
                outcome = "superseded";
                checkRun.conclude(sha, false, "neutral", "Superseded by a newer commit",
                        "This commit is no longer the pull request's head; the newer head is reviewed instead.");
                return;
            }
            if (job.trigger() == ReviewJob.Trigger.LABEL_REMOVED
                    && !checkRuns.onHead(inst, repo, sha).isEmpty()) {
                LOG.info("{} at {} already has a check run; a label removal does not review it again",
                        job.pullRequest(), sha);
                outcome = "skipped";
                return;
            }
            if (checkRun.accepted()) {
                if (redelivered || Duration.between(job.receivedAt(), started).compareTo(settings.inProgressAfter()) > 0) {
                    long accepted = checkRun.known();
                    if (accepted >= 0) checkRuns.start(inst, repo, accepted, started);
                    else checkRun.ensure(sha);
                }
            } else {
                checkRun.showAfter(sha, jobs.checkRunAfter().minus(Duration.between(job.receivedAt(), started)));
            }
            outcome = review(job, current, repo, sha, policy, checkRun, redelivered, budget, prefetch);
        } catch (Superseded s) {
            outcome = "superseded";
            LOG.info("{}: {}", job.pullRequest(), s.getMessage());
            checkRun.conclude(sha, false, "neutral", "Superseded by a newer commit",
                    "This commit is no longer the pull request's head; the newer head is reviewed instead.");
        } catch (GitHubRateLimited limited) {
            Duration wait = limited.waitFor().plusSeconds(1);
            outcome = deferOrGiveUp(job, sha, checkRun, wait, "rate_limit",
                    "asyncguard gave up waiting for GitHub's rate limit", "GitHub's API rate limit for this installation stayed used up: ",
                    "Waiting for GitHub's rate limit", "GitHub's API rate limit for this installation is used up.");
            if (outcome.equals("deferred")) throw new dev.asyncguard.queue.ReviewDeferred(limited.getMessage(), wait);
        } catch (dev.asyncguard.queue.ReviewDeferred d) {
            // No room in the memory for file contents (ReviewMemory): run again later, as for a rate limit.
            LOG.info("review of {}: {}", job.pullRequest(), d.getMessage());
            outcome = deferOrGiveUp(job, sha, checkRun, d.delay(), "memory",
                    "asyncguard gave up waiting for memory", "The service stayed too busy with other reviews to hold this one's files: ",
                    "Waiting for other reviews to finish", "The service is busy holding the files of other reviews.");
            if (outcome.equals("deferred")) throw d;
        } catch (RuntimeException e) {
            boolean interrupted = Thread.interrupted();
            // The check run is public: it gets a plain reason and an id; the details stay in our log.
            String errorId = java.util.UUID.randomUUID().toString().substring(0, 8);
            String why = deadline.passed() ? "it took longer than the review deadline of "
                            + settings.runDeadline().toSeconds() + " s"
                    : interrupted ? "the service was shutting down before the review finished"
                    : e instanceof GitHubException g ? (g.status() > 0 ? "GitHub's API answered a request with HTTP " + g.status()
                            : "a request to GitHub's API got no answer in time")
                    : "of an internal error";
            LOG.warn("review of {} failed (error {}): {}", job.pullRequest(), errorId,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), interrupted ? null : e);
            checkRun.conclude(sha, true, "failure", "asyncguard could not finish the review",
                    "The review did not complete because " + why + " (error id `" + errorId + "`, in the service's log)."
                            + "\n\nComment `/recheck` on the pull request to try again.");
        } finally {
            if (prefetch != null) prefetch.cancel();
            budget.close();
            forget(externalId);
            deadline.close();
            metrics.run(outcome, Duration.between(started, Instant.now()));
            MDC.remove("pr");
            MDC.remove("delivery");
        }
    }

    /**
     * The check run a run reports in: the one its delivery made {@code queued} when the job was
     * accepted, or (when there is none, or its creation failed) one the run creates itself. The
     * delivery's may still be being created when the run starts; the run does not wait for it
     * then, but fetches and analyzes meanwhile and takes its id where it first needs it.
     *
     * <p>A check run the delivery only planned (not created yet, see {@code QueuedCheckRuns}) is
     * taken over by the run, which shows it in progress once the job has taken
     * {@code asyncguard.jobs.check-run-after} since its delivery, and otherwise creates it at its
     * end already completed, in one request. Every way out of a run that owes a check run (its
     * delivery planned or made one, or the review started) ends in exactly one completed check run.
     * The run's thread and its timer both go through this object's lock.
     */
    private final class ReportedIn {
        private final ReviewJob job;
        private final String externalId;
        private final boolean redelivered;
        private final Instant started;
        /** The check run's id; {@link #BEING_CREATED} while the delivery is still creating it; -1: none. */
        private long id;
        /** Whether the run ends in a check run even when none exists yet (its delivery planned one, or the review started). */
        private boolean owed;
        /** Whether the run has concluded its check run: the timer then shows none. */
        private boolean ended;
        private java.util.concurrent.ScheduledFuture<?> timer;

        ReportedIn(ReviewJob job, String externalId, boolean redelivered, Instant started) {
            this.job = job;
            this.externalId = externalId;
            this.redelivered = redelivered;
            this.started = started;
            long accepted = acceptedCheckRun(externalId, false);
            this.owed = accepted == OpenCheckRun.TAKEN;
            this.id = accepted == OpenCheckRun.TAKEN ? -1 : accepted;
        }

        /** Whether the job's delivery made (or is making) a check run for it. */
        synchronized boolean accepted() {
            return id >= 0 || id == BEING_CREATED;
        }

        /** The check run's id, once the delivery's creation of it has ended; -1 when there is none (yet). */
        synchronized long known() {
            if (id == BEING_CREATED) id = acceptedCheckRun(externalId, true);
            return id;
        }

        /** The check run to report in, the run's own (in progress) when the delivery's did not come. */
        synchronized long ensure(String sha) {
            owed = true;
            long known = known();
            if (known >= 0) return known;
            id = redelivered && externalId != null ? checkRuns.reopen(job.installationId(), repoOf(job), sha, externalId, started) : -1;
            if (id < 0) id = checkRuns.createInProgress(job.installationId(), repoOf(job), sha, externalId, started);
            note(externalId, job, sha, id);
            return id;
        }

        /**
         * The run's own check run, shown in progress after {@code wait} (at once when it has passed,
         * or for a job delivered before: an earlier attempt's check run is then found again).
         */
        synchronized void showAfter(String sha, Duration wait) {
            owed = true;
            if (redelivered || !wait.isPositive()) {
                ensure(sha);
                return;
            }
            Map<String, String> context = MDC.getCopyOfContextMap();
            timer = DEADLINES.schedule(() -> Thread.ofVirtual().name("check-run-shown").start(() -> {
                if (context != null) MDC.setContextMap(context);
                show(sha);
            }), wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private synchronized void show(String sha) {
            if (ended || known() >= 0) return;
            try {
                ensure(sha);
            } catch (RuntimeException e) {
                // Not shown while it runs; the run's end creates it completed all the same.
                LOG.warn("could not show the check run of {} in progress: {}", job.pullRequest(), e.getMessage());
            }
        }

        /** The review's result: the check run completed, or created completed in one request when none was shown. */
        synchronized void complete(String sha, PullRequestReview draft) {
            end();
            long known = known();
            if (known >= 0) {
                checkRuns.complete(job.installationId(), repoOf(job), known, draft);
            } else {
                long made = checkRuns.createCompleted(job.installationId(), repoOf(job), sha, externalId, started, draft);
                LOG.debug("{}: check run {} created completed", job.pullRequest(), made);
            }
        }

        /**
         * Completes the check run with a reason; when there is none yet, creates it completed (one
         * request) if the run owes one or {@code always} is set and the head is known. Never throws.
         */
        synchronized void conclude(String sha, boolean always, String conclusion, String title, String summary) {
            end();
            long known = known();
            if (known >= 0) {
                checkRuns.completeQuietly(job.installationId(), repoOf(job), known, conclusion, title, summary);
            } else if ((owed || always) && sha != null) {
                checkRuns.createCompletedQuietly(job.installationId(), repoOf(job), sha, externalId, conclusion, title, summary);
            }
        }

        private void end() {
            ended = true;
            if (timer != null) timer.cancel(false);
        }
    }

    /** A check run the job's delivery is still creating. */
    private static final long BEING_CREATED = -2;

    private static RepoRef repoOf(ReviewJob job) {
        return new RepoRef(job.pullRequest().owner(), job.pullRequest().repo());
    }

    /**
     * The pull request's listings every review reads (its files, its reviews), asked for on virtual
     * threads as the run starts, so that they travel side by side with the policy's read instead of
     * one after another. A run that ends early drops them.
     */
    private final class Prefetch {
        final java.util.concurrent.Future<List<JsonNode>> files;
        final java.util.concurrent.Future<List<JsonNode>> reviews;

        Prefetch(long inst, RepoRef repo, int number) {
            files = aside(() -> github.pullRequestFiles(inst, repo, number));
            reviews = aside(() -> github.reviews(inst, repo, number));
        }

        void cancel() {
            files.cancel(true);
            reviews.cancel(true);
        }
    }

    /** Runs a GitHub call on a virtual thread of its own (with the run's log context). */
    private static <T> java.util.concurrent.Future<T> aside(java.util.concurrent.Callable<T> call) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(() -> {
            if (context != null) MDC.setContextMap(context);
            return call.call();
        });
        Thread.ofVirtual().name("review-call").start(task);
        return task;
    }

    /** The answer of a call run {@link #aside}: its exception as the call would have thrown it. */
    private static <T> T answer(java.util.concurrent.Future<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new GitHubException("interrupted while waiting for a GitHub call", 0);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Interrupts the run's thread when the run passes its deadline, as a shutdown does: every
     * GitHub call then ends at once and the run reports why. Closed when the run ends.
     */
    private static final class Deadline implements AutoCloseable {
        private final Thread runner;
        private final java.util.concurrent.ScheduledFuture<?> timer;
        private boolean passed;
        private boolean closed;

        Deadline(Thread runner, Duration after) {
            this.runner = runner;
            this.timer = DEADLINES.schedule(this::expire, after.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private synchronized void expire() {
            if (closed) return;
            passed = true;
            LOG.warn("review run passed its deadline; stopping it");
            runner.interrupt();
        }

        synchronized boolean passed() {
            return passed;
        }

        @Override
        public synchronized void close() {
            closed = true;
            timer.cancel(false);
            if (passed) Thread.interrupted();    // an interrupt meant for this run must not outlive it
        }
    }

    /** Completes the check run that a job which will not run (or not again) left open, if any. */
    @Override
    public void abandoned(ReviewJob job, String why) {
        String externalId = CheckRuns.externalId(job.deliveryId());
        if (externalId == null) return;    // its check run cannot be found without it
        Optional<OpenCheckRun> note = open.get(externalId);
        if (note.isEmpty()) return;
        RepoRef repo = new RepoRef(note.get().owner(), note.get().repo());
        String title = "Review not finished";
        String summary = "This review was not finished: " + why + ".";
        if (note.get().id() >= 0) {
            checkRuns.completeQuietly(note.get().installation(), repo, note.get().id(), "neutral", title, summary);
            LOG.info("{}: completed check run {} of a job that will not run", job.pullRequest(), note.get().id());
        } else if (note.get().id() == OpenCheckRun.TAKEN
                || (note.get().id() == OpenCheckRun.PLANNED && open.replace(externalId, OpenCheckRun.PLANNED, OpenCheckRun.TAKEN))) {
            // Planned but not created yet: it shows, completed, in one request.
            checkRuns.createCompletedQuietly(note.get().installation(), repo, note.get().headSha(), externalId, "neutral", title, summary);
        }
        // A check run still being created is completed by its creator once it finds the note gone.
        open.remove(externalId);
    }

    /**
     * The id of the check run made {@code queued} when the job was accepted; -1 when there is none.
     * While the delivery is still creating it: {@link #BEING_CREATED} when not {@code waiting},
     * else waits (up to {@code asyncguard.jobs.accept-wait} after the note) rather than make a
     * second one, looking again after 2 ms, then twice as long each time up to 50 ms.
     */
    private long acceptedCheckRun(String externalId, boolean waiting) {
        if (externalId == null) return -1;
        try {
            long pause = 2;
            while (true) {
                Optional<OpenCheckRun> note = open.get(externalId);
                if (note.isEmpty()) return -1;
                if (note.get().id() == OpenCheckRun.PLANNED) {
                    // Not created yet: this run takes it over (unless the delivery's timer just took it).
                    if (open.replace(externalId, OpenCheckRun.PLANNED, OpenCheckRun.TAKEN)) return OpenCheckRun.TAKEN;
                    continue;
                }
                if (note.get().id() == OpenCheckRun.TAKEN) return -1;
                if (!note.get().pending()) return note.get().id();
                if (!waiting) return BEING_CREATED;
                if (Instant.now().isAfter(note.get().since().plus(jobs.acceptWait()))) return -1;
                Thread.sleep(pause);
                pause = Math.min(50, pause * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (RuntimeException e) {
            LOG.warn("could not read the check-run note {}: {}", externalId, e.getMessage());
            return -1;
        }
    }

    /** Notes the check run this run made, so that the sweeper can complete it should the job be lost. */
    private void note(String externalId, ReviewJob job, String sha, long checkRun) {
        if (externalId == null || checkRun < 0) return;
        try {
            Optional<OpenCheckRun> pending = open.get(externalId).filter(OpenCheckRun::pending);
            if (pending.isPresent() && open.resolve(externalId, checkRun)) return;
            // The delivery's own check run landed after all (or there was none): this run's is the one.
            long other = open.get(externalId).map(OpenCheckRun::id).orElse(OpenCheckRun.PENDING);
            RepoRef repo = new RepoRef(job.pullRequest().owner(), job.pullRequest().repo());
            if (other >= 0 && other != checkRun) {
                checkRuns.completeQuietly(job.installationId(), repo, other, "neutral", "Reported by another check run",
                        "Another asyncguard check run on this commit reports this review.");
            }
            open.put(new OpenCheckRun(externalId, job.installationId(), repo.owner(), repo.name(), sha, checkRun, Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("could not note check run {}: {}", checkRun, e.getMessage());
        }
    }

    /** The run has completed its check run (or never had one): its note goes. */
    private void forget(String externalId) {
        if (externalId == null) return;
        try {
            open.remove(externalId);
        } catch (RuntimeException e) {
            LOG.warn("could not forget the check-run note {}: {}", externalId, e.getMessage());
        }
    }

    /**
     * A job that cannot go on now ({@code reason}: a fixed word): "gave_up" with a failed check run
     * when it was put off too often or too long already ({@link #tooLongDeferred}), else "deferred"
     * with a neutral check run saying when it runs again (the caller then throws the deferral).
     */
    private String deferOrGiveUp(ReviewJob job, String sha, ReportedIn checkRun, Duration wait, String reason,
                                 String givenUpTitle, String givenUpWhy, String waitingTitle, String waitingWhy) {
        String givenUp = tooLongDeferred(job, wait);
        if (givenUp != null) {
            LOG.warn("review of {} given up: {}", job.pullRequest(), givenUp);
            metrics.givenUp(reason);
            checkRun.conclude(sha, false, "failure", givenUpTitle, givenUpWhy + givenUp
                    + ".\n\nComment `/recheck` on the pull request (or push again) to review it again.");
            return "gave_up";
        }
        checkRun.conclude(sha, false, "neutral", waitingTitle, waitingWhy + " The review runs again by itself after "
                + Instant.now().plus(wait).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (UTC).");
        return "deferred";
    }

    /**
     * Why a rate-limited job is given up rather than deferred once more (deferred
     * {@code asyncguard.jobs.max-deferrals} times already, or received longer ago than
     * {@code max-deferred-age} by the time it would run again); null to defer it.
     */
    private String tooLongDeferred(ReviewJob job, Duration wait) {
        if (job.deferrals() >= jobs.maxDeferrals()) {
            return "the review was put off " + job.deferrals() + " time(s) since "
                    + job.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (UTC)";
        }
        Instant again = Instant.now().plus(wait);
        if (Duration.between(job.receivedAt(), again).compareTo(jobs.maxDeferredAge()) > 0) {
            return "the push was received at " + job.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + " (UTC) and the limit resets only after " + again.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + ", more than " + jobs.maxDeferredAge().toMinutes() + " min later";
        }
        return null;
    }

    private String review(ReviewJob job, StillCurrent current, RepoRef repo, String sha, ServicePolicy policy,
                          ReportedIn checkRun, boolean redelivered, FetchBudget budget, Prefetch prefetch) {
        long inst = job.installationId();
        int number = job.pullRequest().number();
        List<JsonNode> listed = prefetch != null ? answer(prefetch.files) : github.pullRequestFiles(inst, repo, number);
        ChangedFiles.Files files = changedFiles.fetch(inst, repo, number, sha, listed, policy, budget);
        stopIfStale(current);
        // One listing of the PR's reviews serves the whole run: whether this head has our review
        // already, which of ours to dismiss, and whether the review comments need reading at all.
        List<JsonNode> earlierReviews = prefetch != null ? answer(prefetch.reviews) : github.reviews(inst, repo, number);
        // Our comments are posted only inside our reviews: without an earlier review of ours (on
        // GitHub, or posted by this process) there is no fingerprint or reaction of ours to read.
        PullRequestKey key = job.pullRequest();
        boolean reviewedBefore = reviews.anyOurs(earlierReviews) || postedOn.contains(key);
        // Only our own App's comments carry fingerprints we trust: anyone else (a person, another
        // bot) quoting our marker must not silence a finding.
        List<JsonNode> earlier = reviewedBefore ? github.reviewComments(inst, repo, number) : List.of();
        Map<String, Integer> reactions = feedback.record(earlier);
        if (!reactions.isEmpty()) LOG.info("new reactions on earlier comments of {}: {}", job.pullRequest(), reactions);
        Set<String> posted = earlier.isEmpty() ? Set.of() : PostedFingerprints.of(earlier, github.botLogin());
        GitHubContextModules context = new GitHubContextModules(github, inst, repo, sha, settings.maxFileBytes(),
                blobs, summaries, metrics, policy::includes, budget, policy.defaultBranchHead(), listed, trees, batches,
                policy.resolved());
        // Whether the head moved is asked while the analysis runs (its answer is awaited before posting).
        java.util.concurrent.Future<JsonNode> headNow = aside(() -> github.pullRequest(inst, repo, number));
        PullRequestReview draft;
        try {
            draft = reviewer.review(new PullRequestSnapshot(repo, number, sha, files.changed(), files.skipped(),
                    posted, policy, context));
        } catch (RuntimeException | Error e) {
            headNow.cancel(true);
            throw e;
        }
        List<InlineComment> fresh = draft.review().comments().stream()
                .filter(c -> c.fingerprint() == null || !posted.contains(c.fingerprint()))
                .toList();
        stopIfStale(current);
        String head = answer(headNow).path("head").path("sha").asText();
        if (!sha.equals(head)) {
            throw new Superseded("head moved from " + sha + " to " + head + " during the review");
        }
        boolean requestChanges = draft.review().event() == ReviewEvent.REQUEST_CHANGES;
        // Idempotent per pull request and head: a job run again after a crash (its comments, posted
        // with the review, are then no longer fresh) or a second job for the same head finds the
        // review already there. New findings at the same head (e.g. after a policy change) still post.
        boolean needsPost = !fresh.isEmpty() || requestChanges;
        if (needsPost && (redelivered || fresh.isEmpty()) && reviews.alreadyReviewed(earlierReviews, sha)) {
            LOG.info("{} at {} already has our review; not posting another", job.pullRequest(), sha);
            needsPost = false;
        }
        if (needsPost) {
            reviews.post(inst, repo, number, sha, draft, fresh);
            postedOn.add(key);
        }
        if (!requestChanges && reviewedBefore) {
            reviews.dismissEarlierRequests(inst, repo, number, sha, earlierReviews);
        }
        checkRun.complete(sha, draft);
        metrics.findings(draft.findings());
        LOG.info("reviewed {} at {}: {} file(s), {} finding(s), {} new comment(s), {} already posted",
                job.pullRequest(), sha, files.changed().size(), draft.findings(), fresh.size(),
                draft.review().comments().size() - fresh.size());
        return "posted";
    }

    private static void stopIfStale(StillCurrent current) {
        if (!current.stillCurrent()) {
            throw new Superseded("a newer head arrived during the review");
        }
    }
}
