package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.RuleMetadata;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.policy.Policy;
import dev.asyncguard.review.FileAnalyzer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The analyzer the command line reviews with: the built-in rules, as a policy selects them. */
public final class BuiltInAnalyzer {
    private BuiltInAnalyzer() {}

    public static FileAnalyzer fileAnalyzer(Policy policy) {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        AnalysisOptions options = options(analyzer.registry(), policy);
        return (path, content) -> analyzer.analyzeSource(path, content, options);
    }

    /** Each rule at the severity the policy gives it (absent: off), and the policy's Python version. */
    static AnalysisOptions options(RuleRegistry registry, Policy policy) {
        Map<String, Severity> severities = new LinkedHashMap<>();
        for (RuleMetadata rule : registry.rules()) {
            policy.severityFor(rule.code(), rule.defaultSeverity(), !rule.enabledByDefault() || rule.preview())
                    .ifPresent(s -> severities.put(rule.code(), s));
        }
        return new AnalysisOptions(severities, dev.asyncguard.analysis.PythonVersion.parse(policy.python().toString()));
    }
}
