package dev.asyncguard.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The {@code .py} files under the paths given on a command line, in a stable order. */
final class PythonFiles {
    private PythonFiles() {}

    static List<Path> under(List<Path> roots) {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                out.add(root);
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.getFileName().toString().endsWith(".py") && Files.isRegularFile(p)).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Folders never searched for code to check: hidden ones, virtual environments, caches, vendored packages. */
    private static final java.util.Set<String> SKIPPED_FOLDERS = java.util.Set.of("__pycache__", "node_modules",
            "site-packages");

    /**
     * The {@code .py} and {@code .pyi} files to check under the given paths, in a stable order:
     * files named on the command line always, folders searched recursively, skipping hidden
     * folders, virtual environments (any folder holding {@code pyvenv.cfg}) and caches.
     */
    static List<Path> toCheck(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                out.add(root);
                continue;
            }
            if (!Files.isDirectory(root)) throw new IOException("no such file or folder: " + root);
            List<Path> found = new ArrayList<>();
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                        java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (dir.equals(root)) return java.nio.file.FileVisitResult.CONTINUE;
                    String name = dir.getFileName().toString();
                    boolean skip = name.startsWith(".") || SKIPPED_FOLDERS.contains(name)
                            || Files.exists(dir.resolve("pyvenv.cfg"));
                    return skip ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file,
                        java.nio.file.attribute.BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (attrs.isRegularFile() && (name.endsWith(".py") || name.endsWith(".pyi"))) found.add(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
            found.sort(null);
            out.addAll(found);
        }
        return out;
    }
}
