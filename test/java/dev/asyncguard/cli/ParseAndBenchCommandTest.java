package dev.asyncguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParseAndBenchCommandTest {

    /** Exit code and standard output of one command line. */
    record Run(int exit, String out) {}

    static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void parseListsFilesThatDoNotParseAndWhy(@TempDir Path dir) throws IOException {
        write(dir.resolve("good.py"), "async def f():\n    await g()\n");
        write(dir.resolve("pkg/bad.py"), "x = 1\nif x\n    pass\n");
        write(dir.resolve("notes.txt"), "not python (");
        Run r = run("parse", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains(dir.resolve("pkg/bad.py") + ":2:4: invalid syntax: expected ':'"), r.out());
        assertFalse(r.out().contains("good.py"), r.out());
        assertTrue(r.out().contains("2 files, 1 with syntax errors (target 3.14)"), r.out());
    }

    @Test
    void parseExitsZeroWhenAllParseAndHonoursTarget(@TempDir Path dir) throws IOException {
        write(dir.resolve("m.py"), "match x:\n    case 1:\n        pass\n");
        assertEquals(0, run("parse", dir.toString()).exit());
        Run old = run("parse", "--target", "3.9", dir.toString());
        assertEquals(1, old.exit());
        assertTrue(old.out().contains("requires Python 3.10"), old.out());
    }

    @Test
    void benchReportsFilesLinesAndSpeed(@TempDir Path dir) throws IOException {
        write(dir.resolve("a.py"), "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n");
        write(dir.resolve("b/c.py"), "x = [i for i in range(10)]\n");
        Run r = run("bench", "--warmup", "1", "--iterations", "2", dir.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("files 2, lines 5, bytes " + (Files.size(dir.resolve("a.py")) + Files.size(dir.resolve("b/c.py")))), r.out());
        assertTrue(r.out().matches("(?s).*cold pass: [0-9.]+ s .*lines/s.*"), r.out());
        assertTrue(r.out().matches("(?s).*warm \\(2 iterations after 1 warm-up\\): mean [0-9.]+ s.*lines/s.*"), r.out());
    }

    @Test
    void benchPhasesSplitsParseTimeByPhase(@TempDir Path dir) throws IOException {
        write(dir.resolve("a.py"), "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n" + "x = [i * 2 for i in range(10)]\n".repeat(200));
        Run r = run("bench", "--phases", "--warmup", "0", "--iterations", "2", dir.toString());
        assertEquals(0, r.exit(), r.out());
        String number = "([0-9.]+) s \\(([0-9]+)%\\)";
        java.util.regex.Matcher cold = java.util.regex.Pattern.compile("cold pass phases \\(thread time\\): decode " + number
                + ", lex " + number + ", parse " + number + ", ast " + number).matcher(r.out());
        assertTrue(cold.find(), r.out());
        int percent = 0;
        for (int g = 2; g <= 8; g += 2) percent += Integer.parseInt(cold.group(g));
        assertTrue(percent >= 98 && percent <= 102, r.out()); // the four shares make the whole (rounded)
        assertTrue(r.out().contains("warm pass (mean) phases (thread time): decode "), r.out());
        assertFalse(run("bench", "--warmup", "0", "--iterations", "1", dir.toString()).out().contains("phases"));
    }

    @Test
    void benchComparesSummariesInAlternatingPassesAndCountsTheirFindings(@TempDir Path dir) throws IOException {
        write(dir.resolve("pkg/__init__.py"), "");
        write(dir.resolve("pkg/settings.py"), "def load_settings():\n    with open('s.toml') as f:\n        return f.read()\n");
        write(dir.resolve("pkg/api.py"), "from .settings import load_settings\n\nasync def refresh():\n    return load_settings()\n");
        Run r = run("bench", "--compare-summaries", "--warmup", "1", "--iterations", "3", dir.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("files 3, lines 7"), r.out());
        assertTrue(r.out().matches("(?s).*cold passes: without summaries [0-9.]+ s, then with summaries [0-9.]+ s.*"), r.out());
        assertTrue(r.out().matches("(?s).*without summaries \\(3 passes after 1 warm-up rounds\\): median [0-9.]+ s.*"), r.out());
        assertTrue(r.out().matches("(?s).*with summaries +\\(3 passes after 1 warm-up rounds\\): median [0-9.]+ s.*"), r.out());
        assertTrue(r.out().matches("(?s).*summaries cost: [0-9.]+x wall \\(median of 3 rounds; range [0-9.]+x-[0-9.]+x\\).*"), r.out());
        // The coroutine's call into the other module's blocking helper is the one finding that needs the project.
        assertTrue(r.out().contains("findings that needed other modules (last pass): 1"), r.out());
    }
}
