package dev.asyncguard.analysis;

import java.util.List;

/**
 * A proposed change. SAFE and UNSAFE fixes carry edits; a DISPLAY_ONLY fix may carry edits that
 * show an example, or none and only {@code example} code.
 */
public record Fix(String title, List<Edit> edits, Applicability applicability, String example) {
    public Fix {
        edits = List.copyOf(edits);
    }

    public static Fix safe(String title, List<Edit> edits) {
        return new Fix(title, edits, Applicability.SAFE, null);
    }

    public static Fix display(String title, String example) {
        return new Fix(title, List.of(), Applicability.DISPLAY_ONLY, example);
    }
}
