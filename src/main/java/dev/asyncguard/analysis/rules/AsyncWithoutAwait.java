package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;

/**
 * AG602 (off by default): an {@code async def} that never suspends. Stubs, async generators,
 * protocol dunders and abstract or overriding methods must stay coroutines and are not reported.
 */
@RuleInfo(code = "AG602", name = "async-without-await", needs = "async", severity = Severity.INFO,
        inTests = false, inScripts = false,
        summary = "An async def that never awaits.", enabledByDefault = false,
        equivalents = {"ASYNC124", "RUF029"})
public final class AsyncWithoutAwait implements Rule {

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.FunctionDef.class, this::check);
    }

    private void check(Stmt.FunctionDef def, RuleContext ctx) {
        if (!def.isAsync() || ctx.path().endsWith(".pyi")) return;
        if (def.name().startsWith("__") && def.name().endsWith("__")) return;
        if (isStub(def.body()) || FrameNodes.isGenerator(def) || FrameNodes.suspends(def.body())) return;
        for (Expr d : def.decorators()) {
            String name = ctx.names().qualifiedName(d instanceof Expr.Call c ? c.func() : d);
            if (name != null && (name.endsWith("abstractmethod") || name.endsWith("override"))) return;
        }
        ctx.reporter().report(def.nameRange(), "'" + def.name() + "' is async but never awaits: it could be a plain def", null);
    }

    /** Only a docstring, {@code pass}, {@code ...} or a {@code raise}. */
    private static boolean isStub(List<Stmt> body) {
        for (Stmt s : body) {
            boolean trivial = s instanceof Stmt.Pass || s instanceof Stmt.Raise
                    || (s instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Constant);
            if (!trivial) return false;
        }
        return true;
    }
}
