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

    /** The comments that may suppress (kept, not all: a project's files are held until its end). */
    private final List<Comment> candidates = new java.util.ArrayList<>(0);
    /** Read from the candidates on the first question: most files have no finding to ask about. */
    private Map<Integer, Set<String>> byLine;

    public Suppressions(List<Comment> comments) {
        for (Comment c : comments) {
            // Nearly no comment suppresses anything: a plain search first, the patterns only on the first question.
            if (mayMention(c.text())) candidates.add(c);
        }
    }

    private synchronized Map<Integer, Set<String>> byLine() {
        if (byLine != null) return byLine;
        Map<Integer, Set<String>> read = new HashMap<>();
        for (Comment c : candidates) {
            String text = c.text();
            if (mentions(text, "asyncguard")) collect(read, c.line(), ASYNCGUARD.matcher(text));
            if (mentions(text, "noqa")) collect(read, c.line(), NOQA.matcher(text));
        }
        return byLine = read;
    }

    /** Whether {@code text} mentions "asyncguard" or "noqa" in any case: one pass over it (most comments mention neither). */
    private static boolean mayMention(String text) {
        for (int i = text.length() - 4; i >= 0; i--) {
            int c = text.charAt(i) | 0x20;
            if (c == 'n' && text.regionMatches(true, i, "noqa", 0, 4)
                    || c == 'a' && text.regionMatches(true, i, "asyncguard", 0, 10)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} contains {@code word} (lower case) in any case, as the patterns match it. */
    private static boolean mentions(String text, String word) {
        char first = word.charAt(0);
        for (int i = text.length() - word.length(); i >= 0; i--) {
            // ASCII letters only: (c | 0x20) is the lower case of an upper-case one.
            if ((text.charAt(i) | 0x20) == first && text.regionMatches(true, i, word, 0, word.length())) return true;
        }
        return false;
    }

    private static void collect(Map<Integer, Set<String>> byLine, int line, Matcher m) {
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
        Map<Integer, Set<String>> byLine = byLine();
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
