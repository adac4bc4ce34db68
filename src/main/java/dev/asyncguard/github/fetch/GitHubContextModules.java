package dev.asyncguard.github.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.GitHubException;
import dev.asyncguard.github.GitHubRateLimited;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.review.ContextModules;
import dev.asyncguard.review.ProjectAnalysis;
import dev.asyncguard.review.ReviewPipeline;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head commit's Python files as GitHub serves them: the whole tree in one call (read when
 * first asked), each file by its blob SHA, from the {@link BlobStore} when an earlier review read it,
 * and each file's summary from {@link SummaryCache} when an earlier review summarized that blob.
 * A tree or blob that cannot be fetched is left out: the review then sees less, never fails.
 */
public final class GitHubContextModules implements ContextModules {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubContextModules.class);

    private final GitHubClient github;
    private final long installation;
    private final RepoRef repo;
    private final String headSha;
    private final long maxFileBytes;
    private final BlobStore cache;
    private final Predicate<String> included;
    private final SummaryCache summaries;
    private final ServiceMetrics metrics;
    private final FetchBudget budget;
    private Map<String, String> blobOfPath;

    public GitHubContextModules(GitHubClient github, long installation, RepoRef repo, String headSha, long maxFileBytes,
                         BlobStore cache, SummaryCache summaries, ServiceMetrics metrics, Predicate<String> included,
                         FetchBudget budget) {
        this.budget = budget;
        this.github = github;
        this.installation = installation;
        this.repo = repo;
        this.headSha = headSha;
        this.maxFileBytes = maxFileBytes;
        this.cache = cache;
        this.included = included;
        this.summaries = summaries;
        this.metrics = metrics;
    }

    @Override
    public synchronized List<String> pythonPaths() {
        return List.copyOf(tree().keySet());
    }

    private Map<String, String> tree() {
        if (blobOfPath != null) return blobOfPath;
        blobOfPath = new LinkedHashMap<>();
        try {
            JsonNode tree = github.tree(installation, repo, headSha);
            for (JsonNode entry : tree.path("tree")) {
                String path = entry.path("path").asText();
                if ("blob".equals(entry.path("type").asText()) && ReviewPipeline.isPython(path) && included.test(path)
                        && entry.path("size").asLong(0) <= maxFileBytes) {
                    blobOfPath.put(path, entry.path("sha").asText());
                }
            }
        } catch (GitHubRateLimited e) {
            throw e;
        } catch (GitHubException e) {
            LOG.warn("tree of {} at {} not available, changed files are analyzed alone: {}", repo, headSha, e.getMessage());
        }
        return blobOfPath;
    }

    @Override
    public synchronized Map<String, byte[]> read(Collection<String> paths) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String path : paths) {
            String sha = tree().get(path);
            byte[] content = sha == null ? null : blob(path, sha);
            if (content != null) out.put(path, content);
        }
        return out;
    }

    /**
     * Each file's summary from the cache when its blob was summarized before under the same key
     * (no blob read, no parse), else from its blob, summarized now and cached.
     */
    @Override
    public synchronized Map<String, ModuleSummary> summaries(Collection<String> paths, ProjectAnalysis analysis) {
        Map<String, ModuleSummary> out = new LinkedHashMap<>();
        for (String path : paths) {
            String sha = tree().get(path);
            if (sha == null) continue;
            String key = SummaryCache.key(sha, analysis.summaryKey(path));
            ModuleSummary summary = summaries.get(key).orElse(null);
            if (summary != null) {
                metrics.summaryCache("hit");
            } else {
                byte[] content = blob(path, sha);
                if (content == null) continue;
                metrics.summaryCache("miss");
                try {
                    summary = analysis.summarize(path, content);
                } catch (RuntimeException | StackOverflowError e) {
                    LOG.warn("{} could not be summarized, reviewed without it: {}", path, e.toString());
                    continue;
                }
                summaries.put(key, summary);
            }
            out.put(path, summary);
        }
        return out;
    }

    /** The blob's bytes, from the cache or GitHub; null when too large or not available. */
    private byte[] blob(String path, String sha) {
        byte[] cached = cache.get(installation, sha).orElse(null);
        if (cached != null) return cached;
        long granted = budget.reserve(maxFileBytes);
        if (granted == 0) {
            LOG.info("{} left out of the review's context: {}", path, budget.limits());
            return null;
        }
        long used = 0;
        try {
            GitHubClient.FileBytes blob = github.blob(installation, repo, sha, granted);
            used = blob.bytes().length;
            if (blob.tooLarge()) return null;
            cache.put(installation, sha, blob.bytes());
            return blob.bytes();
        } catch (GitHubRateLimited e) {
            throw e;
        } catch (GitHubException e) {
            LOG.warn("blob {} of {} not available: {}", sha, path, e.getMessage());
            return null;
        } finally {
            budget.settle(granted, used);
        }
    }
}
