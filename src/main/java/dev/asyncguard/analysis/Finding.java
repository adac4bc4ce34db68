package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.SourceRange;

/**
 * One reported pitfall: rule code (AGnnn) and name, severity after policy, the file path
 * (repository-relative, '/'-separated), the anchor range, a message, an optional fix (null
 * when the rule proposes none), and how sure the rule is of it.
 */
public record Finding(String code, String name, Severity severity, String path, SourceRange range,
                      String message, Fix fix, Confidence confidence) {
    public Finding {
        if (confidence == null) confidence = Confidence.HIGH;
    }

    /** A finding the rule is sure of. */
    public Finding(String code, String name, Severity severity, String path, SourceRange range,
                   String message, Fix fix) {
        this(code, name, severity, path, range, message, fix, Confidence.HIGH);
    }

    public int line() {
        return range.startLine();
    }

    public boolean lowConfidence() {
        return confidence == Confidence.LOW;
    }
}
