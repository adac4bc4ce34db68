package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.RuleMetadata;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.policy.Policy;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.review.FileAnalyzer;
import dev.asyncguard.review.ProjectAnalysis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analyzer the review pipeline runs, for the command line and the webhook service: the
 * built-in rules, parsed and analyzed by {@link Analyzer#analyzeSource} (the parser decodes the
 * bytes and picks the grammar for the target Python version).
 */
public final class BuiltInAnalyzer {
    private BuiltInAnalyzer() {}

    /** The built-in rules at their default severities. */
    public static FileAnalyzer fileAnalyzer() {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        return fileAnalyzer(analyzer, AnalysisOptions.defaults(analyzer.registry()));
    }

    /** The built-in rules as a policy selects them, for the Python the policy names (auto: none known). */
    public static FileAnalyzer fileAnalyzer(Policy policy) {
        return fileAnalyzer(policy, Optional.ofNullable(policy.python()));
    }

    /** As {@link #fileAnalyzer(Policy)}, for the Python the project declares (policy or requires-python). */
    public static FileAnalyzer fileAnalyzer(Policy policy, Optional<PythonVersion> declared) {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        return fileAnalyzer(analyzer, options(analyzer.registry(), policy).withDeclaredPython(declared.orElse(null)));
    }

    /** An analyzer with chosen rules and severities. */
    public static FileAnalyzer fileAnalyzer(Analyzer analyzer, AnalysisOptions options) {
        return new FileAnalyzer() {
            @Override
            public List<Finding> analyze(String path, byte[] content) {
                return analyzer.analyzeSource(path, content, options);
            }

            @Override
            public Map<String, List<Finding>> analyzeTogether(Map<String, byte[]> files) {
                return projectAnalysis(files.keySet()).analyze(files, List.of());
            }

            @Override
            public ProjectAnalysis projectAnalysis(Collection<String> treePaths) {
                ProjectSummaries project = ProjectSummaries.forPaths(treePaths);
                return new ProjectAnalysis() {
                    @Override
                    public String summaryKey(String path) {
                        return project.summaryKey(path, options.targetVersion());
                    }

                    @Override
                    public ModuleSummary summarize(String path, byte[] content) {
                        return analyzer.summarize(path, content, options, project);
                    }

                    @Override
                    public Map<String, List<Finding>> analyze(Map<String, byte[]> changed,
                                                              Collection<ModuleSummary> context) {
                        Map<String, List<Finding>> out = new LinkedHashMap<>();
                        for (String path : changed.keySet()) out.put(path, new ArrayList<>());
                        for (Finding f : analyzer.analyzeProject(changed, context, options, project)) {
                            out.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
                        }
                        return out;
                    }
                };
            }
        };
    }

    /**
     * Each rule at the severity the policy gives it (absent: off), the policy's Python version (auto:
     * none), and the policy's test and script paths: the one place where the bot and the CLI turn a
     * policy into what the analyzer runs.
     */
    public static AnalysisOptions options(RuleRegistry registry, Policy policy) {
        Map<String, Severity> severities = new LinkedHashMap<>();
        for (RuleMetadata rule : registry.rules()) {
            policy.severityFor(rule.code(), rule.defaultSeverity(), !rule.enabledByDefault() || rule.preview())
                    .ifPresent(s -> severities.put(rule.code(), s));
        }
        return new AnalysisOptions(severities, policy.python(), policy::roleOf);
    }
}
