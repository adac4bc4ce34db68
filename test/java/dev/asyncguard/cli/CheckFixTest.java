package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.python.ast.SourceRange;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --fix}, {@code --unsafe-fixes} and {@code --diff}: written atomically, never a file that does not parse. */
class CheckFixTest {
    static final String BEFORE = """
            import asyncio
            import sqlite3
            import time


            async def job(path):
                time.sleep(1)
                loop = asyncio.get_event_loop()
                conn = sqlite3.connect(path)
                return conn
            """;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int check(String... args) {
        return cli.run(Stream.concat(Stream.of("check"), Stream.of(args)).toArray(String[]::new));
    }

    @Test
    void fixAppliesSafeFixesInPlaceAndReportsWhatRemains() throws IOException {
        Path file = Files.writeString(dir.resolve("job.py"), BEFORE);
        assertEquals(1, check("--fix", file.toString()));
        String after = Files.readString(file);
        assertTrue(after.contains("    await asyncio.sleep(1)\n    loop = asyncio.get_running_loop()\n"), after);
        assertTrue(after.contains("conn = sqlite3.connect(path)"), "an unsafe fix waits for --unsafe-fixes: " + after);
        assertTrue(out.toString().contains("AG205"), out.toString());
        assertTrue(out.toString().contains("Fixed 2 findings; 1 remaining (1 with unsafe fixes: --unsafe-fixes applies them)."), out.toString());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary file left behind");
        }

        assertEquals(0, check("--fix", "--unsafe-fixes", file.toString()));
        assertTrue(Files.readString(file).contains("conn = await asyncio.to_thread(sqlite3.connect, path)"), Files.readString(file));
        assertTrue(out.toString().contains("Fixed 1 finding; 0 remaining."), out.toString());
        assertEquals(0, check(file.toString()));
    }

    @Test
    void diffPrintsWhatFixWouldWriteAndWritesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("job.py"), BEFORE);
        assertEquals(1, check("--diff", "--unsafe-fixes", file.toString()));
        assertEquals(BEFORE, Files.readString(file), "--diff writes nothing");
        String diff = out.toString();
        assertTrue(diff.startsWith("--- a/" + file + "\n+++ b/" + file + "\n@@ -4,7 +4,7 @@\n"), diff);
        assertTrue(diff.contains("\n-    time.sleep(1)\n") && diff.contains("\n+    await asyncio.sleep(1)\n"), diff);
        assertTrue(err.toString().contains("Would fix 3 findings in 1 file"), err.toString());

        // The diff is one that patch tools accept, and gives what --fix writes.
        Path patch = Files.writeString(dir.resolve("fix.patch"), diff.replace("a/" + file, "a/job.py").replace("b/" + file, "b/job.py"));
        Process p = new ProcessBuilder("git", "apply", "--unsafe-paths", "--directory=.", patch.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        String patched = Files.readString(file);
        Files.writeString(file, BEFORE);
        check("--fix", "--unsafe-fixes", file.toString());
        assertEquals(Files.readString(file), patched);

        assertEquals(0, check("--diff", file.toString()));
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("No fixes to apply."), err.toString());
    }

    @Test
    void aFixThatWouldNotParseIsRefusedAndTheFileKept() {
        String text = "import time\n\nasync def f():\n    time.sleep(1)\n    time.sleep(2)\n";
        Finding good = finding(4, 4, 17, "await asyncio.sleep(1)");
        Finding broken = finding(5, 4, 17, "await (asyncio.sleep(2)");
        SourceFixes.Outcome outcome = SourceFixes.apply(text, List.of(good, broken), false, PythonVersion.parse("3.12"));
        assertEquals(List.of(good), outcome.applied());
        assertEquals("import time\n\nasync def f():\n    await asyncio.sleep(1)\n    time.sleep(2)\n", outcome.text());
        assertEquals(1, outcome.refused().size());
        assertTrue(outcome.refused().get(0).startsWith("x.py:5:5: AG201 fix not applied: the result would not parse"),
                outcome.refused().get(0));
    }

    @Test
    void overlappingFixesWaitForTheNextPass() {
        String text = "x = 1\n";
        Finding a = finding(1, 0, 1, "y");
        Finding b = finding(1, 0, 5, "z = 2");
        SourceFixes.Outcome outcome = SourceFixes.apply(text, List.of(a, b), false, PythonVersion.parse("3.12"));
        assertEquals(1, outcome.applied().size());
        assertTrue(outcome.refused().isEmpty());
    }

    @Test
    void aFileThatIsNotUtf8IsReportedAndLeftAlone() throws IOException {
        Path file = dir.resolve("latin.py");
        byte[] bytes = "# -*- coding: latin-1 -*-\nimport asyncio\nimport time\n# caf\u00e9\nasync def f():\n    time.sleep(1)\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(file, bytes);
        assertEquals(1, check("--fix", file.toString()));
        assertTrue(err.toString().contains("latin.py: fixes not applied: the file is not UTF-8"), err.toString());
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(file)));
        assertFalse(out.toString().contains("Fixed 1"), out.toString());
    }

    private static Finding finding(int line, int start, int end, String replacement) {
        SourceRange range = new SourceRange(line, start, line, end);
        return new Finding("AG201", "blocking-sleep", Severity.WARNING, "x.py", range, "time.sleep() blocks",
                Fix.safe("sleep", List.of(new Edit(range, replacement))));
    }
}
