package dev.asyncguard.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PolicySource} over real git repositories in a directory ({@code root/owner/name}), as
 * GitHub would answer: the head of the default branch (the branch HEAD names), and a file at a
 * commit. Counts its calls so tests can see the cache work.
 */
final class GitRepositoriesSource implements PolicySource {

    final AtomicInteger headCalls = new AtomicInteger();
    final AtomicInteger readCalls = new AtomicInteger();
    private final Path root;

    GitRepositoriesSource(Path root) {
        this.root = root;
    }

    @Override
    public Optional<String> defaultBranchHead(String repository) throws IOException {
        headCalls.incrementAndGet();
        Path dir = root.resolve(repository);
        if (!Files.isDirectory(dir.resolve(".git"))) return Optional.empty();
        String branch = git(dir, "symbolic-ref", "--short", "HEAD").strip();
        return Optional.of(git(dir, "rev-parse", "refs/heads/" + branch).strip());
    }

    @Override
    public Optional<String> read(String repository, String commit, String path) throws IOException {
        readCalls.incrementAndGet();
        Path dir = root.resolve(repository);
        if (git(dir, "ls-tree", "--name-only", commit, path).isBlank()) return Optional.empty();
        return Optional.of(git(dir, "show", commit + ":" + path));
    }

    /** Runs git in a directory and returns its output; fails loudly when git does. */
    static String git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    /** Creates root/owner/name as a git repository on branch main. */
    Path create(String repository) throws IOException {
        Path dir = Files.createDirectories(root.resolve(repository));
        git(dir, "init", "-q");
        return dir;
    }

    /** Writes .github/asyncguard.yml on the checked-out branch and commits it; returns the sha. */
    static String commitPolicy(Path dir, String yaml) throws IOException {
        Path file = dir.resolve(PolicyFile.POLICY_PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "policy");
        return git(dir, "rev-parse", "HEAD").strip();
    }
}
