package dev.asyncguard.github.fetch;

import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.policy.Policy;
import dev.asyncguard.policy.PolicyReview;
import dev.asyncguard.policy.ResolvedPolicy;
import dev.asyncguard.review.FileAnalyzer;
import java.util.Collection;

/**
 * The policy in force for one repository (defaults < org < repo, from the default branches), with
 * the analyzer configured by it (rules, severities, target version).
 *
 * @param analysis          the analyzer the policy configures, with its options
 * @param defaultBranchHead the repository's default branch's head commit the policy was read at;
 *                          null when unknown (an empty repository)
 */
public record ServicePolicy(ResolvedPolicy resolved, Analysis analysis, String defaultBranchHead) {

    /** The policy's analyzer and the options it runs with (rules, severities, target version, file roles). */
    public record Analysis(FileAnalyzer analyzer, AnalysisOptions options) {
        /** The built-in rules as the policy selects them, for the Python the project declares. */
        public static Analysis of(ResolvedPolicy resolved) {
            dev.asyncguard.analysis.Analyzer analyzer = dev.asyncguard.analysis.Analyzer.withBuiltInRules();
            AnalysisOptions options = PolicyReview.analysisOptions(analyzer.registry(), resolved.policy())
                    .withDeclaredPython(resolved.declaredPython().orElse(null));
            return new Analysis(dev.asyncguard.review.BuiltInAnalyzer.fileAnalyzer(analyzer, options), options);
        }
    }

    public ServicePolicy(ResolvedPolicy resolved, Analysis analysis) {
        this(resolved, analysis, null);
    }

    public FileAnalyzer analyzer() {
        return analysis.analyzer();
    }

    public Policy policy() {
        return resolved.policy();
    }

    /** {@code review.skip_drafts} and {@code review.skip_labels}. */
    public boolean skips(boolean draft, Collection<String> labels) {
        return policy().review().skips(draft, labels);
    }

    /** A pull request's label names, as {@code review.skip_labels} compares them. */
    public static java.util.List<String> labelsOf(com.fasterxml.jackson.databind.JsonNode pullRequest) {
        java.util.List<String> out = new java.util.ArrayList<>();
        pullRequest.path("labels").forEach(l -> out.add(l.path("name").asText()));
        return out;
    }

    /** {@code recheck.allowed} for a commenter's {@code author_association}. */
    public boolean allowsRecheck(String authorAssociation) {
        return policy().recheck().allows(authorAssociation);
    }

    /** {@code paths.include} / {@code paths.exclude}. */
    public boolean includes(String path) {
        return policy().includes(path);
    }

    /** Markdown for the check run: which files (at which commits) are in force, enforced keys, problems. */
    public String describe() {
        return PolicyReview.policySection(resolved);
    }
}
