package dev.asyncguard.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Facts about a whole file that several rules need (e.g. which functions run on other threads):
 * computed by the first rule that asks, then shared, so that the file is scanned for each once.
 */
public final class FileFacts {
    private final RuleContext file;
    private final Map<Class<?>, Object> facts = new HashMap<>();

    FileFacts(RuleContext file) {
        this.file = file;
    }

    /** The fact of this type, computed from the file by {@code compute} on first use; {@code compute} must not report. */
    public <T> T get(Class<T> type, Function<RuleContext, T> compute) {
        Object known = facts.get(type);
        if (known == null) {
            known = compute.apply(file);
            facts.put(type, known);
        }
        return type.cast(known);
    }
}
