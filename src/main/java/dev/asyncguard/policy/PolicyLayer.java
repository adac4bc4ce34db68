package dev.asyncguard.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed and validated policy file: its values by key path ({@code review.filter},
 * {@code rules.AG201.severity}), each with the line that set it, the keys it enforces (only
 * honoured for the org layer) and what was wrong with it.
 */
record PolicyLayer(PolicyFile file, Map<String, Setting> values, Map<String, Integer> enforce,
                   List<PolicyProblem> problems) {

    /** A value and the line of the file it was set on. */
    record Setting(Object value, int line) {
    }

    PolicyLayer {
        // Copies that keep the file's order, for explanations and problems in line order.
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        enforce = Collections.unmodifiableMap(new LinkedHashMap<>(enforce));
        problems = List.copyOf(problems);
    }

    /** The same layer with every line passed through {@code map} (a file translated to YAML points back at its own lines). */
    PolicyLayer withLines(java.util.function.IntUnaryOperator map) {
        Map<String, Setting> v = new LinkedHashMap<>();
        values.forEach((k, s) -> v.put(k, new Setting(s.value(), map.applyAsInt(s.line()))));
        Map<String, Integer> e = new LinkedHashMap<>();
        enforce.forEach((k, line) -> e.put(k, map.applyAsInt(line)));
        List<PolicyProblem> p = problems.stream()
                .map(q -> new PolicyProblem(q.level(), q.source(), map.applyAsInt(q.line()), q.key(), q.message())).toList();
        return new PolicyLayer(file, v, e, p);
    }

    /** Whether the file can be applied: an error anywhere rejects the whole file. */
    boolean valid() {
        return problems.stream().noneMatch(PolicyProblem::isError);
    }
}
