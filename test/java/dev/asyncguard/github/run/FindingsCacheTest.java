package dev.asyncguard.github.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.project.ImportedModules;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.github.fetch.ServicePolicy;
import dev.asyncguard.policy.KnownRules;
import dev.asyncguard.policy.PolicyResolver;
import dev.asyncguard.policy.PolicySource;
import dev.asyncguard.policy.ResolvedPolicy;
import dev.asyncguard.review.FileAnalyzer;
import dev.asyncguard.review.ProjectAnalysis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The service's reuse of earlier analyses, with the real analyzer: the same changed files with
 * the same imported blobs and policy get the earlier findings (and equal to a fresh analysis);
 * any input that can change them (an imported module's blob, the policy, the tree's modules, the
 * installation, a changed byte) is a miss, and the findings follow the change.
 */
class FindingsCacheTest {
    static final String WORKER = "from app.helpers import load_config\n\n\nasync def handle(paths):\n"
            + "    for path in paths: load_config(path)\n";
    static final String BLOCKING_HELPERS = "def load_config(path='app.toml'):\n    with open(path) as f:\n        return f.read()\n";
    static final String PURE_HELPERS = "def load_config(path='app.toml'):\n    return {'path': path}\n";
    static final List<String> TREE = List.of("app/__init__.py", "app/worker.py", "app/helpers.py");

    final List<String> lookups = new ArrayList<>();
    final Map<String, String> blobs = new HashMap<>();

    static ServicePolicy policy(String text) throws Exception {
        PolicySource source = new PolicySource() {
            @Override
            public Optional<String> defaultBranchHead(String repository) {
                return repository.endsWith("/.github") ? Optional.empty() : Optional.of("c0ffee");
            }

            @Override
            public Optional<String> read(String repository, String commit, String path) {
                return path.endsWith("asyncguard.yml") ? Optional.of(text) : Optional.empty();
            }
        };
        ResolvedPolicy resolved = new PolicyResolver(source, KnownRules.builtIn()).resolve("acme/shop");
        return new ServicePolicy(resolved, ServicePolicy.Analysis.of(resolved));
    }

    /** One review's analysis of worker.py with helpers.py (blob {@code blob}) as its imported module. */
    Map<String, List<Finding>> review(FindingsCache cache, long installation, ServicePolicy policy, List<String> tree,
                                      String worker, String helpers, String blob) {
        blobs.put("app/helpers.py", blob);
        FileAnalyzer analyzer = cache.reusing(installation, policy, blobs::get, lookups::add);
        ProjectAnalysis project = analyzer.projectAnalysis(tree);
        ModuleSummary summary = project.summarize("app/helpers.py", helpers.getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> changed = new LinkedHashMap<>();
        changed.put("app/worker.py", worker.getBytes(StandardCharsets.UTF_8));
        return project.analyze(changed, List.of(summary));
    }

    static List<String> codes(Map<String, List<Finding>> findings) {
        return findings.values().stream().flatMap(List::stream).map(f -> f.code() + ":" + f.range().startLine()).sorted().toList();
    }

    @Test
    void theSameFilesWithTheSameImportedBlobsAreAnalyzedOnce() throws Exception {
        FindingsCache cache = new FindingsCache(100, 1 << 20);
        ServicePolicy policy = policy("rules: {}\n");
        Map<String, List<Finding>> first = review(cache, 1, policy, TREE, WORKER, BLOCKING_HELPERS, "b1");
        Map<String, List<Finding>> again = review(cache, 1, policy, TREE, WORKER, BLOCKING_HELPERS, "b1");
        assertEquals(List.of("miss", "hit"), lookups);
        assertTrue(codes(first).stream().anyMatch(c -> c.endsWith(":5")), "the blocking helper is reported at the call: " + codes(first));
        assertEquals(first, again);
        // A fresh analysis (another cache) finds exactly what the cache handed back.
        assertEquals(codes(first), codes(review(new FindingsCache(100, 1 << 20), 1, policy, TREE, WORKER, BLOCKING_HELPERS, "b1")));
        assertEquals(1, cache.size());
    }

    @Test
    void anImportedModuleWithAnotherBlobIsAnalyzedAgainAndItsChangeShows() throws Exception {
        FindingsCache cache = new FindingsCache(100, 1 << 20);
        ServicePolicy policy = policy("rules: {}\n");
        Map<String, List<Finding>> blocking = review(cache, 1, policy, TREE, WORKER, BLOCKING_HELPERS, "b1");
        Map<String, List<Finding>> pure = review(cache, 1, policy, TREE, WORKER, PURE_HELPERS, "b2");
        assertEquals(List.of("miss", "miss"), lookups);
        assertNotEquals(codes(blocking), codes(pure));
        assertEquals(List.of(), codes(pure), "the helper no longer blocks: nothing to report");
        assertEquals(codes(blocking), codes(review(cache, 1, policy, TREE, WORKER, BLOCKING_HELPERS, "b1")));
        assertEquals("hit", lookups.get(2));
    }

    @Test
    void theKeyCoversPolicyTreeInstallationAndEveryByte() throws Exception {
        FindingsCache cache = new FindingsCache(100, 1 << 20);
        ServicePolicy policy = policy("rules: {}\n");
        review(cache, 1, policy, TREE, WORKER, BLOCKING_HELPERS, "b1");
        // A policy that turns the rules off: its findings, not the cached ones.
        ServicePolicy off = policy("rules: {AG301: off, AG302: off, AG303: off, AG304: off, AG201: off, AG202: off, AG203: off, AG204: off}\n");
        Map<String, List<Finding>> quiet = review(cache, 1, off, TREE, WORKER, BLOCKING_HELPERS, "b1");
        review(cache, 1, policy, List.of("app/__init__.py", "app/worker.py", "app/helpers.py", "app/extra.py"),
                WORKER, BLOCKING_HELPERS, "b1");
        review(cache, 2, policy, TREE, WORKER, BLOCKING_HELPERS, "b1");
        review(cache, 1, policy, TREE, WORKER + "\n", BLOCKING_HELPERS, "b1");
        assertEquals(List.of("miss", "miss", "miss", "miss", "miss"), lookups);
        assertEquals(codes(new FindingsCache(100, 1 << 20).reusing(1, off, blobs::get, s -> { })
                .projectAnalysis(TREE).analyze(Map.of("app/worker.py", WORKER.getBytes(StandardCharsets.UTF_8)),
                        List.of(policy.analyzer().projectAnalysis(TREE).summarize("app/helpers.py",
                                BLOCKING_HELPERS.getBytes(StandardCharsets.UTF_8))))), codes(quiet));
    }

    @Test
    void importsAreKeptByTreeAndBytes() throws Exception {
        FindingsCache cache = new FindingsCache(100, 1 << 20);
        ServicePolicy policy = policy("rules: {}\n");
        byte[] worker = WORKER.getBytes(StandardCharsets.UTF_8);
        ProjectAnalysis project = cache.reusing(1, policy, blobs::get, lookups::add).projectAnalysis(TREE);
        ImportedModules tree = new ImportedModules(TREE);
        assertEquals(java.util.Set.of("app/helpers.py", "app/__init__.py"), project.importsOf(tree, "app/worker.py", worker));
        assertEquals(tree.of("app/worker.py", worker), project.importsOf(tree, "app/worker.py", worker));
        // Another tree (no helpers module): its own answer, not the one kept for the first tree.
        List<String> without = List.of("app/__init__.py", "app/worker.py");
        assertEquals(java.util.Set.of("app/__init__.py"), cache.reusing(1, policy, blobs::get, lookups::add)
                .projectAnalysis(without).importsOf(new ImportedModules(without), "app/worker.py", worker));
    }

    @Test
    void anImportedModuleOfUnknownBlobIsNeitherLookedUpNorKept() throws Exception {
        FindingsCache cache = new FindingsCache(100, 1 << 20);
        ServicePolicy policy = policy("rules: {}\n");
        review(cache, 1, policy, TREE, WORKER, BLOCKING_HELPERS, null);
        assertEquals(List.of(), lookups);
        assertEquals(0, cache.size());
    }

    @Test
    void boundedByEntriesAndBytesAndOffAtZero() throws Exception {
        ServicePolicy policy = policy("rules: {}\n");
        FindingsCache two = new FindingsCache(2, 1 << 20);
        for (int i = 0; i < 5; i++) review(two, 1, policy, TREE, WORKER + "#" + i + "\n", BLOCKING_HELPERS, "b1");
        assertEquals(2, two.size());
        FindingsCache tiny = new FindingsCache(100, 10);
        review(tiny, 1, policy, TREE, WORKER, BLOCKING_HELPERS, "b1");
        assertEquals(0, tiny.size(), "an entry larger than the bound is not kept");
        assertSame(policy.analyzer(), new FindingsCache(100, 0).reusing(1, policy, blobs::get, lookups::add));
    }
}
