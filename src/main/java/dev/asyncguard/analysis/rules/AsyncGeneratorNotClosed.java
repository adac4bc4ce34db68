package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.names.Scope;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.List;

/**
 * AG501: {@code async for} directly over a call of an async generator function of this file, when
 * the loop can be left early. Leaving does not close the generator; its {@code finally} and
 * {@code async with} exits run whenever the loop's finalizer gets to it.
 *
 * <p>The safe fix wraps the loop in {@code async with contextlib.aclosing(...) as g:} (3.10+),
 * re-indenting its body; it is offered only where that edit cannot change meaning (no multi-line
 * strings in the body, no {@code else:}).
 */
@RuleInfo(code = "AG501", name = "async-generator-not-closed", needs = "async", severity = Severity.WARNING,
        inTests = false, inScripts = false,
        summary = "async for over an async generator that can exit early without aclosing.")
public final class AsyncGeneratorNotClosed implements Rule {

    private static final Fix WRAP_IN_ACLOSING = Fix.display("Close the generator deterministically",
            """
            async with contextlib.aclosing(gen(...)) as items:
                async for item in items:
                    ...""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.For.class, this::check);
    }

    private void check(Stmt.For loop, RuleContext ctx) {
        if (!loop.isAsync() || !ctx.walk().inCoroutine() || !(loop.iter() instanceof Expr.Call call)) return;
        Stmt.FunctionDef gen = AsyncioObjects.calledFunction(ctx, call);
        if (gen == null || !gen.isAsync() || !FrameNodes.isGenerator(gen) || !leavesEarly(loop.body())) return;
        Fix fix = aclosingFix(ctx, loop, gen);
        ctx.reporter().report(new SourceRange(loop.range().startLine(), loop.range().startColumn(),
                        loop.iter().range().endLine(), loop.iter().range().endColumn()),
                "the loop over " + gen.name() + "() can exit early, which leaves the async generator open: its "
                        + "cleanup runs late, in another task, or never; wrap it in contextlib.aclosing()",
                fix != null ? fix : WRAP_IN_ACLOSING,
                // A generator with no finally and no with has nothing to clean up when it is left open.
                hasCleanup(gen) ? Confidence.HIGH : Confidence.LOW);
    }

    private static boolean hasCleanup(Stmt.FunctionDef gen) {
        return FrameNodes.any(gen.body(), n -> n instanceof Stmt.With
                || (n instanceof Stmt.Try t && !t.finalbody().isEmpty()));
    }

    /** A {@code return} or {@code raise} anywhere in the body, or a {@code break} of this loop (not of an inner one). */
    private static boolean leavesEarly(List<Stmt> body) {
        boolean[] found = {false};
        for (Stmt s : body) scan(s, false, found);
        return found[0];
    }

    private static void scan(Node n, boolean inInnerLoop, boolean[] found) {
        if (found[0] || FrameNodes.opensFrame(n)) return;
        if (n instanceof Stmt.Return || n instanceof Stmt.Raise || (n instanceof Stmt.Break && !inInnerLoop)) {
            found[0] = true;
            return;
        }
        boolean inner = inInnerLoop || n instanceof Stmt.For || n instanceof Stmt.While;
        dev.asyncguard.python.ast.Nodes.forEachChild(n, c -> scan(c, inner, found));
    }

    private static Fix aclosingFix(RuleContext ctx, Stmt.For loop, Stmt.FunctionDef gen) {
        if (!ctx.options().targetVersion().atLeast(3, 10) || !loop.orelse().isEmpty() || loop.body().isEmpty()) return null;
        if (FrameNodes.any(loop.body(), n -> isMultiLineString(n))) return null;
        SourceLines src = ctx.source();
        int headerEnd = loop.iter().range().endLine();
        int bodyStart = loop.body().get(0).range().startLine();
        if (bodyStart <= headerEnd) return null;
        String indent = src.indentation(loop.range().startLine());
        String bodyIndent = src.indentation(bodyStart);
        if (!bodyIndent.startsWith(indent) || bodyIndent.length() == indent.length()) return null;
        String unit = bodyIndent.substring(indent.length());

        List<Edit> edits = new ArrayList<>();
        String aclosing = ctx.names().spellingOf("contextlib.aclosing", loop.iter());
        if (aclosing == null) {
            String contextlib = ctx.names().spellingOf("contextlib", loop.iter());
            if (contextlib == null) {
                Edit importEdit = importContextlib(ctx);
                if (importEdit == null) return null;
                edits.add(importEdit);
                contextlib = "contextlib";
            }
            aclosing = contextlib + ".aclosing";
        }
        String var = freshName(ctx, loop, gen.name() + "_items");
        String headerTail = src.line(headerEnd).substring(Math.min(src.line(headerEnd).length(),
                loop.iter().range().endColumn()));
        StringBuilder out = new StringBuilder();
        out.append("async with ").append(aclosing).append('(').append(src.slice(loop.iter().range())).append(") as ")
                .append(var).append(headerTail).append('\n');
        out.append(indent).append(unit).append("async for ").append(src.slice(loop.target().range())).append(" in ")
                .append(var).append(":\n");
        int end = loop.range().endLine();
        for (int line = headerEnd + 1; line <= end; line++) {
            String text = line == end ? src.line(line).substring(0, Math.min(src.line(line).length(),
                    loop.range().endColumn())) : src.line(line);
            if (!text.isBlank()) out.append(unit);
            out.append(text);
            if (line < end) out.append('\n');
        }
        edits.add(new Edit(new SourceRange(loop.range().startLine(), loop.range().startColumn(), end,
                loop.range().endColumn()), out.toString()));
        return Fix.safe("Wrap the generator in " + aclosing + "()", edits);
    }

    /** {@code import contextlib}, before the first top-level import; null when the file has none to anchor it. */
    private static Edit importContextlib(RuleContext ctx) {
        for (Stmt s : ctx.module().body()) {
            if (s instanceof Stmt.ImportFrom f && "__future__".equals(f.module())) continue;
            if (s instanceof Stmt.Import || s instanceof Stmt.ImportFrom) {
                if (s.range().startColumn() != 0) return null;
                return new Edit(SourceRange.of(s.range().startLine(), 0), "import contextlib\n");
            }
        }
        return null;
    }

    private static boolean isMultiLineString(Node n) {
        return (n instanceof Expr.Constant c && (c.kind() == Expr.ConstantKind.STR || c.kind() == Expr.ConstantKind.BYTES)
                || n instanceof Expr.JoinedStr || n instanceof Expr.TemplateStr)
                && n.range().startLine() != n.range().endLine();
    }

    /** {@code base}, or {@code base_2}, ... : a name not bound in the function around the loop. */
    private static String freshName(RuleContext ctx, Stmt.For loop, String base) {
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        Scope scope = def == null ? ctx.names().moduleScope() : ctx.names().scopeOf(def);
        String name = base;
        for (int i = 2; scope != null && (!scope.bindings(name).isEmpty()
                || ctx.names().moduleScope().bindings(name).size() > 0); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
