package dev.asyncguard.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oldest Python version the reviewed code must run on. It decides which fixes are offered:
 * a fix that needs a newer Python ({@code asyncio.timeout} and {@code TaskGroup}: 3.11,
 * {@code asyncio.to_thread}: 3.9) would break the code it is meant to repair.
 */
public record PythonVersion(int major, int minor) implements Comparable<PythonVersion> {

    public static final PythonVersion OLDEST = new PythonVersion(3, 8);
    public static final PythonVersion NEWEST = new PythonVersion(3, 14);

    private static final Pattern SPELLING = Pattern.compile("(\\d+)\\.(\\d+)");

    public static PythonVersion of(int major, int minor) {
        return new PythonVersion(major, minor);
    }

    /**
     * Parses {@code "3.11"}; throws {@link IllegalArgumentException} with the accepted range when
     * the text is not a version from {@link #OLDEST} to {@link #NEWEST}.
     */
    public static PythonVersion parse(String text) {
        Matcher m = SPELLING.matcher(text.strip());
        if (m.matches() && m.group(1).length() <= 2 && m.group(2).length() <= 2) {
            PythonVersion v = new PythonVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            if (v.compareTo(OLDEST) >= 0 && v.compareTo(NEWEST) <= 0) return v;
        }
        throw new IllegalArgumentException("expected a Python version from " + OLDEST + " to " + NEWEST);
    }

    public boolean atLeast(int major, int minor) {
        return compareTo(new PythonVersion(major, minor)) >= 0;
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
