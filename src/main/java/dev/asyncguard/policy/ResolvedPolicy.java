package dev.asyncguard.policy;

import dev.asyncguard.python.PythonVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An effective {@link Policy} with its history: which files were applied (and at which commits),
 * which were rejected, where each value came from, which keys the org enforces, and the problems
 * found on the way. The check-run summary and {@code policy explain} render this.
 *
 * @param values   every effective value by key path ({@code review.filter}, {@code rules.AG201.severity}),
 *                 in the order of a policy file
 * @param applied  the files that were merged, in order (defaults first)
 * @param rejected files that had errors and were therefore not applied at all
 * @param enforced key paths the org enforces, with the line of its {@code enforce:} entry
 */
public record ResolvedPolicy(Policy policy, Map<String, EffectiveValue> values, List<PolicyFile> applied,
                             List<PolicyFile> rejected, Map<String, Provenance> enforced,
                             List<PolicyProblem> problems, Optional<PyprojectToml> pyproject) {

    public ResolvedPolicy(Policy policy, Map<String, EffectiveValue> values, List<PolicyFile> applied,
                          List<PolicyFile> rejected, Map<String, Provenance> enforced, List<PolicyProblem> problems) {
        this(policy, values, applied, rejected, enforced, problems, Optional.empty());
    }

    /** This policy with the repository's pyproject.toml (null: none), and a problem reading it (null: none). */
    public ResolvedPolicy withPyproject(PyprojectToml file, PolicyProblem problem) {
        List<PolicyProblem> all = new java.util.ArrayList<>(problems);
        if (problem != null) all.add(problem);
        return new ResolvedPolicy(policy, values, applied, rejected, enforced, all, Optional.ofNullable(file));
    }

    /**
     * The Python the project declares: the policy's {@code python}, else the lower bound of the
     * pyproject.toml's {@code requires-python}; empty when neither says.
     */
    public Optional<PythonVersion> declaredPython() {
        return policy.declaredPython(pyproject);
    }

    /** One effective value, the file and line that set it, and whether the org enforces it. */
    public record EffectiveValue(Object value, Provenance source, boolean enforced) {
    }

    public ResolvedPolicy {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        enforced = Collections.unmodifiableMap(new LinkedHashMap<>(enforced));
        applied = List.copyOf(applied);
        rejected = List.copyOf(rejected);
        problems = List.copyOf(problems);
    }

    /** Where the effective value of a key path came from. */
    public Optional<Provenance> sourceOf(String path) {
        return Optional.ofNullable(values.get(path)).map(EffectiveValue::source);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(PolicyProblem::isError);
    }
}
