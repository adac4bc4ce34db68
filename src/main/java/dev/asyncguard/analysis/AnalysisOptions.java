package dev.asyncguard.analysis;

import dev.asyncguard.python.PythonVersion;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which rules run, at which severity; the Python version the project declares (null: unknown),
 * which decides the fixes offered ({@code asyncio.to_thread} needs 3.9) and the syntax reported as
 * newer than it (AG002); and what each file is for ({@link FileRole}: test and script files get
 * only the rules that matter there). A code absent from {@code severities} is off.
 */
public record AnalysisOptions(Map<String, Severity> severities, PythonVersion declaredPython,
                              Function<String, FileRole> fileRoles) {
    /** Every file is the project's own code. */
    public static final Function<String, FileRole> ALL_CODE = path -> FileRole.CODE;

    public AnalysisOptions {
        severities = Map.copyOf(severities);
        if (fileRoles == null) fileRoles = ALL_CODE;
    }

    public AnalysisOptions(Map<String, Severity> severities, PythonVersion declaredPython) {
        this(severities, declaredPython, ALL_CODE);
    }

    /** Every rule that is on by default and not in preview, at its default severity; no declared Python. */
    public static AnalysisOptions defaults(RuleRegistry registry) {
        return select(registry, java.util.List.of(), java.util.List.of(), null);
    }

    /**
     * The rules whose code starts with one of {@code select} (e.g. {@code AG2}, {@code AG201},
     * {@code ALL}; empty means the defaults), minus those starting with one of {@code ignore}.
     * A preview or off-by-default rule runs only when selected by a prefix or by its full code.
     */
    public static AnalysisOptions select(RuleRegistry registry, Collection<String> select,
                                         Collection<String> ignore, PythonVersion declaredPython) {
        Map<String, Severity> chosen = new LinkedHashMap<>();
        for (RuleMetadata rule : registry.rules()) {
            boolean selected = select.isEmpty()
                    ? !rule.offByDefault()
                    : select.stream().anyMatch(prefix -> matches(rule.code(), prefix));
            boolean ignored = ignore.stream().anyMatch(prefix -> matches(rule.code(), prefix));
            if (selected && !ignored) chosen.put(rule.code(), rule.defaultSeverity());
        }
        return new AnalysisOptions(chosen, declaredPython);
    }

    private static boolean matches(String code, String prefix) {
        String p = prefix.trim().toUpperCase(java.util.Locale.ROOT);
        return p.equals("ALL") || (!p.isEmpty() && code.startsWith(p));
    }

    /**
     * The Python the code is analyzed for: the declared one, else the newest the parser knows (the
     * CLI and the App share this default; modern syntax is then never a problem).
     */
    public PythonVersion targetVersion() {
        return declaredPython != null ? declaredPython : PythonVersion.NEWEST;
    }

    public Optional<PythonVersion> declared() {
        return Optional.ofNullable(declaredPython);
    }

    public boolean isEnabled(String code) {
        return severities.containsKey(code);
    }

    /** The severity a finding of {@code code} gets; null when the rule is off. */
    public Severity severity(String code) {
        return severities.get(code);
    }

    /** What the file at {@code path} is for. */
    public FileRole roleOf(String path) {
        return fileRoles.apply(path);
    }

    public AnalysisOptions withDeclaredPython(PythonVersion version) {
        return new AnalysisOptions(severities, version, fileRoles);
    }

    public AnalysisOptions withFileRoles(Function<String, FileRole> roles) {
        return new AnalysisOptions(severities, declaredPython, roles);
    }

    public AnalysisOptions withSeverity(String code, Severity severity) {
        Map<String, Severity> copy = new LinkedHashMap<>(severities);
        if (severity == null) copy.remove(code); else copy.put(code, severity);
        return new AnalysisOptions(copy, declaredPython, fileRoles);
    }
}
