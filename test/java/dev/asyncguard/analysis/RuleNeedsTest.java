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

    /**
     * Every finding of every fixture, each file analyzed on its own with every rule walking it, is made
     * by a rule whose needs the file meets: the decision of which rules run where (the light path of a
     * file without them) would lose none of them. A need declared too narrow fails here.
     */
    @Test
    void everyFixtureFindingComesFromAFileThatHasAWordItsRuleNeeds() throws IOException {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        RuleRegistry registry = RuleRegistry.builtIn();
        int checked = 0;
        for (Map.Entry<String, byte[]> f : fixtures(Path.of("test", "resources", "fixtures")).entrySet()) {
            for (boolean plain : new boolean[] {false, true}) {
                String text = new String(f.getValue(), StandardCharsets.UTF_8);
                if (plain) text = text.replaceAll("\\basync\\s+(def|with|for)\\b", "$1").replaceAll("\\bawait\\s+", "");
                AnalysisInput in = AnalysisInput.parse(f.getKey(), text, ALL);
                FileWords words = new FileWords(in.words(), dev.asyncguard.python.ast.Preorder.of(in.module()));
                for (Finding finding : analyzer.analyze(everyRule(in), ALL)) {
                    RuleInfo info = registry.registered().stream().filter(r -> r.metadata().code().equals(finding.code()))
                            .findFirst().orElseThrow().type().getAnnotation(RuleInfo.class);
                    assertTrue(info.needs().length == 0 || words.anyOf(info.needs()), f.getKey() + (plain ? " (plain)" : "")
                            + ":" + finding.line() + " " + finding.code() + " is made where none of its needs "
                            + List.of(info.needs()) + " occurs");
                    checked++;
                }
            }
        }
        assertTrue(checked > 150, "findings checked: " + checked);
    }

    /** app/remote.py of the projects below: another module's coroutine function. */
    private static final String REMOTE_COROUTINE = """
            async def fetch(url):
                return url
            """;

    private static Map<String, byte[]> files(String... pathsAndSources) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndSources.length; i += 2) {
            files.put(pathsAndSources[i], pathsAndSources[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /**
     * AG302 in sync code, where it takes the light path only when none of its needs occurs: each way a call
     * of the file's own code is known to make a coroutine is found with the words the rule declares (a string
     * annotation's names count), and a call of another module's coroutine function in a file without any of
     * them is still found. Each file gives the same findings as with every rule walking it.
     */
    @Test
    void unawaitedCoroutinesInSyncCodeAreFoundWithTheLightPath() {
        Map<String, byte[]> files = files(
                "app/__init__.py", "",
                "app/remote.py", REMOTE_COROUTINE,
                "app/plain.py", """
                        from app.remote import fetch

                        def refresh():
                            fetch("/status")
                        """,
                "app/sleeper.py", """
                        import asyncio as aio

                        def pause():
                            aio.sleep(1)
                        """,
                "app/queued.py", """
                        def hand_over(q: "asyncio.Queue", item):
                            q.put(item)
                        """,
                "app/session.py", """
                        def stop(session: "aiohttp.ClientSession"):
                            session.close()
                        """,
                "app/handshake.py", """
                        class Handshake:
                            def __await__(self):
                                return iter(())

                        def greet():
                            Handshake()
                        """,
                "app/legacy.py", """
                        import types

                        @types.coroutine
                        def tick():
                            yield

                        def run():
                            tick()
                        """,
                "app/declared.py", """
                        from typing import Coroutine

                        def later() -> Coroutine[None, None, int]:
                            return make()

                        def run():
                            later()
                        """);
        List<String> gated = shown(project(files, true));
        assertEquals(shown(project(files, false)), gated);
        for (String where : List.of("app/plain.py:4:", "app/sleeper.py:4:", "app/queued.py:2:", "app/session.py:2:",
                "app/handshake.py:6:", "app/legacy.py:8:", "app/declared.py:7:")) {
            assertTrue(gated.stream().anyMatch(f -> f.startsWith(where) && f.contains(" AG302 ")), where + " in " + gated);
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            AnalysisInput in = AnalysisInput.parse(f.getKey(), f.getValue(), ALL);
            assertEquals(shown(Analyzer.withBuiltInRules().analyze(everyRule(in), ALL)),
                    shown(Analyzer.withBuiltInRules().analyze(in, ALL)), f.getKey());
        }
        // Which files take the light path: only the one whose coroutine is another module's.
        String[] needs = dev.asyncguard.analysis.rules.UnawaitedCoroutine.class.getAnnotation(RuleInfo.class).needs();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            AnalysisInput in = AnalysisInput.parse(f.getKey(), f.getValue(), ALL);
            boolean light = !new FileWords(in.words(), dev.asyncguard.python.ast.Preorder.of(in.module())).anyOf(needs);
            assertEquals(f.getKey().equals("app/plain.py") || f.getKey().equals("app/__init__.py"), light, f.getKey());
        }
    }

    /**
     * Files without a word any rule needs still find a call of another module's coroutine function through
     * every step a resolution takes: a package's re-export under another name, a star import, a method of a
     * base class defined in another module, a local alias of the function; and such a file with a syntax
     * error gets AG001. What any shortcut for these files (summaries made lazily, walks skipped) must keep;
     * the findings equal those with every rule walking every file.
     */
    @Test
    void aFileNoRuleNeedsReachesAnotherModulesCoroutineThroughEveryResolutionStep() {
        Map<String, byte[]> files = files(
                "pkg/__init__.py", "from .impl import fetch as get\n",
                "pkg/impl.py", REMOTE_COROUTINE,
                "pkg/base.py", """
                        class Base:
                            async def refresh(self):
                                return 1
                        """,
                "pkg/reexport.py", """
                        import pkg

                        def poll():
                            pkg.get("/status")
                        """,
                "pkg/star.py", """
                        from pkg.impl import *

                        def poll():
                            fetch("/status")
                        """,
                "pkg/sub.py", """
                        from pkg.base import Base

                        class Sub(Base):
                            def go(self):
                                self.refresh()
                        """,
                "pkg/local.py", """
                        from pkg import impl

                        later = impl.fetch

                        def poll():
                            later("/status")
                        """,
                "pkg/broken.py", """
                        def poll(:
                            return 1
                        """);
        List<String> gated = shown(project(files, true));
        assertEquals(shown(project(files, false)), gated);
        for (String where : List.of("pkg/reexport.py:4:", "pkg/star.py:4:", "pkg/sub.py:5:", "pkg/local.py:6:")) {
            assertTrue(gated.stream().anyMatch(f -> f.startsWith(where) && f.contains(" AG302 ")), where + " in " + gated);
        }
        assertTrue(gated.stream().anyMatch(f -> f.startsWith("pkg/broken.py:1:") && f.contains(" AG001 ")), gated.toString());
    }

    /**
     * A file whose handlers are all on statements (no word of most rules, no callback taker, no yield) is
     * walked over its statements only: AG302's calls of another module's coroutine functions are still
     * found wherever a statement can stand (a handler's body, a match case, a nested def, a method), its
     * callbacks where a thread or atexit takes one, and a sync generator's yield still cuts a blocking chain.
     */
    @Test
    void aFileWalkedOverItsStatementsOnlyLosesNoFinding() {
        Map<String, byte[]> files = files(
                "app/__init__.py", "",
                "app/remote.py", REMOTE_COROUTINE,
                "app/plain.py", """
                        from app import remote
                        from app.remote import fetch

                        def refresh(kind):
                            try:
                                pass
                            except ValueError:
                                fetch("/retry")
                            match kind:
                                case "a":
                                    remote.fetch("/a")
                            with open("f") as f:
                                x = [fetch(u) for u in f]

                        class Poller:
                            def poll(self):
                                def inner():
                                    remote.fetch("/inner")
                                if self:
                                    fetch("/poll")
                        """,
                "app/threads.py", """
                        import atexit
                        import threading
                        from app.remote import fetch

                        def start():
                            threading.Thread(target=fetch).start()
                            atexit.register(fetch)
                        """,
                "app/rows.py", """
                        import time

                        def rows():
                            time.sleep(1)
                            yield 1

                        def pause():
                            time.sleep(1)
                        """,
                "app/handlers.py", """
                        from app import rows

                        async def handle():
                            rows.rows()
                            rows.pause()
                        """);
        List<String> gated = shown(project(files, true));
        assertEquals(shown(project(files, false)), gated);
        for (String where : List.of("app/plain.py:8:", "app/plain.py:11:", "app/plain.py:18:", "app/plain.py:20:",
                "app/threads.py:6:", "app/threads.py:7:")) {
            assertTrue(gated.stream().anyMatch(f -> f.startsWith(where) && f.contains(" AG302 ")), where + " in " + gated);
        }
        assertTrue(gated.stream().noneMatch(f -> f.startsWith("app/plain.py:13:")), gated.toString());
        // Each callback's message names its own taker, though both hand over the same coroutine function.
        assertTrue(gated.stream().anyMatch(f -> f.startsWith("app/threads.py:6:") && f.contains("threading.Thread()")), gated.toString());
        assertTrue(gated.stream().anyMatch(f -> f.startsWith("app/threads.py:7:") && f.contains("atexit.register()")), gated.toString());
        assertTrue(gated.stream().anyMatch(f -> f.startsWith("app/handlers.py:5:") && f.contains(" AG201 ")), gated.toString());
        assertTrue(gated.stream().noneMatch(f -> f.startsWith("app/handlers.py:4:") && f.contains(" AG201 ")), gated.toString());
        // plain.py is one such file: the rules that walk it subscribe to statements only.
        AnalysisInput plain = AnalysisInput.parse("app/plain.py", files.get("app/plain.py"), ALL);
        assertTrue(subscriptionsOf(plain).statementsOnly(), "app/plain.py is walked over its statements only");
        assertFalse(subscriptionsOf(AnalysisInput.parse("app/threads.py", files.get("app/threads.py"), ALL)).statementsOnly());
        assertFalse(subscriptionsOf(AnalysisInput.parse("app/rows.py", files.get("app/rows.py"), ALL)).statementsOnly());
    }

    /** What a file's walk in a project subscribes, as the analyzer decides it from the file's words. */
    private static Subscriptions subscriptionsOf(AnalysisInput in) {
        return Analyzer.withBuiltInRules().subscriptions(in, ALL, true);
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
