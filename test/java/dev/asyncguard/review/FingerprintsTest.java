package dev.asyncguard.review;

import dev.asyncguard.analysis.SourceLines;
import static org.junit.jupiter.api.Assertions.*;

import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.python.ast.SourceRange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
    static final String SOURCE = """
            import time

            async def a():
                time.sleep(1)

            async def b():
                time.sleep(1)
            """;

    static Finding sleepAt(String path, int line) {
        return new Finding("AG201", "blocking-sleep", Severity.WARNING, path, new SourceRange(line, 4, line, 17), "m", null);
    }

    @Test
    void unrelatedLinesMovingKeepTheFingerprint() {
        List<String> before = Fingerprints.of(List.of(sleepAt("x.py", 4), sleepAt("x.py", 7)), new SourceLines(SOURCE));
        String moved = "import asyncio\nimport os\n\n\n" + SOURCE.replace("async def b", "\n\nasync def b");
        List<String> after = Fingerprints.of(List.of(sleepAt("x.py", 8), sleepAt("x.py", 13)), new SourceLines(moved));
        assertEquals(before, after);
    }

    @Test
    void anAdjacentLineChangesIt() {
        String edited = SOURCE.replace("async def a():", "async def a():  # edited");
        assertNotEquals(Fingerprints.of(List.of(sleepAt("x.py", 4)), new SourceLines(SOURCE)),
                Fingerprints.of(List.of(sleepAt("x.py", 4)), new SourceLines(edited)));
    }

    @Test
    void reindentingTheLineKeepsIt() {
        String reindented = SOURCE.replace("    time.sleep(1)\n\nasync def b", "        time.sleep(1)\n\nasync def b");
        assertEquals(Fingerprints.of(List.of(sleepAt("x.py", 4)), new SourceLines(SOURCE)),
                Fingerprints.of(List.of(sleepAt("x.py", 4)), new SourceLines(reindented)));
    }

    @Test
    void identicalFindingsGetDistinctFingerprintsByOccurrence() {
        String twice = "async def a():\n    time.sleep(1)\n    time.sleep(1)\n    time.sleep(1)\n";
        List<String> fps = Fingerprints.of(List.of(sleepAt("x.py", 3), sleepAt("x.py", 2), sleepAt("x.py", 4)), new SourceLines(twice));
        assertEquals(3, Set.copyOf(fps).size());
    }

    @Test
    void ruleAndPathAndTextChangeIt() {
        SourceLines src = new SourceLines(SOURCE);
        String fp = Fingerprints.of(List.of(sleepAt("x.py", 4)), src).get(0);
        assertNotEquals(fp, Fingerprints.of(List.of(sleepAt("y.py", 4)), src).get(0));
        Finding other = new Finding("AG202", "blocking-http", Severity.WARNING, "x.py", new SourceRange(4, 4, 4, 17), "m", null);
        assertNotEquals(fp, Fingerprints.of(List.of(other), src).get(0));
        assertNotEquals(fp, Fingerprints.of(List.of(sleepAt("x.py", 4)), new SourceLines(SOURCE.replace("sleep(1)", "sleep(2)"))).get(0));
    }

    @Test
    void parserFindsMarkersInPostedBodies() {
        String fp = Fingerprints.of(List.of(sleepAt("x.py", 4)), new SourceLines(SOURCE)).get(0);
        assertTrue(fp.matches("[0-9a-f]{16}"));
        String body = "**AG201** ...\n\n" + Fingerprints.marker(fp) + "\n";
        assertEquals(Set.of(fp), Fingerprints.parse(body));
        assertEquals(Set.of(), Fingerprints.parse("no marker <!-- asyncguard:fp=XYZ -->"));
        assertEquals(Set.of(), Fingerprints.parse(null));
    }
}
