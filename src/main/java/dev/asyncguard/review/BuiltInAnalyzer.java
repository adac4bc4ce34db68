package dev.asyncguard.review;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.project.ImportedModules;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.analysis.project.ProjectSummaries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analyzer the review pipeline runs, for the command line and the webhook service: the
 * built-in rules, parsed and analyzed by {@link Analyzer#analyze} (the parser decodes the
 * bytes and picks the grammar for the target Python version). Which rules a policy selects:
 * {@code policy.PolicyReview#fileAnalyzer}.
 */
public final class BuiltInAnalyzer {
    private BuiltInAnalyzer() {}

    /** Source bytes of a review's changed files whose parse for imports is kept for their analysis. */
    static final long KEPT_PARSE_BYTES = 2L << 20;

    /** A changed file's parse for its imports, with the bytes it was parsed from. */
    private record Parsed(byte[] content, AnalysisInput input) {}

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
                // The changed files parsed for their imports, kept for their analysis (one parse a
                // file), as long as they are few enough: a tree takes many times its text's memory.
                Map<String, Parsed> parsedForImports = new HashMap<>();
                long[] keptBytes = {0};
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
                    public Set<String> importsOf(ImportedModules imports, String path, byte[] content) {
                        AnalysisInput input = AnalysisInput.parse(path, content, options);
                        if (keptBytes[0] + content.length <= KEPT_PARSE_BYTES) {
                            keptBytes[0] += content.length;
                            parsedForImports.put(path, new Parsed(content, input));
                        }
                        return imports.of(path, input.module());
                    }

                    @Override
                    public Map<String, List<Finding>> analyze(Map<String, byte[]> changed,
                                                              Collection<ModuleSummary> context) {
                        Map<String, List<Finding>> out = new LinkedHashMap<>();
                        for (String path : changed.keySet()) out.put(path, new ArrayList<>());
                        List<Finding> found = run.analyzeAll(changed, context, (path, bytes) -> {
                            Parsed kept = parsedForImports.remove(path);
                            return kept != null && Arrays.equals(kept.content(), bytes) ? kept.input()
                                    : AnalysisInput.parse(path, bytes, options);
                        });
                        parsedForImports.clear();
                        for (Finding f : found) {
                            out.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
                        }
                        return out;
                    }
                };
            }
        };
    }
}
