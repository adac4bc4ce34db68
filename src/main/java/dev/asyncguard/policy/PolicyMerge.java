package dev.asyncguard.policy;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.diff.FilterMode;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.policy.PolicyLayer.Setting;
import dev.asyncguard.policy.ResolvedPolicy.EffectiveValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Merges layers key by key: defaults &lt; org &lt; repo. Values are leaves (maps merge because
 * each of their keys is a leaf of its own; a list is one leaf, so a later list replaces an
 * earlier one). A layer with errors is not applied at all. A repo value for a key the org
 * enforces is reported and dropped.
 */
final class PolicyMerge {

    private PolicyMerge() {
    }

    /**
     * @param org  the org layer, or null when there is none
     * @param repo the repo layer, or null when there is none
     */
    static ResolvedPolicy merge(PolicyDefaults defaults, PolicyLayer org, PolicyLayer repo, KnownRules known) {
        // The defaults' own warnings are the operator's to read at startup, not every check run's.
        List<PolicyProblem> problems = new ArrayList<>();
        List<PolicyFile> applied = new ArrayList<>();
        List<PolicyFile> rejected = new ArrayList<>();
        Map<String, EffectiveValue> values = new HashMap<>();
        Map<String, Provenance> enforced = new LinkedHashMap<>();

        for (PolicyLayer layer : defaults.layers()) apply(layer, values, applied);
        if (org != null) {
            problems.addAll(org.problems());
            if (org.valid()) {
                apply(org, values, applied);
                org.enforce().forEach((path, line) -> enforced.put(path, new Provenance(org.file(), line)));
            } else {
                rejected.add(org.file());
            }
        }
        if (repo != null) {
            problems.addAll(repo.problems());
            if (repo.valid()) {
                applied.add(repo.file());
                repo.values().forEach((path, setting) -> {
                    Optional<Provenance> by = enforcer(path, enforced);
                    if (by.isEmpty()) {
                        values.put(path, new EffectiveValue(setting.value(), new Provenance(repo.file(), setting.line()), false));
                    } else if (!Objects.equals(valueOf(values.get(path)), setting.value())) {
                        problems.add(PolicyProblem.warning(repo.file(), setting.line(), path, "enforced by the org policy ("
                                + by.get().file().name() + ":" + by.get().line() + "); the org's value stands: "
                                + shown(values.get(path))));
                    }
                });
            } else {
                rejected.add(repo.file());
            }
        }
        Map<String, EffectiveValue> ordered = new LinkedHashMap<>();
        // Comparisons written out, here and below: the JDK's comparator combinators are lambdas of its own that
        // the launcher's class cache does not hold, each made at run time (a small file's check ran them all).
        values.entrySet().stream()
                .sorted((x, y) -> fileOrder(x.getKey(), y.getKey()))
                .forEach(e -> ordered.put(e.getKey(), new EffectiveValue(e.getValue().value(), e.getValue().source(),
                        enforcer(e.getKey(), enforced).isPresent())));
        problems.addAll(previewWithoutOptIn(ordered, known));
        // Problems of one file together and in line order, files in layer order.
        problems.sort((p, q) -> {
            int byLayer = p.source().layer().compareTo(q.source().layer());
            return byLayer != 0 ? byLayer : Integer.compare(p.line(), q.line());
        });
        return new ResolvedPolicy(build(ordered), ordered, applied, rejected, enforced, problems);
    }

    private static void apply(PolicyLayer layer, Map<String, EffectiveValue> values, List<PolicyFile> applied) {
        applied.add(layer.file());
        for (Map.Entry<String, Setting> e : layer.values().entrySet()) {
            values.put(e.getKey(), new EffectiveValue(e.getValue().value(), new Provenance(layer.file(), e.getValue().line()), false));
        }
    }

    /** The {@code enforce:} entry that covers a key path: the path itself or a section above it. */
    private static Optional<Provenance> enforcer(String path, Map<String, Provenance> enforced) {
        for (Map.Entry<String, Provenance> e : enforced.entrySet()) {
            if (path.equals(e.getKey()) || path.startsWith(e.getKey() + ".")) return Optional.of(e.getValue());
        }
        return Optional.empty();
    }

    private static Object valueOf(EffectiveValue v) {
        return v == null ? null : v.value();
    }

    private static String shown(EffectiveValue v) {
        return v == null ? "(the rule's default)" : ValueKind.render(v.value());
    }

    /** A preview rule given a level but never {@code preview: true} would silently stay off. */
    private static List<PolicyProblem> previewWithoutOptIn(Map<String, EffectiveValue> values, KnownRules known) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (String code : known.offByDefault()) {
            EffectiveValue level = values.get(PolicyKey.ruleSeverity(code));
            EffectiveValue preview = values.get(PolicyKey.rulePreview(code));
            if (level != null && level.value() != RuleLevel.OFF && (preview == null || preview.value() != Boolean.TRUE)) {
                Provenance at = level.source();
                problems.add(PolicyProblem.warning(at.file(), at.line(), PolicyKey.RULES + "." + code,
                        code + " is a preview rule (off by default); add preview: true to turn it on"));
            }
        }
        return problems;
    }

    private static Policy build(Map<String, EffectiveValue> values) {
        Map<String, RuleSetting> rules = new TreeMap<>();
        String prefix = PolicyKey.RULES + ".";
        for (Map.Entry<String, EffectiveValue> e : values.entrySet()) {
            if (!e.getKey().startsWith(prefix)) continue;
            String rest = e.getKey().substring(prefix.length());
            String code = rest.substring(0, rest.indexOf('.'));
            RuleSetting old = rules.getOrDefault(code, RuleSetting.UNSET);
            Object value = e.getValue().value();
            rules.put(code, rest.endsWith("." + PolicyKey.SEVERITY)
                    ? new RuleSetting(Optional.of((RuleLevel) value), old.preview(), old.inlineConfidence())
                    : rest.endsWith("." + PolicyKey.INLINE_CONFIDENCE)
                    ? new RuleSetting(old.level(), old.preview(), Optional.of((Confidence) value))
                    : new RuleSetting(old.level(), (Boolean) value, old.inlineConfidence()));
        }
        return new Policy(
                ((Optional<?>) get(values, PolicyKey.PYTHON, Optional.class)).map(PythonVersion.class::cast).orElse(null),
                rules,
                new Policy.Paths(globs(values, PolicyKey.PATHS_INCLUDE), globs(values, PolicyKey.PATHS_EXCLUDE),
                        globs(values, PolicyKey.PATHS_TESTS), globs(values, PolicyKey.PATHS_SCRIPTS)),
                new Policy.Review(
                        get(values, PolicyKey.REVIEW_FILTER, FilterMode.class),
                        get(values, PolicyKey.REVIEW_MAX_COMMENTS, Integer.class),
                        get(values, PolicyKey.REVIEW_MAX_CONTEXT_FILES, Integer.class),
                        get(values, PolicyKey.REVIEW_SUGGESTIONS, Boolean.class),
                        get(values, PolicyKey.REVIEW_REQUEST_CHANGES_ON, SeverityThreshold.class),
                        get(values, PolicyKey.REVIEW_SKIP_DRAFTS, Boolean.class),
                        strings(values, PolicyKey.REVIEW_SKIP_LABELS)),
                new Policy.Check(get(values, PolicyKey.CHECK_FAIL_ON, SeverityThreshold.class)),
                new Policy.Recheck(get(values, PolicyKey.RECHECK_ALLOWED, RecheckAllowed.class)));
    }

    private static <T> T get(Map<String, EffectiveValue> values, PolicyKey key, Class<T> type) {
        return type.cast(values.get(key.path()).value());
    }

    private static List<Glob> globs(Map<String, EffectiveValue> values, PolicyKey key) {
        return ((List<?>) values.get(key.path()).value()).stream().map(Glob.class::cast).toList();
    }

    private static List<String> strings(Map<String, EffectiveValue> values, PolicyKey key) {
        return ((List<?>) values.get(key.path()).value()).stream().map(String.class::cast).toList();
    }

    /** python, then rules by code, then the other keys in table order. */
    private static int fileOrder(String a, String b) {
        int byRank = Integer.compare(rank(a), rank(b));
        return byRank != 0 ? byRank : a.compareTo(b);
    }

    private static int rank(String path) {
        if (path.equals(PolicyKey.PYTHON.path())) return 0;
        if (path.startsWith(PolicyKey.RULES + ".")) return 1;
        return PolicyKey.byPath(path).map(k -> 2 + k.ordinal()).orElse(Integer.MAX_VALUE);
    }
}
