package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.FrameKind;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Comprehension;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;

/**
 * AG305: {@code await}, {@code async for}, {@code async with} and async comprehensions outside a
 * coroutine, which CPython's compiler rejects. A generator expression is the exception: since
 * Python 3.8 it may contain {@code await} anywhere (it becomes an async generator expression).
 */
@RuleInfo(code = "AG305", name = "await-outside-async", needs = {"async", "await"}, severity = Severity.ERROR,
        summary = "await / async for / async with outside an async def.", equivalents = {"PLE1142"})
public final class AwaitOutsideAsync implements Rule {

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Await.class, (node, ctx) -> check(node, ctx, "await", 5));
        on.on(Stmt.For.class, (node, ctx) -> {
            if (node.isAsync()) check(node, ctx, "async for", 5);
        });
        on.on(Stmt.With.class, (node, ctx) -> {
            if (node.isAsync()) check(node, ctx, "async with", 5);
        });
        on.on(Comprehension.class, (node, ctx) -> {
            if (node.isAsync()) checkComprehension(node, ctx);
        });
    }

    private void check(Node node, RuleContext ctx, String keyword, int width) {
        if (ctx.walk().frame() == FrameKind.COROUTINE || inGeneratorExpression(ctx) || brokenFile(ctx)) return;
        SourceRange r = node.range();
        ctx.reporter().report(new SourceRange(r.startLine(), r.startColumn(), r.startLine(), r.startColumn() + width),
                "'" + keyword + "' outside an async function is a SyntaxError: " + where(ctx), null);
    }

    /** An async comprehension clause: its range starts at {@code async for}. */
    private void checkComprehension(Comprehension node, RuleContext ctx) {
        if (ctx.walk().frame() == FrameKind.COROUTINE || inGeneratorExpression(ctx)
                || ctx.walk().parent() instanceof Expr.GeneratorExp || brokenFile(ctx)) {
            return;
        }
        SourceRange r = node.range();
        ctx.reporter().report(new SourceRange(r.startLine(), r.startColumn(), r.startLine(), r.startColumn() + 5),
                "an asynchronous comprehension outside an async function is a SyntaxError: " + where(ctx), null);
    }

    /**
     * In a file that does not parse, a damaged {@code async def} header makes every await of its
     * body look misplaced; AG001 already reports the file, so this rule stays quiet.
     */
    private static boolean brokenFile(RuleContext ctx) {
        return !ctx.syntaxProblems().isEmpty();
    }

    private static boolean inGeneratorExpression(RuleContext ctx) {
        List<Node> ancestors = ctx.walk().ancestors();
        Node owner = ctx.walk().frameOwner();
        for (int i = ancestors.size() - 1; i >= 0; i--) {
            Node a = ancestors.get(i);
            if (a == owner) return false;
            if (a instanceof Expr.GeneratorExp) return true;
        }
        return false;
    }

    private static String where(RuleContext ctx) {
        return switch (ctx.walk().frame()) {
            case MODULE -> "it is at module level";
            case CLASS_BODY -> "it is in a class body";
            case LAMBDA -> "lambdas cannot be async";
            case FUNCTION -> "'" + ctx.walk().enclosingFunction().name() + "' is a plain def";
            case COROUTINE -> "";
        };
    }
}
