package dev.asyncguard.diff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A local git repository, driven through the {@code git} command (what the user has installed
 * is what reads their repository, including its object format and config).
 */
public final class GitRepository {
    private static final long TIMEOUT_SECONDS = 120;
    private final Path dir;

    public GitRepository(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The diff between two revisions, in the shape {@link UnifiedDiffParser#parseGit} reads. Options
     * that user configuration could change (colour, external diff tools, textconv, prefixes,
     * relative paths) are pinned.
     */
    public String diff(String base, String head) {
        byte[] out = run("diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative",
                "--src-prefix=a/", "--dst-prefix=b/", "-M", "-U3", base, head, "--");
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The full commit id a revision names; fails with the revision in the message when it names none. */
    public String resolveCommit(String rev) {
        return new String(run("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"),
                StandardCharsets.UTF_8).trim();
    }

    /** The bytes of {@code path} at {@code rev} (a blob read with {@code git cat-file}). */
    public byte[] show(String rev, String path) {
        return run("cat-file", "blob", rev + ":" + path);
    }

    /** Runs {@code git -C dir args...} and returns its standard output; a failure carries git's stderr. */
    public byte[] run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(cmd).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new GitException("cannot run git (is it installed and on PATH?): " + e.getMessage());
        }
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] stdout = readAll(process.getInputStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new GitException("git " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GitException("interrupted while running git " + args[0]);
        }
        if (process.exitValue() != 0) {
            String err = new String(stderr.join(), StandardCharsets.UTF_8).trim();
            throw new GitException("git " + String.join(" ", args) + " failed (exit " + process.exitValue() + ")"
                    + (err.isEmpty() ? "" : ": " + err));
        }
        return stdout;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** git could not be run, or refused the command. */
    public static final class GitException extends RuntimeException {
        public GitException(String message) {
            super(message);
        }
    }
}
