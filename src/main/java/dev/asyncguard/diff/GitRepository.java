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

    /** The best common ancestor of two commits, or {@code a} itself when they share no history. */
    public String mergeBase(String a, String b) {
        try {
            return new String(run("merge-base", a, b), StandardCharsets.UTF_8).trim();
        } catch (GitException e) {
            // Exit 1 without a message: unrelated histories; compare the trees directly then.
            if (e.getMessage().endsWith("failed (exit 1)")) return a;
            throw e;
        }
    }

    /** Every file path of the tree at {@code rev} (recursive, '/'-separated). */
    public List<String> listFiles(String rev) {
        String out = new String(run("ls-tree", "-r", "-z", "--name-only", rev), java.nio.charset.StandardCharsets.UTF_8);
        List<String> paths = new ArrayList<>();
        for (String p : out.split("\0")) if (!p.isEmpty()) paths.add(p);
        return paths;
    }

    /** The bytes of {@code path} at {@code rev} (a blob read with {@code git cat-file}). */
    public byte[] show(String rev, String path) {
        return run("cat-file", "blob", rev + ":" + path);
    }

    /**
     * The bytes of several paths at {@code rev}, read by one {@code git cat-file --batch} process
     * (one process per file costs about 7 ms each, which adds up on large changes). A path with a
     * newline, which the batch protocol cannot carry, is read on its own.
     */
    public java.util.Map<String, byte[]> showAll(String rev, List<String> paths) {
        java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        List<String> batch = new ArrayList<>();
        for (String p : paths) {
            if (p.indexOf('\n') >= 0) out.put(p, show(rev, p)); else batch.add(p);
        }
        if (batch.isEmpty()) return out;
        StringBuilder request = new StringBuilder();
        for (String p : batch) request.append(rev).append(':').append(p).append('\n');
        byte[] response = run(request.toString().getBytes(StandardCharsets.UTF_8), "cat-file", "--batch");
        int pos = 0;
        for (String p : batch) {
            int eol = indexOf(response, (byte) '\n', pos);
            if (eol < 0) throw new GitException("git cat-file --batch ended early, before " + p);
            String header = new String(response, pos, eol - pos, StandardCharsets.UTF_8);
            String[] parts = header.split(" ");
            if (parts.length != 3 || !parts[1].equals("blob")) {
                throw new GitException("cannot read " + rev + ":" + p + " (git cat-file said: " + header + ")");
            }
            int size = Integer.parseInt(parts[2]);
            out.put(p, java.util.Arrays.copyOfRange(response, eol + 1, eol + 1 + size));
            pos = eol + 1 + size + 1;
        }
        return out;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) if (bytes[i] == b) return i;
        return -1;
    }

    /** Runs {@code git -C dir args...} and returns its standard output; a failure carries git's stderr. */
    public byte[] run(String... args) {
        return run(null, args);
    }

    /** Runs {@code git -C dir args...} with {@code input} on its standard input (null: none). */
    public byte[] run(byte[] input, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new GitException("cannot run git (is it installed and on PATH?): " + e.getMessage());
        }
        // Written from another thread: git may fill its output pipe before it has read all input.
        CompletableFuture<Void> writer = onOwnThread(() -> {
            try (var stdin = process.getOutputStream()) {
                if (input != null) stdin.write(input);
            } catch (IOException e) {
                // git exited early; its exit status and stderr say why.
            }
            return null;
        });
        CompletableFuture<byte[]> stderr = onOwnThread(() -> readAll(process.getErrorStream()));
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
        writer.join();
        if (process.exitValue() != 0) {
            String err = new String(stderr.join(), StandardCharsets.UTF_8).trim();
            throw new GitException("git " + String.join(" ", args) + " failed (exit " + process.exitValue() + ")"
                    + (err.isEmpty() ? "" : ": " + err));
        }
        return stdout;
    }

    /**
     * Runs blocking pipe I/O on a thread of its own: on the common pool (one thread on a two-core
     * machine) the stdin writer could wait for git while git waits for its stderr to be read.
     */
    private static <T> CompletableFuture<T> onOwnThread(java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("git-pipe").start(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
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
