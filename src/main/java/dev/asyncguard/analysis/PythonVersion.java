package dev.asyncguard.analysis;

/** A Python language version such as 3.11: which fixes may be offered (asyncio.to_thread needs 3.9). */
public record PythonVersion(int major, int minor) implements Comparable<PythonVersion> {
    /** The newest version the parser knows: modern syntax is not a syntax error unless a project says it targets less. */
    public static final PythonVersion DEFAULT = new PythonVersion(3, 14);

    public PythonVersion {
        if (major != 3 || minor < 0 || minor > 99) {
            throw new IllegalArgumentException("unsupported Python version " + major + "." + minor);
        }
    }

    /** Parses {@code 3.11} (also {@code py311}, {@code 311}). */
    public static PythonVersion parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("py")) t = t.substring(2);
        try {
            if (t.contains(".")) {
                String[] parts = t.split("\\.");
                if (parts.length < 2) throw new NumberFormatException();
                return new PythonVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
            if (t.length() >= 2) {
                return new PythonVersion(Integer.parseInt(t.substring(0, 1)), Integer.parseInt(t.substring(1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the clear message below
        }
        throw new IllegalArgumentException("not a Python version: '" + text + "' (expected e.g. 3.11)");
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
