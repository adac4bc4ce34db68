package dev.asyncguard.review;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.analysis.project.ProjectSummaries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analyzer the review pipeline runs, for the command line and the webhook service: the
 * built-in rules, parsed and analyzed by {@link Analyzer#analyzeSource} (the parser decodes the
 * bytes and picks the grammar for the target Python version). Which rules a policy selects:
 * {@code policy.PolicyReview#fileAnalyzer}.
 */
public final class BuiltInAnalyzer {
    private BuiltInAnalyzer() {}

    /** The built-in rules at their default severities. */
    public static FileAnalyzer fileAnalyzer() {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        return fileAnalyzer(analyzer, AnalysisOptions.defaults(analyzer.registry()));
    }

    /** An analyzer with chosen rules and severities. */
    public static FileAnalyzer fileAnalyzer(Analyzer analyzer, AnalysisOptions options) {
        return new FileAnalyzer() {
            @Override
            public List<Finding> analyze(String path, byte[] content) {
                return analyzer.analyze(AnalysisInput.parse(path, content, options), options);
            }

            @Override
            public Map<String, List<Finding>> analyzeTogether(Map<String, byte[]> files) {
                return projectAnalysis(files.keySet()).analyze(files, List.of());
            }

            @Override
            public ProjectAnalysis projectAnalysis(Collection<String> treePaths) {
                ProjectSummaries project = ProjectSummaries.forPaths(treePaths);
                Analyzer.Project run = analyzer.project(project, options);
                return new ProjectAnalysis() {
                    @Override
                    public String summaryKey(String path) {
                        return project.summaryKey(path, options.targetVersion());
                    }

                    @Override
                    public ModuleSummary summarize(String path, byte[] content) {
                        return run.summarize(AnalysisInput.parse(path, content, options));
                    }

                    @Override
                    public Map<String, List<Finding>> analyze(Map<String, byte[]> changed,
                                                              Collection<ModuleSummary> context) {
                        Map<String, List<Finding>> out = new LinkedHashMap<>();
                        for (String path : changed.keySet()) out.put(path, new ArrayList<>());
                        for (Finding f : run.analyzeAll(changed, context)) {
                            out.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
                        }
                        return out;
                    }
                };
            }
        };
    }
}
