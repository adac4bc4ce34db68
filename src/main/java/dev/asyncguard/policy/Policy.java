package dev.asyncguard.policy;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.FileRole;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.FilterMode;
import dev.asyncguard.python.PythonVersion;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The effective policy for one review: defaults, then the org's file, then the repo's file,
 * merged. Immutable; built by {@link PolicyLoader} and {@link PolicyResolver}, which also keep
 * where each value came from ({@link ResolvedPolicy}).
 *
 * @param python  the oldest Python the code must run on; decides which fixes are offered and which
 *                newer syntax is reported (AG002); null for {@code auto}: the repository's
 *                {@code requires-python}, else unknown ({@link #declaredPython})
 * @param rules   what the policy says per rule code; codes it does not mention are absent
 */
public record Policy(PythonVersion python, Map<String, RuleSetting> rules, Paths paths, Review review,
                     Check check, Recheck recheck) {

    public Policy {
        rules = Map.copyOf(rules);
    }

    /**
     * Which files are reviewed (included by a pattern and excluded by none), and which of them are
     * tests or scripts ({@link FileRole}): those get only the rules that matter there.
     */
    public record Paths(List<Glob> include, List<Glob> exclude, List<Glob> tests, List<Glob> scripts) {
        public Paths {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
            tests = List.copyOf(tests);
            scripts = List.copyOf(scripts);
        }

        public boolean includes(String path) {
            return include.stream().anyMatch(g -> g.matches(path)) && exclude.stream().noneMatch(g -> g.matches(path));
        }

        /** What a repository-relative file is for; a test under {@code examples/} is a test. */
        public FileRole roleOf(String path) {
            if (tests.stream().anyMatch(g -> g.matches(path))) return FileRole.TEST;
            if (scripts.stream().anyMatch(g -> g.matches(path))) return FileRole.SCRIPT;
            return FileRole.CODE;
        }
    }

    /**
     * How the pull request review is written.
     *
     * @param maxComments      inline comments per review at most; the rest go to the summary
     * @param maxContextFiles  unchanged modules of the head (imported by the changed files) read for a review at most
     * @param suggestions      whether safe fixes are offered as ```suggestion blocks
     * @param requestChangesOn from which finding severity the review requests changes
     * @param skipDrafts       whether draft pull requests are left alone until ready
     * @param skipLabels       pull requests with any of these labels are not reviewed
     */
    public record Review(FilterMode filter, int maxComments, int maxContextFiles, boolean suggestions, SeverityThreshold requestChangesOn,
                         boolean skipDrafts, List<String> skipLabels) {
        public Review {
            skipLabels = List.copyOf(skipLabels);
        }

        /** Whether a finding of this severity turns the review into REQUEST_CHANGES. */
        public boolean requestsChangesFor(Severity severity) {
            return requestChangesOn.reachedBy(severity);
        }

        /** Whether a pull request in this state is skipped (labels compare as GitHub does, ignoring case). */
        public boolean skips(boolean draft, Collection<String> labels) {
            if (draft && skipDrafts) return true;
            for (String label : labels) {
                for (String skip : skipLabels) {
                    if (skip.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) return true;
                }
            }
            return false;
        }
    }

    /** The check run: its conclusion is failure when a finding reaches {@code failOn}. */
    public record Check(SeverityThreshold failOn) {
        public boolean failsOn(Severity severity) {
            return failOn.reachedBy(severity);
        }
    }

    /** Who may ask for a new review. */
    public record Recheck(RecheckAllowed allowed) {
        public boolean allows(String authorAssociation) {
            return allowed.allows(authorAssociation);
        }
    }

    /**
     * The severity findings of a rule get under this policy, or empty when the rule is off.
     * An off-by-default (preview) rule runs only when the policy sets {@code preview: true}.
     *
     * @param defaultSeverity the rule's own severity, used when the policy names no level
     */
    public Optional<Severity> severityFor(String code, Severity defaultSeverity, boolean offByDefault) {
        RuleSetting setting = rules.getOrDefault(code, RuleSetting.UNSET);
        if (offByDefault && !setting.preview()) return Optional.empty();
        return setting.level().map(RuleLevel::severity).orElse(Optional.of(defaultSeverity));
    }

    /** {@link #severityFor(String, Severity, boolean)} for a rule that is on by default. */
    public Optional<Severity> severityFor(String code, Severity defaultSeverity) {
        return severityFor(code, defaultSeverity, false);
    }

    /**
     * The Python the project declares: the policy's {@code python}, else (auto) the lower bound of
     * {@code requires-python} in its pyproject.toml, else none (the newest grammar, every fix, no AG002).
     */
    public Optional<PythonVersion> declaredPython(Optional<PyprojectToml> pyproject) {
        if (python != null) return Optional.of(python);
        return pyproject.flatMap(PyprojectToml::declaredPython);
    }

    /** This policy with another declared Python (null: auto). */
    public Policy withPython(PythonVersion version) {
        return new Policy(version, rules, paths, review, check, recheck);
    }

    /** What a repository-relative file is for ({@code paths.tests}, {@code paths.scripts}). */
    public FileRole roleOf(String path) {
        return paths.roleOf(path);
    }

    /**
     * Per rule code the policy names, the lowest confidence its findings need to be commented inline
     * (rules not named here: HIGH; what falls below goes to the check run).
     */
    public Map<String, Confidence> inlineConfidence() {
        Map<String, Confidence> out = new java.util.TreeMap<>();
        rules.forEach((code, setting) -> setting.inlineConfidence().ifPresent(c -> out.put(code, c)));
        return out;
    }

    /** Whether a repository-relative path is reviewed at all. */
    public boolean includes(String path) {
        return paths.includes(path);
    }
}
