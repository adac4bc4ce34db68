package dev.asyncguard.policy;

import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.RuleMetadata;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.review.BuiltInAnalyzer;
import dev.asyncguard.review.FileAnalyzer;
import dev.asyncguard.review.ReviewEvent;
import dev.asyncguard.review.ReviewOptions;
import dev.asyncguard.review.ReviewedFinding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a policy asks of a pull-request review, for the command line and the App alike: the rules
 * that run, the review's options, whether the review requests changes, the check run's conclusion
 * and the policy section of the summary. Each caller adds only what is its own: the command line
 * its overrides, the App the fingerprints already posted.
 */
public final class PolicyReview {
    private static final String POLICY_HEADING = "### Policy\n\n";

    private PolicyReview() {}

    /** The built-in rules as the policy selects them, for the Python the policy names (auto: none known). */
    public static FileAnalyzer fileAnalyzer(Policy policy) {
        return fileAnalyzer(policy, Optional.ofNullable(policy.python()));
    }

    /** As {@link #fileAnalyzer(Policy)}, for the Python the project declares (policy, else requires-python). */
    public static FileAnalyzer fileAnalyzer(Policy policy, Optional<PythonVersion> declared) {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        return BuiltInAnalyzer.fileAnalyzer(analyzer,
                analysisOptions(analyzer.registry(), policy).withDeclaredPython(declared.orElse(null)));
    }

    /**
     * Each rule at the severity the policy gives it (absent: off), the policy's Python version (auto:
     * none), and the policy's test and script paths ({@link Policy#roleOf}): the one place where the
     * App, {@code review} and {@code check} turn a policy into what the analyzer runs.
     */
    public static AnalysisOptions analysisOptions(RuleRegistry registry, Policy policy) {
        Map<String, Severity> severities = new LinkedHashMap<>();
        for (RuleMetadata rule : registry.rules()) {
            policy.severityFor(rule.code(), rule.defaultSeverity(), rule.offByDefault())
                    .ifPresent(s -> severities.put(rule.code(), s));
        }
        return new AnalysisOptions(severities, policy.python(), policy::roleOf);
    }

    /** The review's options from {@code review:} and the policy section, for the head commit {@code commitId}. */
    public static ReviewOptions options(ResolvedPolicy resolved, String commitId) {
        Policy.Review review = resolved.policy().review();
        return ReviewOptions.defaults().withFilter(review.filter()).withMaxComments(review.maxComments())
                .withSuggestions(review.suggestions()).withPolicyText(policySection(resolved)).withCommitId(commitId)
                .withInlineConfidence(resolved.policy().inlineConfidence());
    }

    /** The policy section's Markdown without its heading: the summary gives the section its own. */
    public static String policySection(ResolvedPolicy resolved) {
        String md = PolicyRenderer.summaryMarkdown(resolved);
        return md.startsWith(POLICY_HEADING) ? md.substring(POLICY_HEADING.length()) : md;
    }

    /**
     * REQUEST_CHANGES when a reported finding reaches {@code review.request_changes_on}, else COMMENT.
     * Findings below their rule's confidence bar are shown, but never request changes.
     */
    public static ReviewEvent event(Policy policy, List<ReviewedFinding> reported) {
        return reported.stream().filter(ReviewedFinding::decisive).anyMatch(f -> policy.review().requestsChangesFor(severity(f)))
                ? ReviewEvent.REQUEST_CHANGES : ReviewEvent.COMMENT;
    }

    /**
     * The check run's conclusion: failure at {@code check.fail_on}, neutral with findings, else
     * success. Findings below their rule's confidence bar never fail the check.
     */
    public static String conclusion(Policy policy, List<ReviewedFinding> reported) {
        return reported.stream().filter(ReviewedFinding::decisive).anyMatch(f -> policy.check().failsOn(severity(f))) ? "failure"
                : reported.isEmpty() ? "success" : "neutral";
    }

    private static Severity severity(ReviewedFinding f) {
        return f.marked().finding().severity();
    }
}
