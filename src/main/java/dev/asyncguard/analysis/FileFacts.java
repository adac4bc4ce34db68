package dev.asyncguard.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Facts about a whole file that several rules need (e.g. which functions run on other threads):
 * computed by the first rule that asks, then shared, so that the file is scanned for each once.
 */
final class FileFacts {
    private final Map<Class<?>, Object> facts = new HashMap<>();

    <T> T get(Class<T> type, Function<RuleContext, T> compute, RuleContext ctx) {
        Object known = facts.get(type);
        if (known == null) {
            known = compute.apply(ctx);
            facts.put(type, known);
        }
        return type.cast(known);
    }
}
