package dev.asyncguard.analysis;

import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.python.ast.Arguments;
import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Ctx;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine on a hand-built tree (independent of the parser): frames, dispatch, reporting,
 * severities, suppressions and a fix applied to the text.
 */
class AnalyzerEngineTest {
    // import time
    // async def f():
    //     time.sleep(1)
    // def g():
    //     time.sleep(1)
    private static final String TEXT = "import time\nasync def f():\n    time.sleep(1)\ndef g():\n    time.sleep(1)\n";

    private static SourceRange r(int l1, int c1, int l2, int c2) {
        return new SourceRange(l1, c1, l2, c2);
    }

    private static Stmt sleepCall(int line) {
        Expr.Call call = new Expr.Call(
                new Expr.Attribute(new Expr.Name("time", Ctx.LOAD, r(line, 4, line, 8)), "sleep", Ctx.LOAD,
                        r(line, 4, line, 14)),
                List.of(new Expr.Constant(Expr.ConstantKind.INT, BigInteger.ONE, r(line, 15, line, 16))), List.of(),
                r(line, 4, line, 17));
        return new Stmt.ExprStmt(call, r(line, 4, line, 17));
    }

    private static Module module() {
        Stmt imp = new Stmt.Import(List.of(new dev.asyncguard.python.ast.Alias("time", null, r(1, 7, 1, 11))),
                r(1, 0, 1, 11));
        Stmt f = new Stmt.FunctionDef("f", r(2, 10, 2, 11), List.of(), Arguments.empty(r(2, 12, 2, 12)),
                List.of(sleepCall(3)), List.of(), null, true, r(2, 0, 3, 17));
        Stmt g = new Stmt.FunctionDef("g", r(4, 4, 4, 5), List.of(), Arguments.empty(r(4, 6, 4, 6)),
                List.of(sleepCall(5)), List.of(), null, false, r(4, 0, 5, 17));
        return new Module(List.of(imp, f, g), r(1, 0, 6, 0));
    }

    private static List<Finding> analyze(List<Comment> comments, AnalysisOptions options) {
        return Analyzer.withBuiltInRules().analyze(new AnalysisInput("m.py", TEXT, module(), comments, List.of()), options);
    }

    @Test
    void reportsBlockingSleepOnlyInTheCoroutine() {
        List<Finding> findings = analyze(List.of(), AnalysisOptions.defaults(RuleRegistry.builtIn()));
        assertEquals(1, findings.size(), findings.toString());
        Finding f = findings.get(0);
        assertEquals("AG201", f.code());
        assertEquals(3, f.line());
        assertEquals(Severity.WARNING, f.severity());
        // The file does not import asyncio: an edit to asyncio.sleep would not run, so it is an example only.
        assertEquals(Applicability.DISPLAY_ONLY, f.fix().applicability());
        assertTrue(f.fix().edits().isEmpty());
    }

    @Test
    void suppressionCommentsAndSelection() {
        assertTrue(analyze(List.of(new Comment(3, 18, "# noqa: ASYNC251")), AnalysisOptions.defaults(RuleRegistry.builtIn()))
                .isEmpty());
        assertTrue(analyze(List.of(new Comment(3, 18, "# asyncguard: ignore[AG201]")),
                AnalysisOptions.defaults(RuleRegistry.builtIn())).isEmpty());
        // The patterns ignore case; so must the cheap search before them.
        assertTrue(analyze(List.of(new Comment(3, 18, "# NOQA")), AnalysisOptions.defaults(RuleRegistry.builtIn())).isEmpty());
        assertTrue(analyze(List.of(new Comment(3, 18, "# AsyncGuard: Ignore")),
                AnalysisOptions.defaults(RuleRegistry.builtIn())).isEmpty());
        assertEquals(1, analyze(List.of(new Comment(3, 18, "# noqa: AG202")),
                AnalysisOptions.defaults(RuleRegistry.builtIn())).size());
        assertTrue(analyze(List.of(), AnalysisOptions.select(RuleRegistry.builtIn(), List.of("AG1"), List.of(),
                PythonVersion.NEWEST)).isEmpty());
        List<Finding> error = analyze(List.of(),
                AnalysisOptions.defaults(RuleRegistry.builtIn()).withSeverity("AG201", Severity.ERROR));
        assertEquals(Severity.ERROR, error.get(0).severity());
    }
}
