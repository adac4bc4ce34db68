package dev.asyncguard.analysis;

import java.util.Locale;

/**
 * How sure a rule is of one finding, decided by the rule from the evidence it has. The bot posts
 * inline only what reaches the policy's bar (by default HIGH); the rest goes to the check run's
 * summary and annotations, where it costs a reader nothing.
 */
public enum Confidence {
    /** The rule could not rule out a common deliberate or harmless use: worth a look, not a comment. */
    LOW,
    /** The evidence shows the pitfall itself. */
    HIGH;

    public boolean reaches(Confidence bar) {
        return compareTo(bar) >= 0;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code high} or {@code low}, any case. */
    public static Confidence parse(String text) {
        for (Confidence c : values()) {
            if (c.key().equalsIgnoreCase(text.strip())) return c;
        }
        throw new IllegalArgumentException("expected high or low; got '" + text + "'");
    }
}
