package dev.asyncguard.analysis;

/** How safe a fix is to apply without a person thinking about it. */
public enum Applicability {
    /** Keeps behaviour apart from the bug; offered as a GitHub suggestion. */
    SAFE,
    /** Likely right, but may change behaviour; shown as code, never as a one-click suggestion. */
    UNSAFE,
    /** An example of the shape of the fix, not an edit to apply. */
    DISPLAY_ONLY
}
