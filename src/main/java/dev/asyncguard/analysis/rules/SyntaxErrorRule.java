package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.SyntaxProblem;

import java.util.Comparator;

/** AG001: the file does not parse; reported once, at the first error, with the parser's message. */
@RuleInfo(code = "AG001", name = "syntax-error", severity = Severity.ERROR,
        summary = "The file does not parse (with the newest grammar asyncguard knows).")
public final class SyntaxErrorRule implements Rule {
    @Override
    public void subscribe(Subscriptions on) {
        on.onFileStart(ctx -> ctx.syntaxProblems().stream()
                .min(Comparator.comparingInt((SyntaxProblem p) -> p.range().startLine())
                        .thenComparingInt(p -> p.range().startColumn()))
                .ifPresent(first -> ctx.reporter().report(first.range(), "syntax error: " + first.message(), null)));
    }
}
