package dev.asyncguard.policy;

import dev.asyncguard.analysis.Severity;

import java.util.Locale;
import java.util.Optional;

/** What a policy file may say about one rule: turn it off, or report it at a severity. */
public enum RuleLevel {
    OFF, INFO, WARNING, ERROR;

    /** The severity findings of the rule get; empty when the rule is off. */
    public Optional<Severity> severity() {
        return switch (this) {
            case OFF -> Optional.empty();
            case INFO -> Optional.of(Severity.INFO);
            case WARNING -> Optional.of(Severity.WARNING);
            case ERROR -> Optional.of(Severity.ERROR);
        };
    }

    /** The spelling in policy files: {@code off}, {@code info}, {@code warning}, {@code error}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
