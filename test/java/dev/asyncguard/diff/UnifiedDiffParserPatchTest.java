package dev.asyncguard.diff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GitHub's per-file {@code patch} strings: hunks with no file headers. */
class UnifiedDiffParserPatchTest {

    @Test
    void newFilePatch() {
        List<Hunk> hunks = UnifiedDiffParser.parseHunks("@@ -0,0 +1,3 @@\n+import asyncio\n+\n+x = 1");
        assertEquals(1, hunks.size());
        Hunk h = hunks.get(0);
        assertEquals(List.of(1, 2, 3), h.lines().stream().map(DiffLine::newLine).toList());
        assertEquals("", h.lines().get(1).text());
        assertTrue(h.coversNewLine(3));
        assertFalse(h.coversNewLine(4));
    }

    @Test
    void countsDefaultToOneAndSectionHeadingIsKept() {
        Hunk h = UnifiedDiffParser.parseHunks("@@ -7 +7 @@ async def main():\n-    time.sleep(1)\n+    await asyncio.sleep(1)\n").get(0);
        assertEquals(1, h.oldCount());
        assertEquals(1, h.newCount());
        assertEquals("async def main():", h.section());
        assertEquals(7, h.lines().get(0).oldLine());
        assertEquals(7, h.lines().get(1).newLine());
    }

    @Test
    void severalHunksWithNoNewlineMarkerAndCrlf() {
        String patch = "@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n@@ -10,2 +10,3 @@ def f():\n x\n-y\n\\ No newline at end of file\n+y\n+z\n\\ No newline at end of file\n";
        List<Hunk> hunks = UnifiedDiffParser.parseHunks(patch);
        assertEquals(2, hunks.size());
        assertEquals("B", hunks.get(0).lines().get(2).text());
        assertTrue(hunks.get(0).lines().get(2).carriageReturn());
        Hunk second = hunks.get(1);
        assertTrue(second.lines().get(1).noNewlineAtEnd());
        assertFalse(second.lines().get(2).noNewlineAtEnd());
        assertTrue(second.lines().get(3).noNewlineAtEnd());
        assertEquals(12, second.lines().get(3).newLine());
    }

    @Test
    void removedContentThatLooksLikeAHunkHeaderIsCountedNotParsed() {
        Hunk h = UnifiedDiffParser.parseHunks("@@ -1,2 +1,1 @@\n-@@ -1 +1 @@\n keep\n").get(0);
        assertEquals("@@ -1 +1 @@", h.lines().get(0).text());
        assertEquals(DiffLine.Kind.REMOVED, h.lines().get(0).kind());
    }

    @Test
    void githubFileKeepsBothPathsOfARename() {
        FileDiff f = UnifiedDiffParser.githubFile("src/new.py", "src/old.py", FileStatus.RENAMED, "@@ -1 +1 @@\n-a\n+b");
        assertEquals("src/old.py", f.oldPath());
        assertEquals("src/new.py", f.path());
        assertArrayEquals(new int[] {1}, f.changedLines().addedLines());
        FileDiff binary = UnifiedDiffParser.githubFile("logo.png", null, FileStatus.ADDED, null);
        assertTrue(binary.hunks().isEmpty());
        assertNull(binary.oldPath());
    }

    @Test
    void truncatedHunkIsAClearError() {
        DiffFormatException e = assertThrows(DiffFormatException.class,
                () -> UnifiedDiffParser.parseHunks("@@ -1,3 +1,3 @@\n a\n-b\n"));
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void garbageIsAClearError() {
        DiffFormatException e = assertThrows(DiffFormatException.class, () -> UnifiedDiffParser.parseHunks("hello\n"));
        assertTrue(e.getMessage().startsWith("line 1: expected a hunk header"), e.getMessage());
        assertThrows(DiffFormatException.class, () -> UnifiedDiffParser.parseHunks("@@ -1,x +1 @@\n"));
        assertThrows(DiffFormatException.class, () -> UnifiedDiffParser.parseHunks("@@ -1,1 +1,1 @@\n+a\n+b\n"));
    }

    @Test
    void quotedPathsWithOctalEscapes() {
        String diff = "diff --git \"a/caf\\303\\251 x.py\" \"b/caf\\303\\251 x.py\"\n"
                + "new file mode 100644\nindex 0000000..e69de29\n";
        FileDiff f = UnifiedDiffParser.parseGit(diff).files().get(0);
        assertEquals("café x.py", f.path());
        assertEquals(FileStatus.ADDED, f.status());
        assertThrows(DiffFormatException.class,
                () -> UnifiedDiffParser.parseGit("diff --git \"a/unterminated b/x\n"));
    }

    @Test
    void githubStatusesMapToOurs() {
        assertEquals(FileStatus.DELETED, FileStatus.fromGithub("removed"));
        assertEquals(FileStatus.MODIFIED, FileStatus.fromGithub("changed"));
        assertEquals(FileStatus.RENAMED, FileStatus.fromGithub("renamed"));
        assertEquals(FileStatus.ADDED, FileStatus.fromGithub("added"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileStatus.fromGithub("moved"));
        assertTrue(e.getMessage().contains("'moved'"));
    }
}
