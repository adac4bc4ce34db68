package dev.asyncguard.python;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python release, {@code 3.11}: the syntax a file may use (the parser knows {@link #OLDEST} to
 * {@link #NEWEST}), and the oldest Python a project declares it runs on (policy {@code python},
 * {@code requires-python}), which decides the fixes offered ({@code asyncio.to_thread} needs 3.9,
 * {@code asyncio.timeout} 3.11) and which newer syntax is reported (AG002). The one type and the one
 * spelling ({@link #parse}) for all of them.
 */
public record PythonVersion(int major, int minor) implements Comparable<PythonVersion> {
    public static final PythonVersion PY38 = new PythonVersion(3, 8);
    public static final PythonVersion PY39 = new PythonVersion(3, 9);
    public static final PythonVersion PY310 = new PythonVersion(3, 10);
    public static final PythonVersion PY311 = new PythonVersion(3, 11);
    public static final PythonVersion PY312 = new PythonVersion(3, 12);
    public static final PythonVersion PY313 = new PythonVersion(3, 13);
    public static final PythonVersion PY314 = new PythonVersion(3, 14);

    /** The versions whose syntax the parser knows, oldest first. */
    public static final List<PythonVersion> SUPPORTED = List.of(PY38, PY39, PY310, PY311, PY312, PY313, PY314);
    public static final PythonVersion OLDEST = PY38;
    /**
     * The newest grammar: files are always parsed as this, and it is what a project with no declared
     * Python is taken to target (the CLI and the App alike).
     */
    public static final PythonVersion NEWEST = PY314;

    private static final Pattern SPELLING = Pattern.compile("(?:py)?(\\d)\\.?(\\d{1,2})", Pattern.CASE_INSENSITIVE);

    public PythonVersion {
        if (major != 3 || minor < 0 || minor > 99) {
            throw new IllegalArgumentException("unsupported Python version " + major + "." + minor);
        }
    }

    public static PythonVersion of(int major, int minor) {
        return new PythonVersion(major, minor);
    }

    /**
     * {@code "3.11"} (also ruff's {@code "py311"}) → 3.11, for any 3.x; {@link #parseSupported} also
     * requires a version the parser knows. Throws {@link IllegalArgumentException} with what is expected.
     */
    public static PythonVersion parse(String text) {
        Matcher m = SPELLING.matcher(text == null ? "" : text.strip());
        if (m.matches() && m.group(1).equals("3")) {
            return new PythonVersion(3, Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException("not a Python version: '" + text + "' (expected e.g. \"3.11\")");
    }

    /** {@link #parse}, limited to {@link #OLDEST} … {@link #NEWEST}. */
    public static PythonVersion parseSupported(String text) {
        try {
            PythonVersion v = parse(text);
            if (v.compareTo(OLDEST) >= 0 && v.compareTo(NEWEST) <= 0) return v;
        } catch (IllegalArgumentException e) {
            // the message below says the range too
        }
        throw new IllegalArgumentException("expected a Python version from " + OLDEST + " to " + NEWEST);
    }

    public boolean atLeast(int major, int minor) {
        return compareTo(new PythonVersion(major, minor)) >= 0;
    }

    /** Whether this is 3.{@code minor} or newer. */
    public boolean atLeast(int minor) {
        return atLeast(3, minor);
    }

    public boolean olderThan(PythonVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(PythonVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
