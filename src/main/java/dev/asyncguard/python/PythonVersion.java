package dev.asyncguard.python;

/** The Python release whose syntax a file is checked against. */
public enum PythonVersion {
    PY38(8), PY39(9), PY310(10), PY311(11), PY312(12), PY313(13), PY314(14);

    public static final PythonVersion DEFAULT = PY314;

    private final int minor;

    PythonVersion(int minor) {
        this.minor = minor;
    }

    public int minor() {
        return minor;
    }

    public boolean atLeast(int minor) {
        return this.minor >= minor;
    }

    /** "3.12" → {@link #PY312}. */
    public static PythonVersion parse(String text) {
        for (PythonVersion v : values()) {
            if (v.toString().equals(text.trim())) return v;
        }
        throw new IllegalArgumentException("unsupported Python version '" + text + "' (3.8 to 3.14)");
    }

    @Override
    public String toString() {
        return "3." + minor;
    }
}
