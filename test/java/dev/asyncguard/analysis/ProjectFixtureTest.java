package dev.asyncguard.analysis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The package {@code test/resources/fixtures/project/} analyzed as one project: every line marked
 * {@code # expect:} in any of its modules is reported with exactly those codes, every other line
 * stays clean; messages name the chain and the blocking file:line. Each module alone finds none of
 * the cross-module findings (a file on its own decides as before).
 */
class ProjectFixtureTest {
    private static final Path ROOT = Path.of("test", "resources", "fixtures", "project");

    static Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var walk = Files.walk(ROOT)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".py")).toList()) {
                files.put(ROOT.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static List<Finding> analyzeProject() throws IOException {
        return together(files(), AnalysisOptions.defaults(RuleRegistry.builtIn()));
    }

    /** The files analyzed as one project. */
    static List<Finding> together(Map<String, byte[]> files, AnalysisOptions options) {
        return Analyzer.withBuiltInRules().project(dev.asyncguard.analysis.project.ProjectSummaries.forPaths(files.keySet()),
                options).analyzeAll(files, List.of());
    }

    /** One file on its own. */
    static List<Finding> alone(String path, byte[] content, AnalysisOptions options) {
        return Analyzer.withBuiltInRules().analyze(AnalysisInput.parse(path, content, options), options);
    }

    @Test
    void projectFindsExactlyTheMarkedLines() throws IOException {
        List<Finding> findings = analyzeProject();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files().entrySet()) {
            String source = new String(file.getValue(), java.nio.charset.StandardCharsets.UTF_8);
            Map<Integer, Set<String>> expected = RuleFixturesTest.expectations(source);
            Map<Integer, Set<String>> actual = new TreeMap<>();
            for (Finding f : findings) {
                if (f.path().equals(file.getKey())) actual.computeIfAbsent(f.line(), k -> new TreeSet<>()).add(RuleFixturesTest.marker(f));
            }
            Set<Integer> lines = new TreeSet<>(expected.keySet());
            lines.addAll(actual.keySet());
            for (int line : lines) {
                if (!expected.getOrDefault(line, Set.of()).equals(actual.getOrDefault(line, Set.of()))) {
                    problems.add(file.getKey() + ":" + line + ": expected " + expected.get(line) + ", got "
                            + findings.stream().filter(f -> f.path().equals(file.getKey()) && f.line() == line)
                                    .map(f -> RuleFixturesTest.marker(f) + " " + f.message()).toList());
                }
            }
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }

    @Test
    void messagesNameTheChainAndTheBlockingLine() throws IOException {
        List<String> messages = analyzeProject().stream()
                .filter(f -> f.path().equals("app/service.py")).map(f -> f.line() + " " + f.message()).toList();
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(
                "11 load_settings() blocks: it calls open() at app/settings.py:6;")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("15 settings_or_default() blocks: it calls "
                + "load_settings() → open() at app/settings.py:6;")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(
                "38 reload() blocks: it calls time.sleep() at app/models.py:7;")), messages.toString());
    }

    @Test
    void theServiceModuleAloneFindsNoneOfTheCrossModuleFindings() throws IOException {
        AnalysisOptions options = AnalysisOptions.defaults(RuleRegistry.builtIn());
        byte[] service = files().get("app/service.py");
        assertEquals(List.of(), alone("app/service.py", service, options));
        // The clients remote.py imports from clients.py are known only with that module.
        assertEquals(List.of(), alone("app/remote.py", files().get("app/remote.py"), options));
        // db.py's findings need no other module: the same alone as in the project.
        byte[] db = files().get("app/db.py");
        List<String> alone = alone("app/db.py", db, options).stream()
                .map(f -> f.line() + " " + f.code()).toList();
        List<String> inProject = analyzeProject().stream().filter(f -> f.path().equals("app/db.py"))
                .map(f -> f.line() + " " + f.code()).toList();
        assertEquals(inProject, alone);
    }

    @Test
    void messagesThroughTheMroStarImportsAndNestedClasses() throws IOException {
        List<String> messages = analyzeProject().stream()
                .filter(f -> f.path().equals("app/shapes.py")).map(f -> f.line() + " " + f.message()).toList();
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(
                "11 flush() blocks: it calls time.sleep() at app/mixins.py:15;")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(
                "25 flush() blocks: it calls time.sleep() at app/mixins.py:36;")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(
                "43 slow_copy() blocks: it calls time.sleep() at app/tools.py:6;")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(
                "52 load() blocks: it calls time.sleep() at app/mixins.py:48;")), messages.toString());
    }

    /**
     * The review's way: the changed files analyzed, every other module only summarized (as a cache
     * would hand them back), gives the changed files the same findings as analyzing all of them.
     */
    @Test
    void summariesOfTheOtherModulesGiveTheSameFindingsAsAnalyzingThem() throws IOException {
        AnalysisOptions options = AnalysisOptions.defaults(RuleRegistry.builtIn());
        Analyzer analyzer = Analyzer.withBuiltInRules();
        Map<String, byte[]> all = files();
        Set<String> changed = Set.of("app/service.py", "app/shapes.py", "app/remote.py");
        dev.asyncguard.analysis.project.ProjectSummaries project =
                dev.asyncguard.analysis.project.ProjectSummaries.forPaths(all.keySet());
        Map<String, byte[]> analyzed = new TreeMap<>();
        List<dev.asyncguard.analysis.project.ModuleSummary> context = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : all.entrySet()) {
            if (changed.contains(f.getKey())) analyzed.put(f.getKey(), f.getValue());
            else context.add(analyzer.project(project, options).summarize(AnalysisInput.parse(f.getKey(), f.getValue(), options)));
        }
        List<String> viaSummaries = analyzer.project(project, options).analyzeAll(analyzed, context).stream()
                .map(f -> f.path() + ":" + f.line() + " " + f.code() + " " + f.message()).toList();
        List<String> viaAnalysis = analyzeProject().stream().filter(f -> changed.contains(f.path()))
                .map(f -> f.path() + ":" + f.line() + " " + f.code() + " " + f.message()).toList();
        assertEquals(viaAnalysis, viaSummaries);
        assertTrue(viaSummaries.size() > 10, viaSummaries.toString());
        // A summary records the modules its file imports from (the review's next files to fetch).
        assertTrue(context.stream().filter(m -> m.path().equals("app/reexport.py")).findFirst().orElseThrow()
                .imports().contains("app.tools"));
    }
    /**
     * A call on a value that a function of the file makes ({@code q = make_queue()}) is matched
     * again at the project's end only through what the project knows (other functions' return
     * types); otherwise the file's own answer stands, as when the file is analyzed alone: here the
     * queue's {@code get()} runs only after {@code empty()} said an item is there.
     */
    @Test
    void aLocalFactorysValueIsDecidedAsInTheFileAlone() {
        String jobs = """
                import queue


                def make_queue():
                    return queue.Queue(maxsize=10)


                async def drain():
                    q = make_queue()
                    if not q.empty():
                        return q.get()


                async def take():
                    q = make_queue()
                    return q.get()  # blocks: nothing checked
                """;
        Map<String, byte[]> files = new TreeMap<>(Map.of("pkg/__init__.py", new byte[0],
                "pkg/jobs.py", jobs.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        AnalysisOptions options = AnalysisOptions.defaults(RuleRegistry.builtIn());
        List<String> inProject = together(files, options).stream()
                .map(f -> f.line() + " " + f.code()).toList();
        List<String> alone = alone("pkg/jobs.py", files.get("pkg/jobs.py"), options)
                .stream().map(f -> f.line() + " " + f.code()).toList();
        assertEquals(List.of("16 AG206"), alone);
        assertEquals(alone, inProject);
    }
    /**
     * Many calls in one file that ask the same question of the project (the same callee) wait as
     * one decision: each still becomes its own finding, with its own range and its own fix.
     */
    @Test
    void callsWaitingOnOneDecisionEachKeepTheirRangeAndFix() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("pkg/__init__.py", new byte[0]);
        files.put("pkg/remote.py", "async def ping():\n    pass\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder use = new StringBuilder("from pkg.remote import ping\n\n\nasync def main():\n");
        for (int i = 0; i < 7; i++) use.append(i % 2 == 0 ? "    ping()\n" : "    if True: ping()\n");
        files.put("pkg/use.py", use.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<Finding> found = together(files, AnalysisOptions.defaults(RuleRegistry.builtIn()))
                .stream().filter(f -> f.path().equals("pkg/use.py")).toList();
        List<String> where = found.stream().map(f -> f.code() + " " + f.range().startLine() + ":" + f.range().startColumn()
                + "-" + f.range().endLine() + ":" + f.range().endColumn()).toList();
        assertEquals(List.of("AG302 5:4-5:10", "AG302 6:13-6:19", "AG302 7:4-7:10", "AG302 8:13-8:19",
                "AG302 9:4-9:10", "AG302 10:13-10:19", "AG302 11:4-11:10"), where);
        for (Finding f : found) {
            assertTrue(f.message().startsWith("ping() creates a coroutine that is never awaited"), f.message());
            // Each fix inserts "await " at its own call.
            var edit = f.fix().edits().get(0);
            assertEquals(f.range().startLine() + ":" + f.range().startColumn(), edit.range().startLine() + ":" + edit.range().startColumn());
            assertEquals("await ", edit.replacement());
        }
    }

    /**
     * A coroutine function of another module is found under a name that an import gave it, and
     * through a base class there; a sync method of the same project is not taken for one.
     */
    @Test
    void coroutineFunctionsUnderImportedNamesAndInheritedMethods() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("pkg/__init__.py", "from .remote import fetch as fetch_it\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("pkg/remote.py", """
                class Base:
                    async def refresh(self):
                        pass

                    def close(self):
                        pass


                async def fetch():
                    pass
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("pkg/use.py", """
                from pkg import fetch_it
                from pkg.remote import Base


                class Client(Base):
                    def run(self):
                        fetch_it()
                        self.refresh()
                        self.close()
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> found = together(files, AnalysisOptions.defaults(RuleRegistry.builtIn()))
                .stream().map(f -> f.path() + ":" + f.line() + " " + f.code() + " " + f.message()).toList();
        assertEquals(List.of(
                "pkg/use.py:7 AG302 fetch() creates a coroutine that is never awaited, so its body never runs",
                "pkg/use.py:8 AG302 refresh() creates a coroutine that is never awaited, so its body never runs"), found);
    }
}
