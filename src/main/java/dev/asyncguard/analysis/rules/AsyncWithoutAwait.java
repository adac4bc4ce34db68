package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.NodeStack;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Set;

/**
 * AG602 (off by default): an {@code async def} that never suspends. Stubs, protocol dunders and
 * abstract or overriding methods must stay coroutines and are not reported. An async generator
 * that never suspends could be a plain generator, unless a decorator needs it async
 * ({@code @asynccontextmanager}, a framework's fixture or route). An {@code await} inside a
 * generator expression belongs to that (asynchronous) generator, not to the function; one in a
 * nested def's default value or decorator belongs to the function.
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
        if (isStub(def.body()) || suspends(def.body())) return;
        boolean generator = FrameNodes.isGenerator(def);
        for (Expr d : def.decorators()) {
            String name = ctx.names().qualifiedName(d instanceof Expr.Call c ? c.func() : d);
            if (name != null && (name.endsWith("abstractmethod") || name.endsWith("override"))) return;
            if (generator && (name == null || !PLAIN_DECORATORS.contains(name))) return;
        }
        ctx.reporter().report(def.nameRange(), generator
                ? "'" + def.name() + "' is an async generator that never awaits: it could be a plain generator (def), iterated with a plain for"
                : "'" + def.name() + "' is async but never awaits: it could be a plain def", null);
    }

    /** Decorators that leave a function what it is. */
    private static final Set<String> PLAIN_DECORATORS = Set.of("builtins.staticmethod", "builtins.classmethod",
            "functools.wraps", "typing.final");

    /**
     * Whether the body suspends, as {@link FrameNodes#suspends} but without the insides of generator
     * expressions: {@code (await f(x) for x in xs)} is an asynchronous generator expression that suspends
     * when it is iterated, not here; only its first iterable runs here.
     */
    private static boolean suspends(List<Stmt> body) {
        NodeStack stack = new NodeStack();
        for (int i = body.size() - 1; i >= 0; i--) stack.push(body.get(i));
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (FrameNodes.isSuspension(n)) return true;
            if (n instanceof Expr.GeneratorExp g) {
                stack.push(g.generators().get(0).iter());
            } else if (!FrameNodes.opensFrame(n)) {
                stack.pushChildren(n);
            } else {
                for (Node part : FrameNodes.evaluatedWhereDefined(n)) stack.push(part);
            }
        }
        return false;
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
