package dev.asyncguard.diff;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoryTest {
    @Test
    void batchReadGivesTheSameBytesAsOneByOne(@TempDir Path dir) {
        TempGitRepo repo = new TempGitRepo(dir);
        byte[] binary = new byte[70_000];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) (i * 31);
        repo.write("a.py", "x = 1\n").write("dir with space/ünï.py", "y = 2\r\n").write("empty.py", "")
                .writeBytes("data.bin", binary).write("line\nbreak.py", "z = 3\n");
        String head = repo.commit("files");
        List<String> paths = List.of("a.py", "dir with space/ünï.py", "empty.py", "data.bin", "line\nbreak.py");
        Map<String, byte[]> all = repo.git().showAll(head, paths);
        assertEquals(paths, List.copyOf(all.keySet().stream().sorted((a, b) -> paths.indexOf(a) - paths.indexOf(b)).toList()));
        for (String p : paths) assertArrayEquals(repo.git().show(head, p), all.get(p), p);
        assertEquals(0, all.get("empty.py").length);
    }

    @Test
    void aMissingPathIsAClearError(@TempDir Path dir) {
        TempGitRepo repo = new TempGitRepo(dir);
        String head = repo.write("a.py", "x = 1\n").commit("one");
        GitRepository.GitException e = assertThrows(GitRepository.GitException.class,
                () -> repo.git().showAll(head, List.of("a.py", "nope.py")));
        assertTrue(e.getMessage().contains("nope.py"), e.getMessage());
        GitRepository.GitException bad = assertThrows(GitRepository.GitException.class, () -> repo.git().resolveCommit("nope"));
        assertTrue(bad.getMessage().contains("rev-parse"), bad.getMessage());
    }

    @Test
    void unrelatedHistoriesHaveNoMergeBase(@TempDir Path dir) {
        TempGitRepo repo = new TempGitRepo(dir);
        String one = repo.write("a.py", "x = 1\n").commit("one");
        repo.git().run("checkout", "-q", "--orphan", "other");
        String two = repo.write("b.py", "y = 2\n").commit("unrelated");
        assertEquals(one, repo.git().mergeBase(one, two));
        String three = repo.write("b.py", "y = 3\n").commit("three");
        assertEquals(two, repo.git().mergeBase(two, three));
        assertThrows(GitRepository.GitException.class, () -> repo.git().mergeBase("no-such", three));
    }
}
