package dev.asyncguard.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncguard.diff.DiffFormatException;
import dev.asyncguard.diff.FileDiff;
import dev.asyncguard.diff.FileStatus;
import dev.asyncguard.diff.UnifiedDiff;
import dev.asyncguard.diff.UnifiedDiffParser;
import dev.asyncguard.review.Annotation;
import dev.asyncguard.review.ChangedFile;
import dev.asyncguard.review.GithubReviewJson;
import dev.asyncguard.review.InlineComment;
import dev.asyncguard.review.ReviewDraft;
import dev.asyncguard.review.ReviewEvent;
import dev.asyncguard.service.ReviewJob;
import dev.asyncguard.service.ReviewWorker;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
    /** Unchanged modules read for earlier reviews, by blob SHA (shared by all repositories: a SHA names content). */
    private final BlobCache blobs = new BlobCache(64L << 20);
    /** Their summaries, by blob SHA and summary key: a later review neither fetches nor summarizes them again. */
    private final SummaryCache summaries = new SummaryCache(50_000, 128L << 20);
    /** GitHub's limit for a check run's summary and text. */
    static final int MAX_SUMMARY = 65_535;
    /** GitHub accepts at most 50 annotations per check-run request. */
    static final int ANNOTATION_BATCH = 50;
    /** Interrupts runs that pass {@code asyncguard.service.run-deadline}. */
    private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("review-deadline").factory());

    private final GitHubClient github;
    private final RepositoryPolicies policies;
    private final PullRequestReviewer reviewer;
    private final ServiceSettings settings;
    private final ServiceMetrics metrics;
    private final CommentFeedback feedback;
    private final ObjectMapper json;

    public PullRequestReviewRun(GitHubClient github, RepositoryPolicies policies, PullRequestReviewer reviewer,
                                ServiceSettings settings, ServiceMetrics metrics, ObjectMapper json,
                                CommentFeedback feedback) {
        this.feedback = feedback;
        this.github = github;
        this.policies = policies;
        this.reviewer = reviewer;
        this.settings = settings;
        this.metrics = metrics;
        this.json = json;
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
        long checkRun = -1;
        String sha = job.headSha();
        String outcome = "failed";
        Deadline deadline = new Deadline(Thread.currentThread(), settings.runDeadline());
        FetchBudget budget = new FetchBudget(settings.maxRunFiles(), settings.maxRunBytes());
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
                labels = labelsOf(pr);
            }
            ServicePolicy policy = policies.forRepository(inst, repo);
            // A person asking (/recheck, re-run) overrides skip_drafts and skip_labels.
            boolean automatic = job.trigger() == ReviewJob.Trigger.PULL_REQUEST
                    || job.trigger() == ReviewJob.Trigger.LABEL_REMOVED;
            if (automatic && policy.skips(draft, labels)) {
                LOG.info("{} skipped by review.skip_drafts / review.skip_labels", job.pullRequest());
                outcome = "skipped";
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
                return;
            }
            if (job.trigger() == ReviewJob.Trigger.LABEL_REMOVED
                    && !github.checkRuns(inst, repo, sha, WebhookEvents.CHECK_NAME).isEmpty()) {
                LOG.info("{} at {} already has a check run; a label removal does not review it again",
                        job.pullRequest(), sha);
                outcome = "skipped";
                return;
            }
            ObjectNode create = json.createObjectNode()
                    .put("name", WebhookEvents.CHECK_NAME)
                    .put("head_sha", sha)
                    .put("status", "in_progress")
                    .put("started_at", started.toString());
            // Lets a retried create, or a run of the same job after a crash, find the check run an
            // earlier attempt made (see createCheckRun).
            String externalId = job.deliveryId() == null ? null : "asyncguard:" + job.deliveryId();
            if (externalId != null) create.put("external_id", externalId);
            checkRun = redelivered && externalId != null ? reopenCheckRun(inst, repo, sha, externalId, started) : -1;
            if (checkRun < 0) checkRun = github.createCheckRun(inst, repo, create);
            outcome = review(job, current, repo, sha, policy, checkRun, redelivered, budget);
        } catch (Superseded s) {
            outcome = "superseded";
            LOG.info("{}: {}", job.pullRequest(), s.getMessage());
            completeQuietly(inst, repo, checkRun, "neutral", "Superseded by a newer commit",
                    "This commit is no longer the pull request's head; the newer head is reviewed instead.");
        } catch (GitHubRateLimited limited) {
            outcome = "deferred";
            Instant again = Instant.now().plus(limited.waitFor()).plusSeconds(1);
            completeQuietly(inst, repo, checkRun, "neutral", "Waiting for GitHub's rate limit",
                    "GitHub's API rate limit for this installation is used up. The review runs again by itself after "
                            + again.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (UTC).");
            throw new dev.asyncguard.service.ReviewDeferred(limited.getMessage(), limited.waitFor().plusSeconds(1));
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
            if (checkRun < 0 && sha != null) {
                checkRun = createQuietly(inst, repo, sha);
            }
            completeQuietly(inst, repo, checkRun, "failure", "asyncguard could not finish the review",
                    "The review did not complete because " + why + " (error id `" + errorId + "`, in the service's log)."
                            + "\n\nComment `/recheck` on the pull request to try again.");
        } finally {
            deadline.close();
            metrics.run(outcome, Duration.between(started, Instant.now()));
            MDC.remove("pr");
            MDC.remove("delivery");
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

    /** Completes the check run an interrupted earlier run of this job left in progress, if any. */
    @Override
    public void abandoned(ReviewJob job, String why) {
        if (job.headSha() == null || job.deliveryId() == null) return;    // its check run cannot be found without them
        RepoRef repo = new RepoRef(job.pullRequest().owner(), job.pullRequest().repo());
        String externalId = "asyncguard:" + job.deliveryId();
        for (JsonNode run : github.checkRuns(job.installationId(), repo, job.headSha(), WebhookEvents.CHECK_NAME)) {
            if (externalId.equals(run.path("external_id").asText()) && !"completed".equals(run.path("status").asText())) {
                completeQuietly(job.installationId(), repo, run.path("id").asLong(), "neutral", "Review not finished",
                        "This review was not finished: " + why + ".");
                LOG.info("{}: completed check run {} left open by an interrupted review", job.pullRequest(), run.path("id").asLong());
            }
        }
    }

    /** The check run an earlier delivery of this job created, set in progress again; -1 when there is none. */
    private long reopenCheckRun(long inst, RepoRef repo, String sha, String externalId, Instant started) {
        for (JsonNode run : github.checkRuns(inst, repo, sha, WebhookEvents.CHECK_NAME)) {
            if (externalId.equals(run.path("external_id").asText())) {
                long id = run.path("id").asLong();
                github.updateCheckRun(inst, repo, id, json.createObjectNode().put("status", "in_progress")
                        .put("started_at", started.toString()));
                LOG.info("{}: continuing check run {} of an earlier attempt", repo, id);
                return id;
            }
        }
        return -1;
    }

    /** Marks our review of a head; the PR's reviews are searched for it so that a head is not reviewed twice. */
    static String reviewMarker(String sha) {
        return GithubReviewJson.marker(sha);
    }

    /** Whether a review of ours for this head is already on the PR. */
    private boolean alreadyReviewed(long inst, RepoRef repo, int number, String sha) {
        String marker = reviewMarker(sha);
        String bot = github.botLogin();    // only our own App's reviews count, as for fingerprints
        return github.reviews(inst, repo, number).stream()
                .anyMatch(r -> bot.equalsIgnoreCase(r.path("user").path("login").asText()) && r.path("body").asText("").contains(marker));
    }

    private String review(ReviewJob job, StillCurrent current, RepoRef repo, String sha, ServicePolicy policy,
                          long checkRun, boolean redelivered, FetchBudget budget) {
        long inst = job.installationId();
        int number = job.pullRequest().number();
        List<JsonNode> listed = github.pullRequestFiles(inst, repo, number);
        Files files = fetchFiles(inst, repo, number, sha, listed, policy, budget);
        stopIfStale(current);
        // Only our own App's comments carry fingerprints we trust: anyone else (a person, another
        // bot) quoting our marker must not silence a finding.
        List<JsonNode> earlier = github.reviewComments(inst, repo, number);
        Map<String, Integer> reactions = feedback.record(earlier);
        if (!reactions.isEmpty()) LOG.info("new reactions on earlier comments of {}: {}", job.pullRequest(), reactions);
        Set<String> posted = PostedFingerprints.of(earlier, github.botLogin());
        GitHubContextModules context = new GitHubContextModules(github, inst, repo, sha, settings.maxFileBytes(),
                blobs, summaries, metrics, policy::includes, budget);
        PullRequestReview draft = reviewer.review(new PullRequestSnapshot(repo, number, sha, files.changed(), files.skipped(),
                posted, policy, context));
        List<InlineComment> fresh = draft.review().comments().stream()
                .filter(c -> c.fingerprint() == null || !posted.contains(c.fingerprint()))
                .toList();
        stopIfStale(current);
        String head = github.pullRequest(inst, repo, number).path("head").path("sha").asText();
        if (!sha.equals(head)) {
            throw new Superseded("head moved from " + sha + " to " + head + " during the review");
        }
        boolean requestChanges = draft.review().event() == ReviewEvent.REQUEST_CHANGES;
        // Idempotent per pull request and head: a job run again after a crash (its comments, posted
        // with the review, are then no longer fresh) or a second job for the same head finds the
        // review already there. New findings at the same head (e.g. after a policy change) still post.
        boolean needsPost = !fresh.isEmpty() || requestChanges;
        if (needsPost && (redelivered || fresh.isEmpty()) && alreadyReviewed(inst, repo, number, sha)) {
            LOG.info("{} at {} already has our review; not posting another", job.pullRequest(), sha);
            needsPost = false;
        }
        if (needsPost) {
            // Names the review of this head: a retry after an ambiguous failure finds it among the
            // PR's reviews instead of posting it again.
            String marker = reviewMarker(sha);
            try {
                github.createReview(inst, repo, number, reviewBody(sha, draft, fresh), marker);
            } catch (GitHubException e) {
                if (e.status() != 422 || fresh.isEmpty()) throw e;
                // GitHub refuses the whole review when one comment cannot be placed (a line it does
                // not consider part of the diff); the findings still reach the author, in the body.
                LOG.warn("GitHub refused the inline comments ({}); posting them in the review body", e.getMessage());
                github.createReview(inst, repo, number, reviewBody(sha, withCommentsInBody(draft, fresh, e.getMessage()),
                        List.of()), marker);
            }
        }
        if (!requestChanges) {
            dismissEarlierRequests(inst, repo, number, sha);
        }
        completeCheckRun(inst, repo, checkRun, draft);
        metrics.findings(draft.findings());
        LOG.info("reviewed {} at {}: {} file(s), {} finding(s), {} new comment(s), {} already posted",
                job.pullRequest(), sha, files.changed().size(), draft.findings(), fresh.size(),
                draft.review().comments().size() - fresh.size());
        return "posted";
    }

    /**
     * Dismisses our own earlier {@code REQUEST_CHANGES} reviews of this PR once a review of a newer
     * head no longer requests changes, so that a fixed PR is not left blocked by us. Reviews of
     * anyone else are never touched. A dismissal that fails is logged: the new review stands.
     */
    private void dismissEarlierRequests(long inst, RepoRef repo, int number, String sha) {
        try {
            String bot = github.botLogin();
            for (JsonNode r : github.reviews(inst, repo, number)) {
                if (!"CHANGES_REQUESTED".equals(r.path("state").asText())
                        || !bot.equalsIgnoreCase(r.path("user").path("login").asText())) {
                    continue;
                }
                github.dismissReview(inst, repo, number, r.path("id").asLong(),
                        "asyncguard reviewed " + sha.substring(0, Math.min(7, sha.length()))
                                + " and no longer requests changes.");
                LOG.info("dismissed our earlier REQUEST_CHANGES review {} on {}#{}", r.path("id").asLong(), repo, number);
            }
        } catch (GitHubRateLimited e) {
            throw e;
        } catch (GitHubException e) {
            LOG.warn("could not dismiss earlier reviews on {}#{}: {}", repo, number, e.getMessage());
        }
    }

    private static void stopIfStale(StillCurrent current) {
        if (!current.stillCurrent()) {
            throw new Superseded("a newer head arrived during the review");
        }
    }

    private record Files(List<ChangedFile> changed, List<SkippedFile> skipped) {}

    /** The Python files the policy includes, fetched at the head; a few at a time on virtual threads. */
    private Files fetchFiles(long inst, RepoRef repo, int number, String sha, List<JsonNode> listed, ServicePolicy policy,
                             FetchBudget budget) {
        List<JsonNode> wanted = new ArrayList<>();
        for (JsonNode f : listed) {
            String path = f.path("filename").asText();
            if (isPython(path) && !"removed".equals(f.path("status").asText()) && policy.includes(path)) {
                wanted.add(f);
            }
        }
        List<ChangedFile> changed = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Semaphore slots = new Semaphore(Math.max(1, settings.fetchConcurrency()));
        Diff wholeDiff = new Diff(inst, repo, number);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> results = new ArrayList<>();
            for (JsonNode f : wanted) {
                results.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return fetchOne(inst, repo, sha, f, wholeDiff, budget);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<Object> r : results) {
                Object one;
                try {
                    one = r.get();
                } catch (InterruptedException e) {
                    // The pool's close() runs before the catch below and would wait for fetches that
                    // are still retrying: interrupt them, so that a run stopped at the end of the
                    // shutdown drain can still close its check run within the settle time.
                    pool.shutdownNow();
                    throw e;
                }
                if (one instanceof Fetched f) {
                    changed.add(f.file());
                    if (f.note() != null) skipped.add(f.note());
                } else {
                    skipped.add((SkippedFile) one);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException("interrupted while fetching files", 0);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
        return new Files(changed, skipped);
    }

    /** The PR's unified diff, fetched at most once per run and only if some file lacks its patch. */
    private final class Diff {
        private final long inst;
        private final RepoRef repo;
        private final int number;
        private Optional<UnifiedDiff> text;

        Diff(long inst, RepoRef repo, int number) {
            this.inst = inst;
            this.repo = repo;
            this.number = number;
        }

        synchronized Optional<UnifiedDiff> parsed() {
            if (text == null) {
                try {
                    text = github.pullRequestDiff(inst, repo, number).map(UnifiedDiffParser::parseGit);
                } catch (DiffFormatException e) {
                    LOG.warn("the diff of {}#{} does not parse: {}", repo, number, e.getMessage());
                    text = Optional.empty();
                }
            }
            return text;
        }
    }

    /** A fetched file, with a note when something about it limits the review. */
    private record Fetched(ChangedFile file, SkippedFile note) {}

    private Object fetchOne(long inst, RepoRef repo, String sha, JsonNode f, Diff wholeDiff, FetchBudget budget) {
        String path = f.path("filename").asText();
        String status = f.path("status").asText();
        long granted = budget.reserve(settings.maxFileBytes());
        if (granted == 0) {
            return new SkippedFile(path, "not analyzed: " + budget.limits());
        }
        GitHubClient.FileBytes bytes;
        try {
            bytes = github.fileContent(inst, repo, path, sha, f.path("sha").asText(null), granted);
        } catch (RuntimeException e) {
            budget.settle(granted, 0);
            throw e;
        }
        budget.settle(granted, bytes.bytes().length);
        if (bytes.tooLarge()) {
            return new SkippedFile(path, granted < settings.maxFileBytes() ? "not analyzed: " + budget.limits()
                    : "larger than " + settings.maxFileBytes() + " bytes, not analyzed");
        }
        if (isBinary(bytes.bytes())) {
            return new SkippedFile(path, "binary content, not analyzed");
        }
        FileStatus fileStatus = FileStatus.fromGithub(status);
        String previous = f.path("previous_filename").asText(null);
        FileDiff diff;
        if (f.hasNonNull("patch")) {
            diff = UnifiedDiffParser.githubFile(path, previous, fileStatus, f.path("patch").asText());
        } else if (fileStatus == FileStatus.ADDED) {
            // GitHub leaves out the patch of a large diff; for a new file every line is added.
            diff = UnifiedDiffParser.githubFile(path, null, fileStatus, allAdded(new String(bytes.bytes(), StandardCharsets.UTF_8)));
        } else {
            Optional<FileDiff> fromWholeDiff = wholeDiff.parsed().flatMap(d -> d.file(path));
            if (fromWholeDiff.isEmpty()) {
                return new Fetched(new ChangedFile(UnifiedDiffParser.githubFile(path, previous, fileStatus, ""), bytes.bytes()),
                        new SkippedFile(path, "GitHub sent no diff for it (too large), so no finding can be placed on its changed lines"));
            }
            diff = fromWholeDiff.get();
        }
        return new Fetched(new ChangedFile(diff, bytes.bytes()), null);
    }

    static List<String> labelsOf(JsonNode pullRequest) {
        List<String> out = new ArrayList<>();
        pullRequest.path("labels").forEach(l -> out.add(l.path("name").asText()));
        return out;
    }

    static boolean isPython(String path) {
        return dev.asyncguard.review.ReviewPipeline.isPython(path);
    }

    /** An added file's whole content as one hunk of added lines, in GitHub's patch form. */
    static String allAdded(String content) {
        List<String> lines = content.lines().toList();
        StringBuilder sb = new StringBuilder("@@ -0,0 +1," + lines.size() + " @@");
        for (String l : lines) sb.append("\n+").append(l);
        return sb.toString();
    }

    /** Git's own test for binary content: a NUL byte in the first 8,000 bytes. */
    static boolean isBinary(byte[] bytes) {
        for (int i = 0, n = Math.min(bytes.length, 8000); i < n; i++) {
            if (bytes[i] == 0) return true;
        }
        return false;
    }

    /**
     * The create-review body as {@link GithubReviewJson} writes it (its body ends with the head's
     * marker), the same bytes {@code review --format github-review} prints for this change.
     */
    private static String reviewBody(String sha, PullRequestReview draft, List<InlineComment> comments) {
        ReviewDraft review = draft.review();
        return GithubReviewJson.write(new ReviewDraft(sha, review.event(), review.body(), comments));
    }

    private static PullRequestReview withCommentsInBody(PullRequestReview draft, List<InlineComment> comments, String why) {
        ReviewDraft review = draft.review();
        StringBuilder body = new StringBuilder(review.body())
                .append("\n\n**Findings GitHub would not accept as inline comments** (").append(why).append("):\n");
        for (InlineComment c : comments) {
            String first = c.body().lines().findFirst().orElse("");
            body.append("\n- `").append(c.path()).append("` line ").append(c.line()).append(": ").append(first);
        }
        return new PullRequestReview(new ReviewDraft(review.commitId(), review.event(), body.toString(), List.of()),
                draft.conclusion(), draft.title(), draft.summary(), draft.annotations(), draft.findings());
    }

    /** The check run's result; annotations go 50 per request, the last request completes the run. */
    private void completeCheckRun(long inst, RepoRef repo, long checkRun, PullRequestReview draft) {
        List<Annotation> all = draft.annotations();
        int batches = Math.max(1, (all.size() + ANNOTATION_BATCH - 1) / ANNOTATION_BATCH);
        for (int b = 0; b < batches; b++) {
            List<Annotation> batch = all.subList(b * ANNOTATION_BATCH, Math.min(all.size(), (b + 1) * ANNOTATION_BATCH));
            ObjectNode body = json.createObjectNode();
            if (b == batches - 1) {
                body.put("status", "completed").put("conclusion", draft.conclusion())
                        .put("completed_at", Instant.now().toString());
            }
            ObjectNode output = body.putObject("output").put("title", draft.title())
                    .put("summary", truncate(draft.summary()));
            ArrayNode annotations = output.putArray("annotations");
            for (Annotation a : batch) {
                annotations.addObject().put("path", a.path()).put("start_line", a.startLine())
                        .put("end_line", a.endLine()).put("annotation_level", a.level().key())
                        .put("title", a.title()).put("message", a.message());
            }
            github.updateCheckRun(inst, repo, checkRun, body);
        }
    }

    /** A check run for a run that failed before it could create one, so the failure is visible. */
    private long createQuietly(long inst, RepoRef repo, String sha) {
        try {
            return github.createCheckRun(inst, repo, json.createObjectNode()
                    .put("name", WebhookEvents.CHECK_NAME).put("head_sha", sha).put("status", "in_progress"));
        } catch (RuntimeException e) {
            LOG.warn("could not create a check run on {} to report the failure: {}", repo, e.getMessage());
            return -1;
        }
    }

    private void completeQuietly(long inst, RepoRef repo, long checkRun, String conclusion, String title, String summary) {
        if (checkRun < 0) return;
        try {
            ObjectNode body = json.createObjectNode().put("status", "completed").put("conclusion", conclusion)
                    .put("completed_at", Instant.now().toString());
            body.putObject("output").put("title", title).put("summary", truncate(summary));
            github.updateCheckRun(inst, repo, checkRun, body);
        } catch (RuntimeException e) {
            LOG.warn("could not complete check run {} on {}: {}", checkRun, repo, e.getMessage());
        }
    }

    static String truncate(String summary) {
        if (summary == null) return "";
        if (summary.length() <= MAX_SUMMARY) return summary;
        String note = "\n\n… (summary truncated at GitHub's limit)";
        return summary.substring(0, MAX_SUMMARY - note.length()) + note;
    }
}
