package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.SyntaxProblem;
import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.review.FileAnalyzer;
import java.util.List;

/**
 * The analyzer the command line uses: our parser, then the analyzer with the built-in rules at
 * their default severities (until policy files feed {@link AnalysisOptions}).
 */
public final class BuiltInAnalyzer {
    private BuiltInAnalyzer() {}

    public static FileAnalyzer fileAnalyzer() {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        return fileAnalyzer(analyzer, AnalysisOptions.defaults(analyzer.registry()));
    }

    /** The same, with the rules and severities a policy chose (the webhook service's case). */
    public static FileAnalyzer fileAnalyzer(Analyzer analyzer, AnalysisOptions options) {
        Parser parser = new Parser();
        return (path, source) -> {
            ParseResult parsed = parser.parse(source);
            List<SyntaxProblem> problems = parsed.diagnostics().stream()
                    .map(d -> new SyntaxProblem(SourceRange.of(Math.max(1, d.line()), Math.max(0, d.column())), d.message()))
                    .toList();
            return analyzer.analyze(new AnalysisInput(path, parsed.source().text(), parsed.module(), parsed.comments(), problems),
                    options);
        };
    }
}
