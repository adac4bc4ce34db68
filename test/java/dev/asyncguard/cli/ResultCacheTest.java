package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.analysis.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code check}'s result cache: what hits, what misses, and that a hit reports exactly what a fresh run does. */
class ResultCacheTest {
    @TempDir
    Path dir;

    static final String SLEEPY = "import asyncio\nimport time\n\nasync def f():\n    time.sleep(1)\n";
    /** A helper in one module that a coroutine of another calls: a finding that needs both files. */
    static final String HELPER = "import time\n\ndef wait():\n    time.sleep(1)\n";
    static final String CALLER = "from .helper import wait\n\nasync def g():\n    wait()\n";

    /** One run's exit status and output. */
    record Run(int exit, String out, String err) {}

    private Run checkAs(String version, String... args) {
        return checkCounting(version, ContentKeyIndex.RACY, args).run();
    }

    private Run check(String... args) {
        return checkAs("test-build", args);
    }

    /** A run, and how many source files it read from disk. */
    record Counted(Run run, int sourcesRead) {}

    /**
     * A run whose index of content keys trusts a file's status however recently it changed
     * ({@code racy} 0: the files of a test are minutes old in no test), or with the real margin.
     */
    private Counted checkCounting(long racy, String... args) {
        return checkCounting("test-build", racy, args);
    }

    private Counted checkCounting(String version, long racy, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CheckCommand command = cli.getSubcommands().get("check").getCommand();
        command.cacheVersion = version;
        command.environment = java.util.Map.of();     // the suite's ASYNCGUARD_CACHE_DIR does not apply here
        command.racyNanos = racy;
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Counted(new Run(exit, out.toString(), err.toString()), command.sourcesRead.get());
    }

    private Path project() throws IOException {
        Path root = dir.resolve("proj");
        Files.createDirectories(root.resolve("pkg"));
        Files.writeString(root.resolve("pyproject.toml"), "[tool.asyncguard]\npython = \"3.12\"\n");
        Files.writeString(root.resolve("pkg/__init__.py"), "");
        Files.writeString(root.resolve("pkg/app.py"), SLEEPY);
        Files.writeString(root.resolve("pkg/helper.py"), HELPER);
        Files.writeString(root.resolve("pkg/caller.py"), CALLER);
        return root;
    }

    private static List<Path> entries(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) return List.of();
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).sorted().toList();
        }
    }

    @Test
    void aRunWritesItsResultsUnderTheProjectRootAndGitIgnoresThem() throws IOException {
        Path root = project();
        Run first = check("--format", "json", root.toString());
        assertEquals(1, first.exit(), first.err());
        Path cache = root.resolve(".asyncguard_cache");
        assertEquals(1, entries(cache).size(), "one entry for the one project");
        assertEquals("*", Files.readAllLines(cache.resolve(".gitignore")).get(1), "git ignores all of it");
        assertTrue(Files.readString(cache.resolve("CACHEDIR.TAG")).startsWith("Signature: 8a477f597d28d172789f06886806bc55"));
        try (Stream<Path> s = Files.list(cache)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left behind");
        }
    }

    @Test
    void aHitReportsWhatTheEntryHoldsWithoutAnalyzingAgain() throws IOException {
        Path root = project();
        Run fresh = check("--format", "json", root.toString());
        Path entry = entries(root.resolve(".asyncguard_cache")).get(0);
        ResultCache store = new ResultCache(entry.getParent(), "any");
        String key = entry.getFileName().toString();
        List<CheckCommand.FileResult> held = store.read(key, null);
        assertTrue(held != null && !held.isEmpty(), "the entry reads back");
        // Rewrite the entry with one message changed: a run that prints it took its results from the cache.
        List<CheckCommand.FileResult> marked = new ArrayList<>();
        for (CheckCommand.FileResult r : held) {
            List<Finding> findings = r.findings().stream().map(f -> new Finding(f.code(), f.name(), f.severity(), f.path(),
                    f.range(), "from the cache: " + f.message(), f.fix(), f.confidence())).toList();
            marked.add(new CheckCommand.FileResult(r.file(), findings, null, r.version()));
        }
        store.write(key, marked);
        Run again = check("--format", "json", root.toString());
        assertTrue(again.out().contains("from the cache: "), again.out());
        assertEquals(fresh.out(), again.out().replace("from the cache: ", ""), "the same findings otherwise");

        Run uncached = check("--no-cache", "--format", "json", root.toString());
        assertEquals(fresh, uncached, "--no-cache analyzes afresh");
    }

    @Test
    void cachedAndFreshRunsPrintTheSameInEveryFormatWithTheSameExitStatus() throws IOException {
        Path root = project();
        for (List<String> format : List.<List<String>>of(List.of(), List.of("--format", "json"), List.of("--format", "sarif"),
                List.of("--format", "github"), List.of("--statistics"), List.of("--min-confidence", "high"),
                List.of("--select", "AG3"), List.of("--exit-zero"))) {
            List<String> args = new ArrayList<>(format);
            args.add(root.toString());
            Run fresh = check(Stream.concat(Stream.of("--no-cache"), args.stream()).toArray(String[]::new));
            Run writing = check(args.toArray(String[]::new));
            Run hit = check(args.toArray(String[]::new));
            assertEquals(fresh, writing, "a run that fills the cache prints as one without it: " + format);
            assertEquals(fresh, hit, "a run from the cache prints as one without it: " + format);
        }
        assertTrue(check(root.toString()).out().contains("AG201"), "the cross-file finding and the local one are there");
    }

    @Test
    void changedContentSettingsRulesOrVersionMiss() throws IOException {
        Path root = project();
        Path cache = root.resolve(".asyncguard_cache");
        Run first = check(root.toString());
        assertEquals(1, entries(cache).size());

        check(root.toString());
        assertEquals(1, entries(cache).size(), "unchanged: a hit, nothing written");

        // The helper no longer blocks: the caller's cross-file finding goes, so the project's entry must not be reused.
        Files.writeString(root.resolve("pkg/helper.py"), "def wait():\n    return 1\n");
        Run changed = check(root.toString());
        assertEquals(2, entries(cache).size(), "changed content: a new entry");
        assertNotEquals(first.out(), changed.out());
        assertEquals(check("--no-cache", root.toString()), changed);

        check("--select", "AG201", root.toString());
        assertEquals(3, entries(cache).size(), "another rule set: another entry");
        check("--target-version", "3.9", root.toString());
        assertEquals(4, entries(cache).size(), "another Python target: another entry");
        check("--no-summaries", root.toString());
        assertEquals(5, entries(cache).size(), "each file alone: another entry");
        checkAs("next-build", root.toString());
        assertEquals(6, entries(cache).size(), "another asyncguard build: another entry");

        Files.writeString(root.resolve("pyproject.toml"), "[tool.asyncguard]\npython = \"3.12\"\n[tool.asyncguard.rules]\nAG201 = \"error\"\n");
        Run configured = check("--format", "json", root.toString());
        assertEquals(7, entries(cache).size(), "another policy: another entry");
        assertTrue(configured.out().contains("\"severity\" : \"error\""), configured.out());
    }

    @Test
    void aReRunOfUnchangedFilesReadsNoSourceAndAnyChangeIsSeen() throws IOException {
        Path root = project();
        Run fresh = check("--no-cache", "--format", "json", root.toString());
        Counted first = checkCounting(0, "--format", "json", root.toString());
        assertEquals(fresh, first.run());
        assertEquals(4, first.sourcesRead(), "each file read once: for the key, and the same bytes analyzed");
        assertTrue(Files.isRegularFile(root.resolve(".asyncguard_cache/" + ContentKeyIndex.FILE)));

        Counted again = checkCounting(0, "--format", "json", root.toString());
        assertEquals(fresh, again.run(), "the same report");
        assertEquals(0, again.sourcesRead(), "no source read: every content key known from the file's status");

        // The helper changes (another size): the caller's cross-file finding must go, from this file's change alone.
        Files.writeString(root.resolve("pkg/helper.py"), "def wait():\n    return 1\n");
        Counted changed = checkCounting(0, "--format", "json", root.toString());
        assertEquals(check("--no-cache", "--format", "json", root.toString()), changed.run());
        assertNotEquals(fresh.out(), changed.run().out(), "the cross-file finding went");
        assertEquals(4, changed.sourcesRead(), "a miss: the group's files read for the key and analyzed");

        // The same size, a later time (any editor's save): seen.
        String sameSize = HELPER.replace("time.sleep(1)", "time.sleep(2)");
        Files.writeString(root.resolve("pkg/helper.py"), sameSize);
        Files.setLastModifiedTime(root.resolve("pkg/helper.py"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Counted resized = checkCounting(0, "--format", "json", root.toString());
        assertEquals(check("--no-cache", "--format", "json", root.toString()), resized.run());
        assertTrue(resized.run().out().contains("AG201"), "the helper blocks again: the caller's finding is back");

        // Replaced by another file (a checkout, an rsync): another inode, seen even with size and time kept.
        Path helper = root.resolve("pkg/helper.py");
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(helper);
        Path replacement = root.resolve("pkg/helper.py.new");
        Files.writeString(replacement, sameSize.replace("sleep(2)", "sleep(3)"));
        Files.setLastModifiedTime(replacement, time);
        Files.move(replacement, helper, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Counted replaced = checkCounting(0, "--format", "json", root.toString());
        assertEquals(check("--no-cache", "--format", "json", root.toString()), replaced.run());
        assertEquals(4, replaced.sourcesRead(), "the replaced file's group read again");

        // A new build, a new policy: misses whose files are still known (nothing to read for the key).
        Files.writeString(root.resolve("pyproject.toml"), "[tool.asyncguard]\npython = \"3.12\"\n[tool.asyncguard.rules]\nAG201 = \"error\"\n");
        Counted configured = checkCounting(0, "--format", "json", root.toString());
        assertEquals(check("--no-cache", "--format", "json", root.toString()), configured.run());
        assertTrue(configured.run().out().contains("\"severity\" : \"error\""), configured.run().out());
    }

    @Test
    void aLookUpReadsOnlyTheFilesWhoseStatusChangedAndAMissAnalyzesEachFileReadOnce() throws IOException {
        Path root = project();
        Path cache = root.resolve(".asyncguard_cache");
        Run fresh = check("--no-cache", "--format", "json", root.toString());
        assertEquals(4, checkCounting(0, "--format", "json", root.toString()).sourcesRead());
        // One file's status changes, not its content (touched): only it is read for the key, which finds the stored results.
        Files.setLastModifiedTime(root.resolve("pkg/helper.py"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Counted touched = checkCounting(0, "--format", "json", root.toString());
        assertEquals(fresh, touched.run());
        assertEquals(1, touched.sourcesRead(), "the touched file alone read for the key; the others' content keys from the index");
        assertEquals(1, entries(cache).size(), "found under the first run's key");
        // Its content changes: a miss; the file read for the key is analyzed from those bytes, the others read once by their analysis.
        Files.writeString(root.resolve("pkg/helper.py"), "def wait():\n    return 1\n");
        Counted changed = checkCounting(0, "--format", "json", root.toString());
        assertEquals(check("--no-cache", "--format", "json", root.toString()), changed.run());
        assertEquals(4, changed.sourcesRead(), "each file read once");
        assertEquals(2, entries(cache).size(), "the new results stored");
        Counted again = checkCounting(0, "--format", "json", root.toString());
        assertEquals(changed.run(), again.run());
        assertEquals(0, again.sourcesRead(), "stored under the key a re-run finds from the index alone");
    }

    @Test
    void aFirstRunKeysTheBytesItsAnalysisReadUnderTheKeyALookUpFindsByReading() throws IOException {
        Path root = project();
        Path cache = root.resolve(".asyncguard_cache");
        // An empty cache folder: nothing to look up, each file read once, by its analysis.
        Counted first = checkCounting(0, "--format", "json", root.toString());
        assertEquals(check("--no-cache", "--format", "json", root.toString()), first.run());
        assertEquals(4, first.sourcesRead());
        assertEquals(1, entries(cache).size());
        // Every status changes, no content does (a branch switched and back): the files are read for the
        // key, which is the one the first run stored its results under.
        Files.delete(cache.resolve(ContentKeyIndex.FILE));
        for (String f : List.of("pkg/__init__.py", "pkg/app.py", "pkg/helper.py", "pkg/caller.py")) {
            Files.setLastModifiedTime(root.resolve(f), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        }
        Counted looked = checkCounting(0, "--format", "json", root.toString());
        assertEquals(first.run(), looked.run());
        assertEquals(4, looked.sourcesRead(), "each read for the key");
        assertEquals(1, entries(cache).size(), "the first run's key: no second entry");
    }

    @Test
    void filesChangedJustBeforeTheyWereReadAreReadAgain() throws IOException {
        Path root = project();
        checkCounting(ContentKeyIndex.RACY, root.toString());
        // Written moments ago: a write within the file system's time granularity could keep the time, so not trusted.
        assertEquals(4, checkCounting(ContentKeyIndex.RACY, root.toString()).sourcesRead());
    }

    @Test
    void entriesUnusedForAMonthAreDeletedWhenARunWrites() throws IOException {
        Path root = project();
        Path cache = root.resolve(".asyncguard_cache");
        Run first = check(root.toString());
        Path used = entries(cache).get(0);
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(ResultCache.UNUSED).minusSeconds(3600));
        Files.setLastModifiedTime(used, old);
        assertEquals(first, check(root.toString()), "a hit");
        assertTrue(Files.getLastModifiedTime(used).compareTo(old) > 0, "a hit marks its entry used");

        Path stale = cache.resolve("0".repeat(64));
        Files.writeString(stale, "an entry of long ago");
        Files.setLastModifiedTime(stale, old);
        Path dead = cache.resolve("0123456789abcdef.42.tmp");
        Files.writeString(dead, "a run that died while writing");
        Files.setLastModifiedTime(dead, old);
        Path foreign = cache.resolve("notes.txt");
        Files.writeString(foreign, "not ours");
        Files.setLastModifiedTime(foreign, old);
        Files.writeString(root.resolve("pkg/__init__.py"), "# changed\n");
        check(root.toString());
        assertFalse(Files.exists(stale), "unused for a month: deleted");
        assertFalse(Files.exists(dead), "left by a dead run: deleted");
        assertTrue(Files.exists(used) && Files.exists(foreign), "recent entries and files not ours stay");
    }

    @Test
    void noCacheNeitherReadsNorWrites() throws IOException {
        Path root = project();
        check("--no-cache", root.toString());
        assertFalse(Files.exists(root.resolve(".asyncguard_cache")), "nothing written");
    }

    @Test
    void corruptOrUnreadableEntriesAreMissesNeverErrors() throws IOException {
        Path root = project();
        Run fresh = check("--format", "json", root.toString());
        Path entry = entries(root.resolve(".asyncguard_cache")).get(0);
        byte[] good = Files.readAllBytes(entry);

        for (byte[] bad : List.of(new byte[0], "garbage".getBytes(), java.util.Arrays.copyOf(good, good.length / 2),
                flipped(good, good.length / 3), flipped(good, good.length - 1))) {
            Files.write(entry, bad);
            Run run = check("--format", "json", root.toString());
            assertEquals(fresh, run, "a damaged entry is a miss");
            assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(entry)), "and is written afresh");
        }

        // An entry that is a folder cannot be read or replaced: still the same report.
        Files.delete(entry);
        Files.createDirectories(entry);
        assertEquals(fresh, check("--format", "json", root.toString()));
        // A cache folder that cannot be created (a file in its place): the run goes without.
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "not a folder");
        assertEquals(fresh, check("--cache-dir", blocked.toString(), "--format", "json", root.toString()));
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x20;
        return copy;
    }

    @Test
    void cacheDirAndTheFolderWithoutAPolicy() throws IOException {
        Path alone = dir.resolve("alone");
        Files.createDirectories(alone);
        Files.writeString(alone.resolve("a.py"), SLEEPY);
        Path elsewhere = dir.resolve("elsewhere");
        Run run = check("--cache-dir", elsewhere.toString(), alone.toString());
        assertEquals(1, run.exit());
        assertEquals(1, entries(elsewhere).size());
        assertFalse(Files.exists(alone.resolve(".asyncguard_cache")));
    }

    @Test
    void concurrentRunsOnOneProjectAgree() throws Exception {
        Path root = project();
        Run fresh = check("--no-cache", "--format", "json", root.toString());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<Run>> runs = new ArrayList<>();
                Callable<Run> run = () -> check("--format", "json", root.toString());
                for (int i = 0; i < 4; i++) runs.add(pool.submit(run));
                for (Future<Run> r : runs) assertEquals(fresh, r.get());
                // touch the content so the next round writes again
                Files.writeString(root.resolve("pkg/__init__.py"), "# round " + round + "\n");
                fresh = check("--no-cache", "--format", "json", root.toString());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> s = Files.list(root.resolve(".asyncguard_cache"))) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left behind");
        }
    }
}
