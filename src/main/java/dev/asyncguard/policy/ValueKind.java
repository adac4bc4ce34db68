package dev.asyncguard.policy;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.diff.FilterMode;
import dev.asyncguard.python.PythonVersion;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of value a policy key takes: how a scalar is read, what a person is told was
 * expected, and how the value is written back in {@code policy explain}.
 */
enum ValueKind {
    PYTHON_VERSION("auto or a Python version from " + PythonVersion.OLDEST + " to " + PythonVersion.NEWEST + ", e.g. \"3.11\""),
    GLOBS("a list of glob patterns, e.g. [\"tests/**\"]"),
    LABELS("a list of label names, e.g. [\"skip-asyncguard\"]"),
    FILTER("one of " + words(FilterMode.values())),
    COMMENT_COUNT("a whole number from 0 to " + ValueKind.MAX_COMMENTS),
    FILE_COUNT("a whole number from 0 to " + ValueKind.MAX_FILES),
    BOOLEAN("true or false"),
    THRESHOLD("one of " + words(SeverityThreshold.values())),
    RECHECK("one of " + words(RecheckAllowed.values())),
    RULE_LEVEL("one of " + words(RuleLevel.values())),
    CONFIDENCE("one of high, low"),
    KEY_PATHS("a list of policy keys, e.g. [\"rules.AG201\", \"review.request_changes_on\"]");

    static final String AUTO = "auto";
    static final int MAX_COMMENTS = 500;
    static final int MAX_FILES = 5000;
    static final int MAX_LIST = 500;

    private final String expected;

    ValueKind(String expected) {
        this.expected = expected;
    }

    /** What a person is told a value of this kind looks like. */
    String expected() {
        return expected;
    }

    boolean isList() {
        return this == GLOBS || this == LABELS || this == KEY_PATHS;
    }

    /**
     * Reads one scalar (a whole value, or one list item). Throws {@link IllegalArgumentException}
     * with the part of the message after "expected ...; got ..." when it does not fit.
     */
    Object readScalar(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        return switch (this) {
            // auto: requires-python of the repository's pyproject.toml, if any (empty here).
            case PYTHON_VERSION -> lower.equals(AUTO) ? Optional.empty() : Optional.of(PythonVersion.parseSupported(t));
            case GLOBS -> Glob.compile(text);
            case LABELS, KEY_PATHS -> {
                if (t.isEmpty()) throw new IllegalArgumentException("an empty name");
                yield t;
            }
            case FILTER -> pick(FilterMode.values(), lower);
            case FILE_COUNT -> {
                if (!t.matches("\\d{1,5}") || Integer.parseInt(t) > MAX_FILES) throw new IllegalArgumentException("");
                yield Integer.parseInt(t);
            }
            case COMMENT_COUNT -> {
                if (!t.matches("\\d{1,4}") || Integer.parseInt(t) > MAX_COMMENTS) throw new IllegalArgumentException("");
                yield Integer.parseInt(t);
            }
            case BOOLEAN -> switch (lower) {
                // YAML 1.1 spellings too, since people write `suggestions: off`.
                case "true", "yes", "on" -> Boolean.TRUE;
                case "false", "no", "off" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("");
            };
            case THRESHOLD -> pick(SeverityThreshold.values(), lower);
            case RECHECK -> pick(RecheckAllowed.values(), lower);
            case RULE_LEVEL -> pick(RuleLevel.values(), lower);
            case CONFIDENCE -> pick(Confidence.values(), lower);
        };
    }

    /** The value as it would be written in a policy file. */
    static String render(Object value) {
        return switch (value) {
            case List<?> list -> list.stream().map(v -> quote(v.toString())).collect(Collectors.joining(", ", "[", "]"));
            case Optional<?> v -> v.map(x -> quote(x.toString())).orElse(AUTO);
            case Enum<?> e -> e.name().toLowerCase(Locale.ROOT);
            default -> value.toString();
        };
    }

    static String quote(String s) {
        return '"' + escape(s).replace("\"", "\\\"") + '"';
    }

    /**
     * The text with backslashes, line breaks, control and format characters (bidi overrides
     * included) written as escapes: shown, not obeyed, in a terminal or a check run.
     */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                        ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.toString();
    }

    /** The accepted spellings, for "did you mean"; empty for kinds without a fixed set. */
    List<String> choices() {
        return switch (this) {
            case FILTER -> spellings(FilterMode.values());
            case THRESHOLD -> spellings(SeverityThreshold.values());
            case RECHECK -> spellings(RecheckAllowed.values());
            case RULE_LEVEL -> spellings(RuleLevel.values());
            case CONFIDENCE -> spellings(Confidence.values());
            case BOOLEAN -> List.of("true", "false");
            default -> List.of();
        };
    }

    private static <E extends Enum<E>> E pick(E[] constants, String lower) {
        for (E e : constants) {
            if (e.name().toLowerCase(Locale.ROOT).equals(lower)) return e;
        }
        throw new IllegalArgumentException("");
    }

    private static List<String> spellings(Enum<?>[] constants) {
        return Arrays.stream(constants).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static String words(Enum<?>[] constants) {
        return String.join(", ", spellings(constants));
    }
}
