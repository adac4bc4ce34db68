package dev.asyncguard.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real git repository in a temporary directory, for tests that need real {@code git diff} output. */
public final class TempGitRepo {
    private final GitRepository git;

    public TempGitRepo(Path dir) {
        this.git = new GitRepository(dir);
        git.run("init", "-q", "-b", "main");
    }

    public GitRepository git() {
        return git;
    }

    public Path dir() {
        return git.dir();
    }

    public TempGitRepo write(String path, String text) {
        return writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public TempGitRepo writeBytes(String path, byte[] bytes) {
        try {
            Path p = dir().resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public TempGitRepo delete(String path) {
        git.run("rm", "-q", "--", path);
        return this;
    }

    public TempGitRepo move(String from, String to) {
        git.run("mv", "--", from, to);
        return this;
    }

    public TempGitRepo makeExecutable(String path) {
        try {
            Files.setPosixFilePermissions(dir().resolve(path), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Stages everything and commits; returns the new commit id. */
    public String commit(String message) {
        git.run("add", "-A");
        git.run("-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false",
                "commit", "-q", "--allow-empty", "-m", message);
        return git.resolveCommit("HEAD");
    }
}
