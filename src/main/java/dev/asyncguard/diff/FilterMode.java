package dev.asyncguard.diff;

import java.util.Locale;

/** Which findings a review reports, relative to the diff (reviewdog's filter modes). */
public enum FilterMode {
    /** Findings whose anchor line was added by the change (the default). */
    ADDED,
    /** Findings anywhere inside a hunk, context lines included. */
    DIFF_CONTEXT,
    /** Findings anywhere in a changed file. */
    FILE,
    /** Every finding, changed file or not. */
    NOFILTER;

    /** The spelling used in policy files and on the command line: {@code added}, {@code diff_context}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FilterMode parse(String s) {
        for (FilterMode m : values()) {
            if (m.key().equals(s)) return m;
        }
        throw new IllegalArgumentException("unknown filter '" + s + "'; expected one of added, diff_context, file, nofilter");
    }
}
