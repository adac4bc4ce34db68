package dev.asyncguard.github.fetch;

import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.GitHubException;
import dev.asyncguard.github.GitHubRateLimited;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.ServiceMetrics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File contents a run still needs, many at a time: the blobs in GraphQL queries of at most
 * {@link GraphQlSettings#blobsPerQuery()} each ({@link GitHubClient#blobTexts}), one call and one
 * GraphQL point for what would be one REST call per blob. Whatever a query does not bring back
 * complete (a truncated, binary or missing blob, an error beside partial data) the caller reads
 * over REST as before, so nothing is lost; a single blob goes over REST directly.
 *
 * <p>When GraphQL fails for an installation (its GraphQL points are spent, a secondary limit, a
 * 502, an endpoint that is not there as on an older GitHub Enterprise Server or behind a proxy),
 * that installation's reviews read over REST for a while instead of paying a failed query each.
 */
@Singleton
public final class GraphQlBlobs {
    private static final Logger LOG = LoggerFactory.getLogger(GraphQlBlobs.class);
    /** Fewer blobs than this go over REST: for one blob a query saves nothing. */
    static final int MIN_BLOBS = 2;
    /** GitHub cuts a blob's {@code text} at this many bytes ({@code isTruncated}): a batch holds at most this much a blob. */
    public static final long MAX_TEXT_BYTES = 512_000;
    /** How long an installation reads over REST after a failed query (a rate limit: until it resets). */
    static final Duration PAUSE_AFTER_FAILURE = Duration.ofMinutes(1);
    /** ... after GraphQL refused the token or is not there at all. */
    static final Duration PAUSE_WHEN_UNAVAILABLE = Duration.ofMinutes(10);

    private final GitHubClient github;
    private final int perQuery;
    private final ServiceMetrics metrics;
    private final Map<Long, Instant> pausedUntil = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
                    return size() > 10_000;
                }
            });

    public GraphQlBlobs(GitHubClient github, GraphQlSettings settings, ServiceMetrics metrics) {
        this.github = github;
        this.perQuery = Math.max(0, settings.blobsPerQuery());
        this.metrics = metrics;
    }

    /**
     * The complete contents of as many of {@code objects} (blob SHAs, or {@code rev:path}
     * expressions) as GraphQL gives, by object; empty when GraphQL is off, paused for the
     * installation, or fewer than two are asked for. Blobs larger than {@code maxBytes} are left
     * to REST (which says how large they are).
     */
    public Map<String, byte[]> read(long installation, RepoRef repo, Collection<String> objects, long maxBytes) {
        List<String> wanted = List.copyOf(new LinkedHashSet<>(objects));
        if (perQuery == 0 || wanted.size() < MIN_BLOBS || paused(installation)) return Map.of();
        Map<String, byte[]> out = new HashMap<>();
        for (int from = 0; from < wanted.size(); from += perQuery) {
            List<String> batch = wanted.subList(from, Math.min(wanted.size(), from + perQuery));
            try {
                out.putAll(github.blobTexts(installation, repo, batch, maxBytes).complete());
            } catch (GitHubRateLimited e) {
                pause(installation, e.waitFor().compareTo(PAUSE_AFTER_FAILURE) < 0 ? PAUSE_AFTER_FAILURE : e.waitFor(), e);
                break;
            } catch (GitHubException e) {
                if (Thread.currentThread().isInterrupted()) throw e;
                int s = e.status();
                // Refused, not there, or a query this GitHub does not answer (400: errors and no data).
                boolean unavailable = s == 400 || s == 401 || s == 403 || s == 404 || s == 405 || s == 410 || s == 501;
                pause(installation, unavailable ? PAUSE_WHEN_UNAVAILABLE : PAUSE_AFTER_FAILURE, e);
                break;
            }
        }
        metrics.blobsRead("graphql", out.size());
        return out;
    }

    /** Whether {@link #read} would query for {@code count} blobs of the installation (not off, not paused, enough of them). */
    boolean wouldRead(long installation, int count) {
        return perQuery > 0 && count >= MIN_BLOBS && !paused(installation);
    }

    private boolean paused(long installation) {
        Instant until = pausedUntil.get(installation);
        return until != null && Instant.now().isBefore(until);
    }

    private void pause(long installation, Duration howLong, GitHubException why) {
        pausedUntil.put(installation, Instant.now().plus(howLong));
        LOG.warn("GraphQL did not serve blobs for installation {} ({}); reading them over REST for {} s",
                installation, why.getMessage(), howLong.toSeconds());
    }
}
