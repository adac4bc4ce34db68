package dev.asyncguard.cli;

import dev.asyncguard.analysis.Confidence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code check}'s command line read without picocli, for the runs users wait on (pre-commit and
 * editors check one file at a time). picocli builds its model of a command by reflection over the
 * annotations, and its classes, compiled for Java 5, cannot go into the JDK's ahead-of-time cache:
 * together about half of a small file's check before this reader. It takes the plain spellings
 * of {@link CheckCommand}'s options ({@code --opt value}, {@code --opt=value}, flags, the
 * {@code --no-} forms of negatable ones, comma-separated lists, paths) and gives up, returning
 * null, on anything else: help and version, unknown options, an option given twice that takes one
 * value, values that look like options, quoting, {@code --}, {@code @argument-files}, a value
 * picocli would refuse. picocli then reads the line, so usage errors and help read as they always
 * did. {@code CheckArgumentsTest} keeps the two readers equal on every option {@link CheckCommand}
 * declares.
 */
final class CheckArguments {
    private CheckArguments() {}

    /** The options that take a value; the rest are flags. */
    private static final Set<String> VALUED = Set.of("--stdin-filename", "--format", "--select", "--ignore",
            "--target-version", "--python", "--exclude", "--extend-exclude", "--config", "--threads",
            "--min-confidence", "--cache-dir");
    /** Options that may be repeated, adding to a list. */
    private static final Set<String> LISTS = Set.of("--select", "--ignore", "--exclude", "--extend-exclude");

    /**
     * {@code check}'s arguments (after the word {@code check}, from {@code from}) read into a
     * command ready to run, or null when picocli must read them.
     */
    static CheckCommand parse(String[] args, int from) {
        CheckCommand c = new CheckCommand();
        Set<String> seen = new HashSet<>();
        try {
            for (int i = from; i < args.length; i++) {
                String a = args[i];
                if (a.isEmpty() || a.startsWith("@")) return null;
                if (!a.startsWith("-")) {
                    c.paths.add(Path.of(a));
                    continue;
                }
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 2) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                String key = canonical(name);
                if (!LISTS.contains(key) && !seen.add(key)) return null;   // picocli refuses a second one
                if (VALUED.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) return null;
                        value = args[++i];
                    }
                    if (!value(c, name, value)) return null;
                } else {
                    if (value != null || !flag(c, name)) return null;
                }
            }
        } catch (IllegalArgumentException e) {      // InvalidPathException too
            return null;
        }
        // What picocli reports as a usage error is left to it.
        if (c.paths.isEmpty() == (c.stdinFilename == null)) return null;
        return c;
    }

    /** One name per option: the {@code --no-} form and aliases count as the option itself. */
    private static String canonical(String name) {
        if (name.equals("--python")) return "--target-version";
        if (name.equals("--no-cache")) return "--cache";
        if (name.equals("--no-summaries")) return "--summaries";
        return name;
    }

    private static boolean flag(CheckCommand c, String name) {
        switch (name) {
            case "--statistics" -> c.statistics = true;
            case "--fix" -> c.fix = true;
            case "--unsafe-fixes" -> c.unsafeFixes = true;
            case "--diff" -> c.diff = true;
            case "--exit-zero" -> c.exitZero = true;
            case "--cache" -> c.cache = true;
            case "--no-cache" -> c.cache = false;
            case "--summaries" -> c.summaries = true;
            case "--no-summaries" -> c.summaries = false;
            default -> {
                return false;      // -h, --help, -V, --version, or not an option of ours
            }
        }
        return true;
    }

    private static boolean value(CheckCommand c, String name, String value) {
        // A value that could be an option, is empty, or is quoted: picocli's rules decide.
        if (value.isEmpty() || value.startsWith("-") || value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) return false;
        switch (name) {
            case "--stdin-filename" -> c.stdinFilename = Path.of(value);
            case "--format" -> c.format = CheckCommand.Format.valueOf(value.toLowerCase(Locale.ROOT));
            case "--select" -> c.select.addAll(split(value));
            case "--ignore" -> c.ignore.addAll(split(value));
            case "--target-version", "--python" -> c.targetVersion = value;
            case "--exclude" -> {
                if (c.exclude == null) c.exclude = new ArrayList<>();
                c.exclude.addAll(split(value));
            }
            case "--extend-exclude" -> c.extendExclude.addAll(split(value));
            case "--config" -> c.config = Path.of(value);
            case "--threads" -> {
                if (!value.matches("[0-9]{1,9}")) return false;
                c.threads = Integer.parseInt(value);
            }
            case "--min-confidence" -> c.minConfidence = Confidence.parse(value);
            case "--cache-dir" -> c.cacheDir = Path.of(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A comma-separated list; empty items are left to picocli. */
    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = value.indexOf(',', start);
            String item = comma < 0 ? value.substring(start) : value.substring(start, comma);
            if (item.isEmpty()) throw new IllegalArgumentException("empty item");
            out.add(item);
            if (comma < 0) return out;
            start = comma + 1;
        }
    }
}
