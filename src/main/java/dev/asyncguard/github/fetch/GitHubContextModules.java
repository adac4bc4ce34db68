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
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head commit's Python files as GitHub serves them. Their paths and blob SHAs: the default
 * branch's tree at the head the policy was read at (one call per commit of the default branch,
 * kept in {@link CommitTrees}) with the pull request's listed changes laid on it, i.e. the tree
 * the merge would have; for a PR whose branch is behind, unchanged modules are read as the default
 * branch has them now. When that tree is not available (or the listing is cut at GitHub's 3,000
 * files), the head's own tree in one call. Each file by its blob SHA, from the {@link BlobStore} when an earlier review read it,
 * and each file's summary from {@link SummaryCache} when an earlier review summarized that blob;
 * the blobs a request still needs are read together in batched GraphQL queries ({@link GraphQlBlobs}),
 * and what those do not bring back one REST call each.
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
    private final String baseCommit;
    private final List<JsonNode> changes;
    private final CommitTrees trees;
    private final GraphQlBlobs batches;
    private final Object includedBy;
    /** Blobs read ahead in a batch and not yet taken, by SHA. */
    private final Map<String, byte[]> batched = new java.util.HashMap<>();
    private Map<String, String> blobOfPath;
    /** GitHub lists at most this many files of a pull request; a listing this long may be cut. */
    static final int MAX_LISTED = 3000;

    public GitHubContextModules(GitHubClient github, long installation, RepoRef repo, String headSha, long maxFileBytes,
                         BlobStore cache, SummaryCache summaries, ServiceMetrics metrics, Predicate<String> included,
                         FetchBudget budget) {
        this(github, installation, repo, headSha, maxFileBytes, cache, summaries, metrics, included, budget,
                null, List.of(), null, null, null);
    }

    /**
     * @param baseCommit the default branch's head (the PR's changes are laid on its tree); null: the head's own tree
     * @param changes    the PR's files as GitHub lists them (filename, status, sha, previous_filename)
     * @param trees      trees of commits read before
     * @param batches    reads the blobs a request needs many at a time; null: one REST call each
     * @param includedBy what {@code included} decides by (the policy; compared by identity), so that the
     *                   files of the default branch's tree it includes are kept in {@code trees} for
     *                   later reviews; null: decided again each time
     */
    public GitHubContextModules(GitHubClient github, long installation, RepoRef repo, String headSha, long maxFileBytes,
                         BlobStore cache, SummaryCache summaries, ServiceMetrics metrics, Predicate<String> included,
                         FetchBudget budget, String baseCommit, List<JsonNode> changes, CommitTrees trees,
                         GraphQlBlobs batches, Object includedBy) {
        this.includedBy = includedBy;
        this.batches = batches;
        this.baseCommit = trees == null ? null : baseCommit;
        this.changes = changes;
        this.trees = trees;
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
        Optional<List<CommitTrees.Entry>> base = baseCommit == null || changes.size() >= MAX_LISTED
                ? Optional.empty() : baseTree();
        if (base.isPresent()) {
            blobOfPath.putAll(includedBy == null ? includedOf(base.get())
                    : trees.included(installation, repo.toString(), baseCommit, includedBy, () -> includedOf(base.get())));
            for (JsonNode f : changes) {
                String path = f.path("filename").asText();
                blobOfPath.remove(f.path("previous_filename").asText(""));
                if ("removed".equals(f.path("status").asText())) {
                    blobOfPath.remove(path);
                } else if (ReviewPipeline.isPython(path) && included.test(path) && !f.path("sha").asText("").isEmpty()) {
                    blobOfPath.put(path, f.path("sha").asText());
                }
            }
            return blobOfPath;
        }
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

    /** The files of a tree that the policy includes and that are not too large to read, path to blob SHA. */
    private Map<String, String> includedOf(List<CommitTrees.Entry> tree) {
        Map<String, String> out = new LinkedHashMap<>();
        for (CommitTrees.Entry e : tree) {
            if (included.test(e.path()) && e.size() <= maxFileBytes) out.put(e.path(), e.sha());
        }
        return out;
    }

    /** The default branch's tree, from {@link CommitTrees} or read now; empty when it cannot be used. */
    private Optional<List<CommitTrees.Entry>> baseTree() {
        Optional<List<CommitTrees.Entry>> known = trees.get(installation, repo.toString(), baseCommit);
        if (known != null) return known;
        Optional<List<CommitTrees.Entry>> read;
        try {
            read = CommitTrees.pythonFiles(github.tree(installation, repo, baseCommit));
        } catch (GitHubRateLimited e) {
            throw e;
        } catch (GitHubException e) {
            LOG.info("tree of {} at {} (default branch) not available, reading the head's: {}", repo, baseCommit, e.getMessage());
            if (e.status() != 404 && e.status() != 409 && e.status() != 422) return Optional.empty();   // may answer next time
            read = Optional.empty();
        }
        trees.put(installation, repo.toString(), baseCommit, read);
        return read;
    }

    /** The blob SHA of a Python file of the reviewed tree; null when the tree has no such file. */
    public synchronized String blobSha(String path) {
        return tree().get(path);
    }

    /** The installation whose token reads the files: what is learned from them stays with it. */
    public long installation() {
        return installation;
    }

    @Override
    public synchronized Map<String, byte[]> read(Collection<String> paths) {
        readAhead(paths);
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
        List<String> unsummarized = new java.util.ArrayList<>();
        for (String path : paths) {
            String sha = tree().get(path);
            if (sha != null && summaries.get(SummaryCache.key(sha, analysis.summaryKey(path))).isEmpty()) unsummarized.add(path);
        }
        readAhead(unsummarized);
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

    /**
     * Reads the blobs of {@code paths} that are neither kept nor read ahead yet in batched queries
     * (as many as the budget still allows files); {@link #blob} takes them from there.
     */
    private void readAhead(Collection<String> paths) {
        if (batches == null) return;
        List<String> missing = new java.util.ArrayList<>();
        for (String path : paths) {
            String sha = tree().get(path);
            if (sha != null && !batched.containsKey(sha) && cache.get(installation, sha).isEmpty()) missing.add(sha);
        }
        List<String> asked = missing.subList(0, Math.min(missing.size(), Math.max(0, budget.filesLeft())));
        if (!batches.wouldRead(installation, asked.size())) return;
        // Context only: when the shared memory cannot hold the batch, its modules are read one at a time.
        batched.putAll(budget.holding(asked.size() * Math.min(maxFileBytes, GraphQlBlobs.MAX_TEXT_BYTES), false,
                () -> batches.read(installation, repo, asked, maxFileBytes), Map.of()));
    }

    /** The blob's bytes, from the cache, a batch read ahead, or GitHub; null when too large or not available. */
    private byte[] blob(String path, String sha) {
        byte[] cached = cache.get(installation, sha).orElse(null);
        if (cached != null) return cached;
        long granted = budget.reserve(maxFileBytes, false);
        if (granted == 0) {
            LOG.info("{} left out of the review's context: {}", path, budget.limits());
            return null;
        }
        long used = 0;
        byte[] ahead = batched.remove(sha);
        if (ahead != null) {
            // Counted as if fetched now: the budget applies alike however a blob was read.
            used = Math.min(ahead.length, granted);
            budget.settle(granted, used);
            if (ahead.length > granted) return null;
            cache.put(installation, sha, ahead);
            return ahead;
        }
        try {
            GitHubClient.FileBytes blob = github.blob(installation, repo, sha, granted);
            metrics.blobsRead("rest", 1);
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
