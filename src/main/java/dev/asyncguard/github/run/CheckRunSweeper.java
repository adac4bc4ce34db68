package dev.asyncguard.github.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.github.JobSettings;
import dev.asyncguard.github.RedisConnections;
import dev.asyncguard.github.RedisSettings;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.github.publish.CheckRuns;
import dev.asyncguard.github.publish.OpenCheckRuns.OpenCheckRun;
import dev.asyncguard.github.publish.OpenCheckRuns;
import dev.asyncguard.queue.ReviewQueue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.micronaut.context.BeanProvider;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes our check runs whose job is gone: noted open (see {@link OpenCheckRuns}) but held by
 * no queue any more, e.g. the job of a replica that died before the shared queue had it, or the
 * in-process queue's jobs lost with a restart (read back from the journal directory). It runs at
 * start-up and every {@code asyncguard.jobs.sweep-every}; with Redis only the replica holding the
 * sweeper's lease sweeps, so GitHub hears about each lost check run once. The lease is short and
 * renewed before each check run completed, so a replica that dies while sweeping holds up the
 * others for a minute at most ({@link #LEASE_MILLIS}). A check run is completed at least once: should a sweep
 * stop between GitHub's answer and forgetting the note, the next sweep finds it completed on
 * GitHub and only forgets it. A stopping replica lets a sweep in progress finish its current
 * check run (never cut off between the request and its answer) and stops there.
 */
@Singleton
public class CheckRunSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(CheckRunSweeper.class);
    static final String TITLE = "asyncguard lost this job";
    static final String SUMMARY = "asyncguard lost this job; push again or comment /recheck";
    /** KEYS: lease; ARGV: token. */
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    /** KEYS: lease; ARGV: token, milliseconds. */
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
    /** The lease, renewed before each check run completed: longer than one completion takes, its retries included, as a rule. */
    static final long LEASE_MILLIS = 60_000;
    /** How long a stopping replica waits for the check run being completed. */
    private static final long STOP_WAIT = 10_000;

    private final OpenCheckRuns open;
    private final ReviewQueue queue;
    private final CheckRuns checkRuns;
    private final JobSettings settings;
    private final ServiceMetrics metrics;
    private final RedisSettings redisSettings;
    private final BeanProvider<RedisConnections> redis;
    private final Instant startedAt = Instant.now();
    private final String token = UUID.randomUUID().toString();
    private volatile boolean stopping;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("check-run-sweeper").factory());

    public CheckRunSweeper(OpenCheckRuns open, ReviewQueue queue, CheckRuns checkRuns, JobSettings settings,
                           ServiceMetrics metrics, RedisSettings redisSettings, BeanProvider<RedisConnections> redis) {
        this.open = open;
        this.queue = queue;
        this.checkRuns = checkRuns;
        this.settings = settings;
        this.metrics = metrics;
        this.redisSettings = redisSettings;
        this.redis = redis;
    }

    /** A sweep now and then every {@code sweep-every} (0: only this one). */
    void start() {
        timer.execute(this::sweepQuietly);
        long every = settings.sweepEvery().toMillis();
        if (every > 0) timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** No sweep after this; one in progress ends after the check run it is completing (waited for, bounded). */
    @PreDestroy
    void stop() {
        stopping = true;
        timer.shutdown();
        try {
            if (!timer.awaitTermination(STOP_WAIT, TimeUnit.MILLISECONDS)) timer.shutdownNow();
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("sweeping open check runs failed: {}; trying again later", e.getMessage());
        }
    }

    /** One sweep; the number of check runs it completed (0 when another replica holds the lease). */
    int sweep() {
        if (!lease()) return 0;
        try {
            Set<String> held = queue.deliveriesHeld();
            Instant now = Instant.now();
            int completed = 0;
            for (OpenCheckRun run : open.all()) {
                if (stopping) break;
                String delivery = run.externalId().startsWith("asyncguard:") ? run.externalId().substring("asyncguard:".length()) : run.externalId();
                if (held.contains(delivery) || !lost(run, now)) continue;
                if (!renew()) {
                    LOG.info("sweeper lease lost to another replica; it sweeps the rest");
                    break;
                }
                if (complete(run)) {
                    completed++;
                    open.remove(run.externalId());
                }
            }
            if (completed > 0) {
                metrics.swept(completed);
                LOG.info("completed {} check run(s) whose job was lost", completed);
            }
            return completed;
        } finally {
            release();
        }
    }

    /**
     * Whether a note whose job no queue holds is old enough to be lost rather than on its way in.
     * The in-process queue starts empty, so its notes from before this process are lost at once.
     */
    private boolean lost(OpenCheckRun run, Instant now) {
        if (!queue.handsBackToOthers() && run.since().isBefore(startedAt)) return true;
        return run.since().plus(settings.sweepAfter()).isBefore(now);
    }

    /**
     * Completes the check run unless GitHub shows it completed already (its run finished but could
     * not forget the note); one still being created when its job was lost is found by its external
     * id. One GET per lost check run: sweeps find few.
     */
    private boolean complete(OpenCheckRun run) {
        RepoRef repo = new RepoRef(run.owner(), run.repo());
        boolean ok = true;
        boolean found = false;
        for (JsonNode r : checkRuns.onHead(run.installation(), repo, run.headSha())) {
            boolean ours = run.withoutId() ? run.externalId().equals(r.path("external_id").asText()) : r.path("id").asLong() == run.id();
            if (!ours) continue;
            found = true;
            if ("completed".equals(r.path("status").asText())) {
                if (!run.withoutId()) return true;
                continue;
            }
            ok &= checkRuns.completeWith(run.installation(), repo, r.path("id").asLong(), "neutral", TITLE, SUMMARY);
            if (!run.withoutId()) return ok;
        }
        if (run.pending()) return ok;    // its creation never landed
        if (run.withoutId()) {
            // Planned (or taken by a run that died) and never shown: it shows now, completed, in one request.
            return found || checkRuns.createCompletedQuietly(run.installation(), repo, run.headSha(), run.externalId(),
                    "neutral", TITLE, SUMMARY) >= 0;
        }
        // Not listed (yet): a noted id is completed all the same.
        return checkRuns.completeWith(run.installation(), repo, run.id(), "neutral", TITLE, SUMMARY);
    }

    /** With Redis: whether this replica now holds the sweeper's lease; without, always. */
    private boolean lease() {
        if (!redisSettings.enabled()) return true;
        String ok = redis.get().commands.sync().set(redisSettings.keyPrefix() + "sweeper", token, SetArgs.Builder.nx().px(LEASE_MILLIS));
        return "OK".equals(ok);
    }

    /** With Redis: extends this replica's lease; false when it is no longer this replica's. */
    private boolean renew() {
        if (!redisSettings.enabled()) return true;
        Long r = redis.get().commands.sync().eval(RENEW, ScriptOutputType.INTEGER,
                new String[] {redisSettings.keyPrefix() + "sweeper"}, token, Long.toString(LEASE_MILLIS));
        return r != null && r == 1;
    }

    private void release() {
        if (!redisSettings.enabled()) return;
        try {
            redis.get().commands.sync().eval(RELEASE, ScriptOutputType.INTEGER,
                    new String[] {redisSettings.keyPrefix() + "sweeper"}, token);
        } catch (RuntimeException e) {
            LOG.debug("sweeper lease not released: {}", e.getMessage());
        }
    }
}
