package dev.asyncguard.cli;

import dev.asyncguard.policy.Glob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of one {@code .gitignore} (or {@code .git/info/exclude}), matched as git documents
 * them (gitignore(5)): blank lines and {@code #} comments are skipped, trailing spaces dropped
 * unless escaped, {@code !} re-includes, a trailing {@code /} matches directories only, a pattern
 * with a {@code /} at its start or middle is relative to the file's folder, one without matches a
 * name at any depth; {@code *}, {@code ?}, {@code [a-z]} and {@code **} as in the policy's
 * {@link Glob} (braces are literal here). Within one file the last matching pattern decides.
 */
final class GitIgnore {
    private record Pattern(Glob glob, boolean negated, boolean directoryOnly) {}

    private final Path base;
    private final List<Pattern> patterns;

    private GitIgnore(Path base, List<Pattern> patterns) {
        this.base = base;
        this.patterns = patterns;
    }

    /** The patterns of {@code file}, relative to {@code base}; null when the file does not exist. */
    static GitIgnore read(Path file, Path base) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), base);
    }

    static GitIgnore parse(String text, Path base) {
        List<Pattern> patterns = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = stripTrailingSpaces(raw);
            if (line.isEmpty() || line.startsWith("#")) continue;
            boolean negated = line.startsWith("!");
            if (negated) line = line.substring(1);
            else if (line.startsWith("\\!") || line.startsWith("\\#")) line = line.substring(1);
            boolean directoryOnly = line.endsWith("/") && !line.endsWith("\\/");
            if (directoryOnly) line = line.substring(0, line.length() - 1);
            if (line.isEmpty() || line.equals("/")) continue;
            // A '/' anywhere but the end anchors the pattern to this folder (Glob: a leading '/').
            String glob = line.contains("/") && !line.startsWith("/") && !line.startsWith("**/") ? "/" + line : line;
            try {
                patterns.add(new Pattern(Glob.compile(escapeBraces(glob)), negated, directoryOnly));
            } catch (IllegalArgumentException e) {
                // git ignores a pattern it cannot use; so do we
            }
        }
        return new GitIgnore(base, List.copyOf(patterns));
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ' && !(end > 1 && s.charAt(end - 2) == '\\')) end--;
        return s.substring(0, end);
    }

    private static String escapeBraces(String s) {
        return s.replace("{", "\\{").replace("}", "\\}").replace(",", "\\,");
    }

    /**
     * Whether this file decides about {@code path}: {@code TRUE} ignored, {@code FALSE}
     * re-included by a {@code !} pattern, null when no pattern matches or the path is outside.
     */
    Boolean decide(Path path, boolean directory) {
        if (patterns.isEmpty() || !path.startsWith(base) || path.equals(base)) return null;
        // Split once for all the patterns (asked for every file and folder of a walk).
        String[] relative = Glob.parts(base.relativize(path).toString().replace(java.io.File.separatorChar, '/'));
        for (int i = patterns.size() - 1; i >= 0; i--) {
            Pattern p = patterns.get(i);
            if (p.directoryOnly && !directory) continue;
            if (p.glob.matches(relative)) return !p.negated;
        }
        return null;
    }

    /** The ignore files that apply in a folder, deepest first: git's order of precedence. */
    record Stack(List<GitIgnore> files) {
        static final Stack NONE = new Stack(List.of());

        Stack with(GitIgnore file) {
            if (file == null) return this;
            List<GitIgnore> all = new ArrayList<>(files.size() + 1);
            all.add(file);
            all.addAll(files);
            return new Stack(List.copyOf(all));
        }

        boolean ignores(Path path, boolean directory) {
            for (GitIgnore f : files) {
                Boolean d = f.decide(path, directory);
                if (d != null) return d;
            }
            return false;
        }

        /**
         * The ignore files for a folder inside a git work tree: {@code .git/info/exclude}, then each
         * {@code .gitignore} from the work tree's root down to {@code folder}. No work tree: none.
         */
        static Stack forFolder(Path folder) throws IOException {
            return forFolder(folder, path -> {});
        }

        /** {@link #forFolder(Path)}, telling {@code dependsOn} each {@code .git} looked for and each ignore file read or looked for. */
        static Stack forFolder(Path folder, java.util.function.Consumer<Path> dependsOn) throws IOException {
            Path top = null;
            for (Path d = folder; d != null; d = d.getParent()) {
                dependsOn.accept(d.resolve(".git"));
                if (Files.exists(d.resolve(".git"))) {
                    top = d;
                    break;
                }
            }
            if (top == null) return NONE;
            boolean repository = Files.isDirectory(top.resolve(".git"));     // else a worktree's or submodule's .git file
            if (repository) dependsOn.accept(top.resolve(".git/info/exclude"));
            Stack stack = NONE.with(repository ? read(top.resolve(".git/info/exclude"), top) : null);
            List<Path> chain = new ArrayList<>();
            for (Path d = folder; d != null && d.startsWith(top); d = d.getParent()) chain.addFirst(d);
            for (Path d : chain) {
                dependsOn.accept(d.resolve(".gitignore"));
                stack = stack.with(read(d.resolve(".gitignore"), d));
            }
            return stack;
        }
    }
}
