package dev.asyncguard.diff;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parses real {@code git diff} output of a temporary repository and checks it against the files themselves. */
class UnifiedDiffParserGitTest {
    static final String UNICODE_PATH = "dir with space/ünïcödé \"q\".py";

    @TempDir static Path dir;
    static TempGitRepo repo;
    static String base, head;

    static String numbered(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + " " + i + "\n").collect(Collectors.joining());
    }

    @BeforeAll
    static void buildRepository() {
        repo = new TempGitRepo(dir);
        repo.write("edited.py", numbered("line", 20))
            .write("old_name.py", numbered("keep", 12))
            .write("gone.py", "import time\ntime.sleep(1)\n")
            .writeBytes("blob.bin", new byte[] {0, 1, 2, 3, (byte) 0xff, 0, 7})
            .write("crlf.py", "a = 1\r\nb = 2\r\nc = 3\r\n")
            .write("noeol.py", "x = 1\ny = 2")
            .write("tool.sh", "echo hi\n")
            .write("pure rename.py", "same = True\n")
            .write("headerish.py", "-- a/x\n++ b/y\nkeep\n")
            .write("tëst dir/old ü.py", numbered("u", 10))
            .write("template.py", numbered("t", 15))
            .writeBytes("old.bin", new byte[] {0, 9, 9});
        base = repo.commit("base");
        String edited = numbered("line", 20).replace("line 3\n", "line three\n").replace("line 15\n", "line 15\nnew 15a\nnew 15b\n");
        repo.write("edited.py", edited)
            .move("old_name.py", "new name.py")
            .write("new name.py", numbered("keep", 12).replace("keep 6\n", "changed 6\n"))
            .delete("gone.py")
            .write("added.py", "async def f():\n    pass\n")
            .writeBytes("blob.bin", new byte[] {0, 1, 2, 9, (byte) 0xfe, 0})
            .write(UNICODE_PATH, "print('hi')\n")
            .write("crlf.py", "a = 1\r\nb = 20\r\nc = 3\r\n")
            .write("noeol.py", "x = 1\ny = 2\nz = 3")
            .makeExecutable("tool.sh")
            .move("pure rename.py", "renamed plain.py")
            .write("empty.py", "")
            .write("headerish.py", "--- a/x\n+++ b/y\nkeep\n")
            .move("tëst dir/old ü.py", "tëst dir/new ü.py")
            .write("tëst dir/new ü.py", numbered("u", 10).replace("u 10\n", "u ten\n"))
            .write("copy of template.py", numbered("t", 15).replace("t 1\n", "t one\n"))
            .delete("old.bin")
            .writeBytes("new.bin", new byte[] {0, 7, 7, 7});
        head = repo.commit("head");
    }

    private static UnifiedDiff diff(boolean quotePath) {
        String text = new String(repo.git().run("-c", "core.quotePath=" + quotePath, "diff", "--no-color", "--no-ext-diff",
                "--src-prefix=a/", "--dst-prefix=b/", "-M", "-U3", base, head), StandardCharsets.UTF_8);
        if (quotePath) assertTrue(text.contains("\\303\\274"), "git quoted the unicode path:\n" + text);
        return UnifiedDiffParser.parseGit(text);
    }

    @ParameterizedTest(name = "core.quotePath={0}")
    @ValueSource(booleans = {true, false})
    void everyFileHasItsStatusAndPaths(boolean quotePath) {
        UnifiedDiff d = diff(quotePath);
        assertEquals(List.of("added.py", "blob.bin", "copy of template.py", "crlf.py", UNICODE_PATH, "edited.py", "empty.py",
                        "gone.py", "headerish.py", "new name.py", "new.bin", "noeol.py", "old.bin", "renamed plain.py",
                        "tool.sh", "tëst dir/new ü.py"),
                d.files().stream().map(FileDiff::path).sorted().toList());
        assertFile(d, "added.py", null, FileStatus.ADDED);
        assertFile(d, "gone.py", "gone.py", FileStatus.DELETED);
        assertNull(d.file("gone.py").orElseThrow().newPath());
        assertFile(d, "new name.py", "old_name.py", FileStatus.RENAMED);
        assertFile(d, "renamed plain.py", "pure rename.py", FileStatus.RENAMED);
        assertFile(d, "tëst dir/new ü.py", "tëst dir/old ü.py", FileStatus.RENAMED);
        assertArrayEquals(new int[] {10}, d.file("tëst dir/new ü.py").orElseThrow().changedLines().addedLines());
        // Without -C a copy is an added file.
        assertFile(d, "copy of template.py", null, FileStatus.ADDED);
        assertTrue(d.file("new.bin").orElseThrow().binary());
        assertFile(d, "new.bin", null, FileStatus.ADDED);
        assertTrue(d.file("old.bin").orElseThrow().binary());
        assertFile(d, "old.bin", "old.bin", FileStatus.DELETED);
        assertTrue(d.file("renamed plain.py").orElseThrow().hunks().isEmpty());
        assertFile(d, UNICODE_PATH, null, FileStatus.ADDED);
        assertFile(d, "empty.py", null, FileStatus.ADDED);
        assertTrue(d.file("empty.py").orElseThrow().hunks().isEmpty());
        FileDiff blob = d.file("blob.bin").orElseThrow();
        assertTrue(blob.binary());
        assertTrue(blob.hunks().isEmpty());
        assertEquals(FileStatus.MODIFIED, blob.status());
        FileDiff tool = d.file("tool.sh").orElseThrow();
        assertEquals("100644", tool.oldMode());
        assertEquals("100755", tool.newMode());
        assertTrue(tool.modeChanged());
        assertTrue(tool.hunks().isEmpty());
    }

    private static void assertFile(UnifiedDiff d, String path, String oldPath, FileStatus status) {
        FileDiff f = d.file(path).orElseThrow(() -> new AssertionError("no file " + path));
        assertEquals(status, f.status(), path);
        assertEquals(oldPath, f.oldPath(), path);
    }

    @ParameterizedTest(name = "core.quotePath={0}")
    @ValueSource(booleans = {true, false})
    void everyHunkLineMatchesTheFilesOnBothSides(boolean quotePath) {
        for (FileDiff f : diff(quotePath).files()) {
            if (f.binary()) continue;
            List<String> oldLines = f.oldPath() == null ? List.of() : lines(base, f.oldPath());
            List<String> newLines = f.newPath() == null ? List.of() : lines(head, f.newPath());
            for (Hunk h : f.hunks()) {
                long olds = h.lines().stream().filter(l -> l.kind() != DiffLine.Kind.ADDED).count();
                long news = h.lines().stream().filter(l -> l.kind() != DiffLine.Kind.REMOVED).count();
                assertEquals(h.oldCount(), olds, f.path() + " " + h.header());
                assertEquals(h.newCount(), news, f.path() + " " + h.header());
                for (DiffLine l : h.lines()) {
                    if (l.oldLine() > 0) assertEquals(oldLines.get(l.oldLine() - 1), l.text(), f.path() + " old " + l.oldLine());
                    if (l.newLine() > 0) assertEquals(newLines.get(l.newLine() - 1), l.text(), f.path() + " new " + l.newLine());
                }
            }
        }
    }

    private static List<String> lines(String rev, String path) {
        String text = new String(repo.git().show(rev, path), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\n", -1)).map(s -> s.endsWith("\r") ? s.substring(0, s.length() - 1) : s).toList();
    }

    @ParameterizedTest(name = "core.quotePath={0}")
    @ValueSource(booleans = {true, false})
    void copiesWithAnEditAreFoundWithFindCopiesHarder(boolean quotePath) {
        String text = new String(repo.git().run("-c", "core.quotePath=" + quotePath, "diff", "--no-color", "-M", "-C", "-C",
                base, head), StandardCharsets.UTF_8);
        assertTrue(text.contains("copy from template.py"), text);
        UnifiedDiff d = UnifiedDiffParser.parseGit(text);
        assertFile(d, "copy of template.py", "template.py", FileStatus.COPIED);
        assertArrayEquals(new int[] {1}, d.file("copy of template.py").orElseThrow().changedLines().addedLines());
        assertFile(d, "tëst dir/new ü.py", "tëst dir/old ü.py", FileStatus.RENAMED);
    }

    @Test
    void changedLinesOfAnEditedFile() {
        ChangedLines c = diff(false).file("edited.py").orElseThrow().changedLines();
        assertArrayEquals(new int[] {3, 16, 17}, c.addedLines());
        assertTrue(c.inHunk(1));
        assertTrue(c.inHunk(6));
        assertFalse(c.inHunk(7));
        assertFalse(c.inHunk(12));
        assertTrue(c.inHunk(13));
        assertTrue(c.inHunk(20));
        assertTrue(c.inOneHunk(13, 20));
        assertFalse(c.inOneHunk(3, 16));
        assertFalse(c.isAdded(4));
    }

    @Test
    void renameWithEditAddsOnlyTheEditedLine() {
        FileDiff f = diff(true).file("new name.py").orElseThrow();
        assertArrayEquals(new int[] {6}, f.changedLines().addedLines());
    }

    @Test
    void crlfContentIsRecordedAndStripped() {
        FileDiff f = diff(false).file("crlf.py").orElseThrow();
        DiffLine added = f.hunks().get(0).lines().stream().filter(l -> l.kind() == DiffLine.Kind.ADDED).findFirst().orElseThrow();
        assertEquals("b = 20", added.text());
        assertTrue(added.carriageReturn());
        assertEquals(2, added.newLine());
    }

    @Test
    void missingNewlineAtEndIsMarkedOnBothSides() {
        Hunk h = diff(false).file("noeol.py").orElseThrow().hunks().get(0);
        DiffLine removed = h.lines().stream().filter(l -> l.kind() == DiffLine.Kind.REMOVED).findFirst().orElseThrow();
        assertEquals("y = 2", removed.text());
        assertTrue(removed.noNewlineAtEnd());
        DiffLine last = h.lines().get(h.lines().size() - 1);
        assertEquals("z = 3", last.text());
        assertTrue(last.noNewlineAtEnd());
        assertEquals(3, last.newLine());
    }

    @Test
    void newAndDeletedFilesHaveAnEmptySide() {
        UnifiedDiff d = diff(false);
        Hunk added = d.file("added.py").orElseThrow().hunks().get(0);
        assertEquals(0, added.oldStart());
        assertEquals(0, added.oldCount());
        assertEquals(2, added.newCount());
        Hunk gone = d.file("gone.py").orElseThrow().hunks().get(0);
        assertEquals(0, gone.newCount());
        assertEquals(0, gone.newLast());
        assertFalse(gone.coversNewLine(0));
    }

    @Test
    void contentThatLooksLikeHeadersStaysInsideItsHunk() {
        FileDiff f = diff(false).file("headerish.py").orElseThrow();
        assertEquals(FileStatus.MODIFIED, f.status());
        assertEquals(List.of("--- a/x", "+++ b/y"),
                f.hunks().get(0).lines().stream().filter(l -> l.kind() == DiffLine.Kind.ADDED).map(DiffLine::text).toList());
    }

    @Test
    void repositoryDiffUsesTheSameParser() {
        UnifiedDiff d = UnifiedDiffParser.parseGit(repo.git().diff(base, head));
        assertEquals(16, d.files().size());
        assertTrue(d.file(UNICODE_PATH).isPresent());
    }
}
