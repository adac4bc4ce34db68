package dev.asyncguard.analysis;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which rules run, at which severity, and the Python version the analyzed code targets (which
 * decides the fixes offered: {@code asyncio.to_thread} needs 3.9). A code absent from
 * {@code severities} is off.
 */
public record AnalysisOptions(Map<String, Severity> severities, PythonVersion targetVersion) {
    public AnalysisOptions {
        severities = Map.copyOf(severities);
        if (targetVersion == null) targetVersion = PythonVersion.DEFAULT;
    }

    /** Every rule that is on by default and not in preview, at its default severity. */
    public static AnalysisOptions defaults(RuleRegistry registry) {
        return select(registry, java.util.List.of(), java.util.List.of(), PythonVersion.DEFAULT);
    }

    /**
     * The rules whose code starts with one of {@code select} (e.g. {@code AG2}, {@code AG201},
     * {@code ALL}; empty means the defaults), minus those starting with one of {@code ignore}.
     * A preview or off-by-default rule runs only when selected by a prefix or by its full code.
     */
    public static AnalysisOptions select(RuleRegistry registry, Collection<String> select,
                                         Collection<String> ignore, PythonVersion targetVersion) {
        Map<String, Severity> chosen = new LinkedHashMap<>();
        for (RuleMetadata rule : registry.rules()) {
            boolean selected = select.isEmpty()
                    ? !rule.offByDefault()
                    : select.stream().anyMatch(prefix -> matches(rule.code(), prefix));
            boolean ignored = ignore.stream().anyMatch(prefix -> matches(rule.code(), prefix));
            if (selected && !ignored) chosen.put(rule.code(), rule.defaultSeverity());
        }
        return new AnalysisOptions(chosen, targetVersion);
    }

    private static boolean matches(String code, String prefix) {
        String p = prefix.trim().toUpperCase(java.util.Locale.ROOT);
        return p.equals("ALL") || (!p.isEmpty() && code.startsWith(p));
    }

    public boolean isEnabled(String code) {
        return severities.containsKey(code);
    }

    /** The severity a finding of {@code code} gets; null when the rule is off. */
    public Severity severity(String code) {
        return severities.get(code);
    }

    public AnalysisOptions withTargetVersion(PythonVersion version) {
        return new AnalysisOptions(severities, version);
    }

    public AnalysisOptions withSeverity(String code, Severity severity) {
        Map<String, Severity> copy = new LinkedHashMap<>(severities);
        if (severity == null) copy.remove(code); else copy.put(code, severity);
        return new AnalysisOptions(copy, targetVersion);
    }
}
