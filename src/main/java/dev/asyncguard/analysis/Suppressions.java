package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Comment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suppression comments of a file: {@code # asyncguard: ignore[AG201]}, {@code # asyncguard:
 * ignore}, {@code # noqa: AG201} (or the equivalent flake8-async / ruff code, e.g.
 * {@code ASYNC251}) and a bare {@code # noqa}, each for findings anchored on its line.
 */
public final class Suppressions {
    private static final Pattern ASYNCGUARD =
            Pattern.compile("#\\s*asyncguard\\s*:\\s*ignore\\b(\\s*\\[([^\\]]*)\\])?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NOQA =
            Pattern.compile("#\\s*noqa\\b(\\s*:\\s*([A-Za-z]+[0-9]+(?:[\\s,]+[A-Za-z]+[0-9]+)*))?",
                    Pattern.CASE_INSENSITIVE);
    private static final String ALL = "*";

    private final Map<Integer, Set<String>> byLine = new HashMap<>();

    public Suppressions(List<Comment> comments) {
        for (Comment c : comments) {
            // Nearly no comment suppresses anything: a plain search first, the patterns only then.
            String text = c.text();
            if (mentions(text, "asyncguard")) collect(c.line(), ASYNCGUARD.matcher(text));
            if (mentions(text, "noqa")) collect(c.line(), NOQA.matcher(text));
        }
    }

    /** Whether {@code text} contains {@code word} (lower case) in any case, as the patterns match it. */
    private static boolean mentions(String text, String word) {
        for (int i = text.length() - word.length(); i >= 0; i--) {
            if (text.regionMatches(true, i, word, 0, word.length())) return true;
        }
        return false;
    }

    private void collect(int line, Matcher m) {
        while (m.find()) {
            Set<String> codes = byLine.computeIfAbsent(line, k -> new HashSet<>());
            String list = m.group(2);
            if (list == null || list.isBlank()) {
                codes.add(ALL);
            } else {
                for (String code : list.split("[\\s,]+")) {
                    if (!code.isBlank()) codes.add(code.trim().toUpperCase(Locale.ROOT));
                }
            }
        }
    }

    /** Whether a finding of {@code rule} anchored on {@code line} is suppressed. */
    public boolean suppresses(RuleMetadata rule, int line) {
        if (byLine.isEmpty()) return false;
        Set<String> codes = byLine.get(line);
        if (codes == null) return false;
        if (codes.contains(ALL) || codes.contains(rule.code())) return true;
        for (String equivalent : rule.equivalents()) {
            if (codes.contains(equivalent)) return true;
        }
        return false;
    }
}
