package dev.asyncguard.policy;

import dev.asyncguard.analysis.Severity;

import java.util.Locale;

/**
 * From which severity on something happens ({@code review.request_changes_on},
 * {@code check.fail_on}): {@code never}, {@code error}, or {@code warning} (warnings and errors).
 */
public enum SeverityThreshold {
    NEVER, ERROR, WARNING;

    /** Whether a finding of this severity reaches the threshold. */
    public boolean reachedBy(Severity severity) {
        return switch (this) {
            case NEVER -> false;
            case ERROR -> severity == Severity.ERROR;
            case WARNING -> severity.atLeast(Severity.WARNING);
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
