package dev.asyncguard.analysis;

import dev.asyncguard.analysis.project.ProjectSummaries;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rule walks only the files that contain a word it needs ({@link RuleInfo#needs()}), and a file
 * the blocking rules did not walk is summarized for the project when a chain first reaches it. Neither
 * may change a finding: every fixture, alone and as a project, gives the same findings as with
 * every rule walking every file (the words not known).
 */
class RuleNeedsTest {
    private static final AnalysisOptions ALL = AnalysisOptions.select(RuleRegistry.builtIn(), List.of("ALL"), List.of(),
            null);

    /** The same file as parsed, but with its words unknown: every enabled rule walks it. */
    private static AnalysisInput everyRule(AnalysisInput in) {
        return new AnalysisInput(in.path(), in.text(), in.module(), in.comments(), in.syntaxProblems(), in.versionedSyntax());
    }

    private static Map<String, byte[]> fixtures(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".py")).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static List<String> shown(List<Finding> findings) {
        return findings.stream().sorted(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)
                        .thenComparingInt(f -> f.range().startColumn()).thenComparing(Finding::code).thenComparing(Finding::message))
                .map(f -> f.path() + ":" + f.line() + ":" + f.range().startColumn() + " " + f.code() + " " + f.confidence()
                        + " " + f.message()).toList();
    }

    /** The files as one project, each with its words (gated) or without (every rule walks it). */
    private static List<Finding> project(Map<String, byte[]> files, boolean gated) {
        Analyzer.Project project = Analyzer.withBuiltInRules().project(ProjectSummaries.forPaths(files.keySet()), ALL);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            AnalysisInput in = AnalysisInput.parse(f.getKey(), f.getValue(), ALL);
            out.addAll(project.analyze(gated ? in : everyRule(in)));
        }
        out.addAll(project.decidePending());
        return out;
    }

    @Test
    void everyFixtureAloneGivesTheSameFindingsAsWithEveryRule() throws IOException {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        Map<String, byte[]> files = fixtures(Path.of("test", "resources", "fixtures"));
        assertTrue(files.size() > 40, "the fixtures are found");
        int findings = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            AnalysisInput in = AnalysisInput.parse(f.getKey(), f.getValue(), ALL);
            List<Finding> gated = analyzer.analyze(in, ALL);
            assertEquals(shown(analyzer.analyze(everyRule(in), ALL)), shown(gated), f.getKey());
            findings += gated.size();
        }
        assertTrue(findings > 100, "the fixtures have findings: " + findings);
    }

    /**
     * The fixtures with their coroutines made plain ({@code async def} → {@code def}, {@code await x} →
     * {@code x}, ...): what a rule reports in sync code must not depend on a word it claims to need.
     */
    @Test
    void everyFixtureWithoutAsyncGivesTheSameFindingsAsWithEveryRule() throws IOException {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        int findings = 0;
        for (Map.Entry<String, byte[]> f : fixtures(Path.of("test", "resources", "fixtures")).entrySet()) {
            String plain = new String(f.getValue(), StandardCharsets.UTF_8)
                    .replaceAll("\\basync\\s+(def|with|for)\\b", "$1").replaceAll("\\bawait\\s+", "");
            AnalysisInput in = AnalysisInput.parse(f.getKey(), plain, ALL);
            List<Finding> gated = analyzer.analyze(in, ALL);
            assertEquals(shown(analyzer.analyze(everyRule(in), ALL)), shown(gated), f.getKey());
            findings += gated.size();
        }
        assertTrue(findings > 20, "sync code has findings too: " + findings);
        Map<String, byte[]> project = new TreeMap<>();
        fixtures(Path.of("test", "resources", "fixtures", "project")).forEach((path, bytes) -> project.put(path,
                new String(bytes, StandardCharsets.UTF_8).replaceAll("\\basync\\s+(def|with|for)\\b", "$1")
                        .replaceAll("\\bawait\\s+", "").getBytes(StandardCharsets.UTF_8)));
        assertEquals(shown(project(project, false)), shown(project(project, true)));
    }

    @Test
    void everyFixtureFolderAsOneProjectGivesTheSameFindingsAsWithEveryRule() throws IOException {
        for (String folder : List.of("project", "rules", "services", "roles")) {
            Map<String, byte[]> files = fixtures(Path.of("test", "resources", "fixtures", folder));
            assertEquals(shown(project(files, false)), shown(project(files, true)), folder);
        }
    }

    @Test
    void aChainThroughFilesWithoutAsyncIsFoundFromTheirLaterSummaries() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("app/__init__.py", new byte[0]);
        files.put("app/handlers.py", """
                from app import store

                async def handle(key):
                    return store.load(key)
                """.getBytes(StandardCharsets.UTF_8));
        // Neither helper file has a word the blocking rules need: they are summarized only when the chain reaches them.
        files.put("app/store.py", """
                from app.disk import read_file

                def load(key):
                    return read_file("/data/" + key)
                """.getBytes(StandardCharsets.UTF_8));
        files.put("app/disk.py", """
                import time

                def read_file(path):
                    time.sleep(0.1)
                    with open(path) as f:
                        return f.read()
                """.getBytes(StandardCharsets.UTF_8));
        files.put("app/unused.py", """
                import time

                def nap():
                    time.sleep(1)
                """.getBytes(StandardCharsets.UTF_8));
        List<String> gated = shown(project(files, true));
        assertEquals(shown(project(files, false)), gated);
        assertFalse(gated.isEmpty());
        assertTrue(gated.stream().anyMatch(f -> f.startsWith("app/handlers.py:4:") && f.contains(" AG201 ")
                && f.contains("load() blocks: it calls read_file() → time.sleep() at app/disk.py:4")), gated.toString());
        assertTrue(gated.stream().allMatch(f -> f.startsWith("app/handlers.py:")), gated.toString());
    }

    @Test
    void theParserListsTheWordsOfTheCodeNotOfStringsOrComments() {
        var parsed = new dev.asyncguard.python.Parser().parse("""
                import asyncio  # async in a comment
                x = "await in a string"
                ｃlose = f"{asyncio.sleep}"
                """);
        assertTrue(parsed.words().containsAll(List.of("import", "asyncio", "x", "close", "sleep")), parsed.words().toString());
        assertFalse(parsed.words().contains("async"), parsed.words().toString());
        assertFalse(parsed.words().contains("await"), parsed.words().toString());
    }
}
