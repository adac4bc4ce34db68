package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.SourceRange;

/**
 * One reported pitfall: rule code (AGnnn) and name, severity after policy, the file path
 * (repository-relative, '/'-separated), the anchor range, a message, and an optional fix (null
 * when the rule proposes none).
 */
public record Finding(String code, String name, Severity severity, String path, SourceRange range,
                      String message, Fix fix) {
    public int line() {
        return range.startLine();
    }
}
