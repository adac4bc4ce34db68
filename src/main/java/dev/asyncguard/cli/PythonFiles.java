package dev.asyncguard.cli;

import dev.asyncguard.policy.PyprojectToml;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The one walker of every command: the {@code .py} and {@code .pyi} files under the paths given,
 * in a stable order. Files named on the command line are always taken. Folders are searched
 * recursively, skipping what git ignores ({@code .gitignore} files and {@code .git/info/exclude}
 * of the work tree, see {@link GitIgnore}), hidden folders, virtual environments (any folder
 * holding {@code pyvenv.cfg}) and caches. What cannot be read is reported, not skipped.
 */
final class PythonFiles {
    private PythonFiles() {}

    /**
     * What a walk found: the files, what it could not read (one line each, path first), and the
     * status the walk read of the regular files it found in folders (what the result cache compares
     * with its index of content keys, at no further system call).
     */
    record Walk(List<Path> files, List<String> unreadable, java.util.Map<Path, BasicFileAttributes> attributes) {
        Walk(List<Path> files, List<String> unreadable) {
            this(files, unreadable, java.util.Map.of());
        }
    }

    /** Folders never searched for code to check: caches and vendored packages. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("__pycache__", "node_modules", "site-packages");

    static boolean isPython(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".py") || name.endsWith(".pyi");
    }

    /**
     * Walks the paths; a path that does not exist is an {@link IOException} (a usage error),
     * a file or folder inside that cannot be read is listed in {@link Walk#unreadable()}.
     */
    static Walk walk(List<Path> roots) throws IOException {
        return walk(roots, path -> {});
    }

    /**
     * {@link #walk(List)}, telling {@code dependsOn} every path its outcome depends on (see
     * {@link RunManifest}): the paths given, each folder searched (its status changes when an entry
     * is added, removed or renamed), each ignore file read or looked for above them, each
     * {@code .gitignore} read, each virtual environment's {@code pyvenv.cfg} and each file found.
     */
    static Walk walk(List<Path> roots, java.util.function.Consumer<Path> dependsOn) throws IOException {
        return walk(roots, dependsOn, file -> {});
    }

    /**
     * {@link #walk(List, java.util.function.Consumer)}, telling {@code pyprojects} each {@code pyproject.toml}
     * in the folders searched (absolute and normalized), as the walk comes across it: a caller may read
     * it meanwhile (see {@link SetUpAhead}).
     */
    static Walk walk(List<Path> roots, java.util.function.Consumer<Path> dependsOn,
                     java.util.function.Consumer<Path> pyprojects) throws IOException {
        List<Path> out = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        java.util.Map<Path, BasicFileAttributes> attributes = new java.util.HashMap<>();
        for (Path root : roots) {
            dependsOn.accept(root);
            if (Files.isRegularFile(root)) {
                out.add(root);
                continue;
            }
            if (!Files.isDirectory(root)) {
                if (Files.isSymbolicLink(root)) throw new IOException(root + ": broken symbolic link");
                throw new IOException("no such file or folder: " + root);
            }
            Path absRoot = root.toAbsolutePath().normalize();
            List<Path> found = new ArrayList<>();
            Deque<GitIgnore.Stack> ignores = new ArrayDeque<>();
            ignores.push(GitIgnore.Stack.forFolder(absRoot, dependsOn));
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path abs = dir.toAbsolutePath().normalize();
                    if (!dir.equals(root)) {
                        String name = dir.getFileName().toString();
                        if (name.startsWith(".") || SKIPPED_FOLDERS.contains(name)) return FileVisitResult.SKIP_SUBTREE;
                        if (Files.exists(dir.resolve("pyvenv.cfg"))) {
                            dependsOn.accept(dir.resolve("pyvenv.cfg"));
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (ignores.peek().ignores(abs, true)) return FileVisitResult.SKIP_SUBTREE;
                        dependsOn.accept(dir);
                        ignores.push(ignores.peek().with(readIgnore(abs)));
                    } else {
                        dependsOn.accept(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                private GitIgnore readIgnore(Path dir) {
                    try {
                        GitIgnore read = GitIgnore.read(dir.resolve(".gitignore"), dir);
                        if (read != null) dependsOn.accept(dir.resolve(".gitignore"));
                        return read;
                    } catch (IOException e) {
                        unreadable.add(dir.resolve(".gitignore") + ": cannot read: " + e.getMessage());
                        return null;
                    }
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (!dir.equals(root)) ignores.pop();
                    if (e != null) unreadable.add(dir + ": cannot list: " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!isPython(file)) {
                        if (file.getFileName().toString().equals(PyprojectToml.FILE_NAME)) pyprojects.accept(file.toAbsolutePath().normalize());
                        return FileVisitResult.CONTINUE;
                    }
                    GitIgnore.Stack stack = ignores.peek();
                    if (!stack.files().isEmpty() && stack.ignores(file.toAbsolutePath().normalize(), false)) return FileVisitResult.CONTINUE;
                    if (attrs.isRegularFile()) {
                        found.add(file);
                        dependsOn.accept(file);
                        attributes.put(file, attrs);
                    } else if (attrs.isSymbolicLink()) {
                        dependsOn.accept(file);
                        if (Files.isRegularFile(file)) found.add(file);
                        else if (!Files.exists(file)) unreadable.add(file + ": cannot read: broken symbolic link");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    unreadable.add(file + ": cannot read: " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
            found.sort(null);
            out.addAll(found);
        }
        return new Walk(out, unreadable, attributes);
    }
}
