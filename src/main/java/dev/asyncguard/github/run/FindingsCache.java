package dev.asyncguard.github.run;

import dev.asyncguard.analysis.AnalysisKey;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.project.ImportedModules;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.github.fetch.ServicePolicy;
import dev.asyncguard.review.FileAnalyzer;
import dev.asyncguard.review.ProjectAnalysis;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The findings of earlier reviews' project analyses, kept in memory and handed back when a later
 * review analyzes the same changed files with the same inputs: a pull request reviewed again
 * (a {@code /recheck}, a re-run, a push that changes no Python file), or another pull request
 * with the very same files. Keyed ({@link AnalysisKey}, the key of {@code check}'s result cache)
 * by the installation, the policy's analysis settings, the tree's Python paths (module names
 * come from them), each changed file's path, bytes and summary key, and each imported module's
 * path, blob SHA and summary key. One changed byte anywhere is a miss for the whole group, as in
 * {@code check}: a coroutine in one file sees the blocking helpers of another. Least recently
 * used first out, bounded by entries and by estimated bytes; 0 bytes keeps nothing. The imports of
 * a changed file (what the key's imported modules are found by) are kept too, by the tree's paths
 * and the file's bytes, so that a review answered from here parses no file.
 */
public final class FindingsCache {
    /** Results computed by this process: its build is the one running. */
    private static final String BUILD = "service";

    private final int maxEntries;
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    /**
     * Which of the tree's files a changed file imports (a parse of it), by the tree's paths and the
     * file's path and bytes: a review whose analysis is then found here parses nothing.
     */
    private final LinkedHashMap<String, Set<String>> imports = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > IMPORTS_KEPT;
        }
    };
    private static final int IMPORTS_KEPT = 20_000;

    private record Entry(Map<String, List<Finding>> findings, long size) {
    }

    public FindingsCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * The policy's analyzer, whose project analyses answer from this cache when they can.
     *
     * @param blobOfPath the blob SHA of a module of the reviewed tree (null: unknown, and then the
     *                   analysis that imports it is not cached)
     * @param lookedUp   told {@code hit} or {@code miss} for each analysis looked up
     */
    public FileAnalyzer reusing(long installation, ServicePolicy policy, Function<String, String> blobOfPath,
                                java.util.function.Consumer<String> lookedUp) {
        FileAnalyzer inner = policy.analyzer();
        if (maxBytes <= 0) return inner;
        return new FileAnalyzer() {
            @Override
            public List<Finding> analyze(String path, byte[] content) {
                return inner.analyze(path, content);
            }

            @Override
            public Map<String, List<Finding>> analyzeTogether(Map<String, byte[]> files) {
                return inner.analyzeTogether(files);
            }

            @Override
            public ProjectAnalysis projectAnalysis(Collection<String> treePaths) {
                ProjectAnalysis project = inner.projectAnalysis(treePaths);
                if (project == null) return null;
                byte[] tree = AnalysisKey.contentKey(String.join("\n", treePaths).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return new ProjectAnalysis() {
                    @Override
                    public String summaryKey(String path) {
                        return project.summaryKey(path);
                    }

                    @Override
                    public ModuleSummary summarize(String path, byte[] content) {
                        return project.summarize(path, content);
                    }

                    @Override
                    public Set<String> importsOf(ImportedModules imports, String path, byte[] content) {
                        String key = AnalysisKey.of(BUILD).add(tree).file(path, content).hex();
                        Set<String> known = importsKnown(key);
                        if (known != null) return new LinkedHashSet<>(known);
                        Set<String> found = project.importsOf(imports, path, content);
                        keepImports(key, found);
                        return found;
                    }

                    @Override
                    public Map<String, List<Finding>> analyze(Map<String, byte[]> changed, Collection<ModuleSummary> context) {
                        String key = key(installation, policy, tree, project, changed, context, blobOfPath);
                        if (key == null) return project.analyze(changed, context);
                        Map<String, List<Finding>> known = get(key);
                        lookedUp.accept(known != null ? "hit" : "miss");
                        if (known != null) return known;
                        Map<String, List<Finding>> found = project.analyze(changed, context);
                        put(key, found);
                        return found;
                    }
                };
            }
        };
    }

    /** The key of one analysis; null when an imported module's blob is not known (not cached then). */
    static String key(long installation, ServicePolicy policy, byte[] tree, ProjectAnalysis project,
                      Map<String, byte[]> changed, Collection<ModuleSummary> context, Function<String, String> blobOfPath) {
        AnalysisKey key = AnalysisKey.of(BUILD).add(Long.toString(installation))
                .settings(true, policy.analysis().options(), policy.policy())
                .add(tree)
                .add(Integer.toString(changed.size()));
        changed.forEach((path, content) -> key.file(path, content).add(project.summaryKey(path)));
        key.add(Integer.toString(context.size()));
        for (ModuleSummary summary : context) {
            String blob = blobOfPath.apply(summary.path());
            if (blob == null) return null;
            key.add(summary.path()).add(blob).add(project.summaryKey(summary.path()));
        }
        return key.hex();
    }

    private synchronized Set<String> importsKnown(String key) {
        return imports.get(key);
    }

    private synchronized void keepImports(String key, Set<String> found) {
        imports.put(key, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(found)));
    }

    synchronized Map<String, List<Finding>> get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.findings();
    }

    synchronized void put(String key, Map<String, List<Finding>> findings) {
        Map<String, List<Finding>> copy = new LinkedHashMap<>();
        long size = 64;
        for (Map.Entry<String, List<Finding>> e : findings.entrySet()) {
            copy.put(e.getKey(), List.copyOf(e.getValue()));
            size += 64 + 2L * e.getKey().length();
            for (Finding f : e.getValue()) size += estimatedBytes(f);
        }
        if (size > maxBytes || entries.containsKey(key)) return;
        entries.put(key, new Entry(java.util.Collections.unmodifiableMap(copy), size));
        bytes += size;
        var oldest = entries.entrySet().iterator();
        while ((bytes > maxBytes || entries.size() > maxEntries) && oldest.hasNext()) {
            bytes -= oldest.next().getValue().size();
            oldest.remove();
        }
    }

    private static long estimatedBytes(Finding f) {
        long size = 160 + 2L * (f.message().length() + f.code().length() + f.name().length() + f.path().length());
        Fix fix = f.fix();
        if (fix != null) {
            size += 96 + 2L * (fix.title().length() + (fix.example() == null ? 0 : fix.example().length()));
            for (var edit : fix.edits()) size += 64 + 2L * edit.replacement().length();
        }
        return size;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }
}
