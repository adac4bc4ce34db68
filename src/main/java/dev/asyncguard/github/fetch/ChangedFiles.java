package dev.asyncguard.github.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.diff.DiffFormatException;
import dev.asyncguard.diff.FileDiff;
import dev.asyncguard.diff.FileStatus;
import dev.asyncguard.diff.UnifiedDiff;
import dev.asyncguard.diff.UnifiedDiffParser;
import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.GitHubException;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.review.ChangedFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changed Python files of a pull request that the policy includes, with their content at the
 * head and their diff, within the run's {@link FetchBudget}. Contents not kept from earlier reviews
 * are read in batched GraphQL queries ({@link GraphQlBlobs}) when there are several; what those do
 * not bring back, one REST call each, a few at a time on virtual threads. What cannot be analyzed
 * becomes a {@link SkippedFile} note.
 */
public final class ChangedFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ChangedFiles.class);

    /** The fetched files and the notes about those that were not (or only partly) analyzed. */
    public record Files(List<ChangedFile> changed, List<SkippedFile> skipped) {}

    private final GitHubClient github;
    private final int concurrency;
    private final long maxFileBytes;
    private final BlobStore blobs;
    private final GraphQlBlobs batches;
    private final ServiceMetrics metrics;

    /**
     * @param blobs   contents read before, by blob SHA: a file whose listed blob is there is not fetched again
     * @param batches reads the rest many at a time; null: one REST call each
     */
    public ChangedFiles(GitHubClient github, int concurrency, long maxFileBytes, BlobStore blobs, GraphQlBlobs batches,
                        ServiceMetrics metrics) {
        this.github = github;
        this.batches = batches;
        this.metrics = metrics;
        this.blobs = blobs;
        this.concurrency = concurrency;
        this.maxFileBytes = maxFileBytes;
    }

    /** The Python files the policy includes, fetched at the head; a few at a time on virtual threads. */
    public Files fetch(long inst, RepoRef repo, int number, String sha, List<JsonNode> listed, ServicePolicy policy,
                       FetchBudget budget) {
        List<JsonNode> wanted = new ArrayList<>();
        for (JsonNode f : listed) {
            String path = f.path("filename").asText();
            if (isPython(path) && !"removed".equals(f.path("status").asText()) && policy.includes(path)) {
                wanted.add(f);
            }
        }
        Map<String, byte[]> batched = readAhead(inst, repo, sha, wanted, budget);
        List<ChangedFile> changed = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Semaphore slots = new Semaphore(Math.max(1, concurrency));
        Diff wholeDiff = new Diff(inst, repo, number);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> results = new ArrayList<>();
            for (JsonNode f : wanted) {
                results.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return fetchOne(inst, repo, sha, f, wholeDiff, budget, batched);
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
        if (listed.size() >= LISTING_CAP) {
            // GitHub's listing ends at its cap whatever the PR holds: say so rather than look complete.
            skipped.add(new SkippedFile("files past the first " + String.format(java.util.Locale.ROOT, "%,d", LISTING_CAP),
                    "GitHub lists no more of a pull request's files, so they are not reviewed"));
        }
        return new Files(changed, skipped);
    }

    /** GitHub lists at most this many files of a pull request. */
    static final int LISTING_CAP = 3000;

    /**
     * The contents of the wanted files that no earlier review kept, read in batched GraphQL queries,
     * by object ({@link #object}); as many as the budget still allows files. Kept in the
     * {@link BlobStore} for later reviews too.
     */
    private Map<String, byte[]> readAhead(long inst, RepoRef repo, String sha, List<JsonNode> wanted, FetchBudget budget) {
        if (batches == null) return Map.of();
        List<String> missing = new ArrayList<>();
        for (JsonNode f : wanted.subList(0, Math.min(wanted.size(), Math.max(0, budget.filesLeft())))) {
            String blobSha = f.path("sha").asText(null);
            if (blobSha == null || blobs.get(inst, blobSha).isEmpty()) missing.add(object(sha, f));
        }
        if (!batches.wouldRead(inst, missing.size())) return Map.of();
        // The answer is in memory before its files are reserved one by one: its worst case is held meanwhile.
        Map<String, byte[]> read = budget.holding(missing.size() * Math.min(maxFileBytes, GraphQlBlobs.MAX_TEXT_BYTES), true,
                () -> batches.read(inst, repo, missing, maxFileBytes), Map.of());
        for (JsonNode f : wanted) {
            String blobSha = f.path("sha").asText(null);
            byte[] content = blobSha == null ? null : read.get(blobSha);
            if (content != null) blobs.put(inst, blobSha, content);
        }
        return read;
    }

    /** How a batch names a listed file's content: its blob SHA, else {@code head:path}. */
    private static String object(String headSha, JsonNode f) {
        String blobSha = f.path("sha").asText(null);
        return blobSha != null ? blobSha : headSha + ":" + f.path("filename").asText();
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

    private Object fetchOne(long inst, RepoRef repo, String sha, JsonNode f, Diff wholeDiff, FetchBudget budget,
                            Map<String, byte[]> batched) {
        String path = f.path("filename").asText();
        String status = f.path("status").asText();
        // The budget counts cached files too: it bounds the run's analysis as well as its fetches.
        FetchBudget.Grant grant = budget.grant(maxFileBytes, true);
        long granted = grant.bytes();
        if (granted == 0) {
            return new SkippedFile(path, "not analyzed: " + budget.limits());
        }
        // GitHub lists each file with its blob SHA at the head: content read before is not fetched again.
        String blobSha = f.path("sha").asText(null);
        // Read ahead in a batch or kept from an earlier review: either way no call of its own.
        GitHubClient.FileBytes bytes = Optional.ofNullable(batched.get(object(sha, f)))
                .or(() -> blobSha == null ? Optional.empty() : blobs.get(inst, blobSha))
                .map(b -> new GitHubClient.FileBytes(b.length <= granted ? b : new byte[0], b.length > granted)).orElse(null);
        if (bytes == null) {
            try {
                bytes = github.fileContent(inst, repo, path, sha, blobSha, granted);
            } catch (RuntimeException e) {
                budget.settle(granted, 0);
                throw e;
            }
            metrics.blobsRead("rest", 1);
            if (!bytes.tooLarge() && blobSha != null) blobs.put(inst, blobSha, bytes.bytes());
        }
        budget.settle(granted, bytes.bytes().length);
        if (bytes.tooLarge()) {
            return new SkippedFile(path, budget.cutShort(grant, maxFileBytes));
        }
        if (isBinary(bytes.bytes())) {
            return new SkippedFile(path, "binary content, not analyzed");
        }
        FileStatus fileStatus = FileStatus.fromGithub(status);
        String previous = f.path("previous_filename").asText(null);
        FileDiff diff;
        if (f.hasNonNull("patch")) {
            diff = UnifiedDiffParser.githubFile(path, previous, fileStatus, f.path("patch").asText());
        } else if ((fileStatus == FileStatus.RENAMED || fileStatus == FileStatus.COPIED)
                && f.path("changes").isInt() && f.path("changes").asInt() == 0) {
            // Moved or copied without a changed line: GitHub sends no patch as there is none, and the PR's
            // whole diff has nothing more to say about the file. (A modified file without a patch may
            // be one whose diff was too large, however its changes are counted: that one is looked up.)
            diff = UnifiedDiffParser.githubFile(path, previous, fileStatus, "");
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
}
