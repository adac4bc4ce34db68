package dev.asyncguard.cli;

import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.policy.KnownRules;
import dev.asyncguard.policy.PolicyLoader;
import dev.asyncguard.policy.PyprojectToml;
import dev.asyncguard.policy.ResolvedPolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code check} needs before its first file is analyzed and does not depend on the folder
 * walk, made on a second core while the main thread walks: the rule registry, the built-in policy
 * (its YAML read and merged), and each {@code pyproject.toml} the walk comes across (its TOML
 * reader's start-up is a few hundred classes). The main thread takes each when it gets there, or
 * makes it itself when it was not asked for; the outcome is the same either way (an error reading a
 * file is thrown where the read is taken, as if read then).
 */
final class SetUpAhead {
    /** One thread, in the order asked; it ends once idle for a second (a check in a test or the service leaves none behind). */
    private final ExecutorService worker = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "asyncguard-set-up");
        t.setDaemon(true);
        return t;
    });
    private final Future<ResolvedPolicy> defaults;
    private final Map<Path, Future<PyprojectToml>> pyprojects = new ConcurrentHashMap<>();

    /** Starts on the set-up for a check of {@code roots}: with the pyproject.toml files at and above them. */
    SetUpAhead(java.util.List<Path> roots) {
        worker.execute(RuleRegistry::builtIn);
        defaults = worker.submit(() -> PolicyLoader.defaults(KnownRules.builtIn()));
        // A few system calls a root (each folder once: pre-commit names many files of few folders): looked for here, read there.
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            for (Path d = java.nio.file.Files.isDirectory(abs) ? abs : abs.getParent(); d != null && seen.add(d); d = d.getParent()) {
                Path toml = d.resolve(PyprojectToml.FILE_NAME);
                if (java.nio.file.Files.isRegularFile(toml)) readPyproject(toml);
            }
        }
    }

    /** The built-in policy alone, as {@link PolicyLoader#defaults} makes it. */
    ResolvedPolicy defaults() {
        try {
            return take(defaults);
        } catch (IOException e) {
            throw new IllegalStateException(e);      // not thrown: reading the built-in policy reads no file
        }
    }

    /** Reads {@code file} (absolute and normalized, as {@link ProjectConfigs} asks for it) on the second core, once. */
    void readPyproject(Path file) {
        pyprojects.computeIfAbsent(file, f -> worker.submit(() -> PyprojectToml.read(f)));
    }

    /** Whether a read of {@code file} was started ahead and not taken yet (tests). */
    boolean readingAhead(Path file) {
        return pyprojects.containsKey(file);
    }

    /** {@code file} as {@link PyprojectToml#read} reads it: what {@link #readPyproject} read, else read now. */
    PyprojectToml pyproject(Path file) throws IOException {
        Future<PyprojectToml> read = pyprojects.remove(file);
        return read == null ? PyprojectToml.read(file) : take(read);
    }

    /** The work's result, or what it threw (unchecked, an error, or an {@link IOException}). */
    private static <T> T take(Future<T> work) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return work.get();
                } catch (InterruptedException e) {
                    interrupted = true;        // the main thread waits for it as if it did the work itself
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error error) throw error;
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
