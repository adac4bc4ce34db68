package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.names.Binding;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * AG106: an async generator object created outside a coroutine and then driven step by step with
 * {@code runner.run(anext(g))} / {@code loop.run_until_complete(...)}: its finalization is tied to
 * whichever loop happens to run it, and {@code aclose()} is easily never called. Reported at the
 * creation.
 */
@RuleInfo(code = "AG106", name = "async-generator-outside-loop", needs = "async",
        summary = "An async generator created outside a coroutine and driven with run()/run_until_complete().")
public final class AsyncGeneratorOutsideLoop implements Rule {
    private final Set<Expr.Call> reported = Collections.newSetFromMap(new IdentityHashMap<>());

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (ctx.walk().inCoroutine()) return;
        String method = Calls.method(call);
        if (!"run".equals(method) && !"run_until_complete".equals(method)) return;
        if (call.args().isEmpty() || !(call.args().get(0) instanceof Expr.Call step)) return;
        Expr generator = steppedGenerator(step, ctx);
        if (generator == null) return;
        Expr.Call creation = creation(generator, ctx);
        if (creation == null || !reported.add(creation)) return;
        ctx.reporter().report(creation, "async generator created outside a coroutine and driven with " + method
                        + "(): create and iterate it inside a coroutine",
                Fix.display("Drive it from a coroutine", "async def main():\n    async for item in agen():\n        ...\n"
                        + "asyncio.run(main())"));
    }

    /** {@code g} of {@code anext(g)}, {@code g.__anext__()}, {@code g.asend(x)}, {@code g.athrow(e)}, {@code g.aclose()}. */
    private static Expr steppedGenerator(Expr.Call step, RuleContext ctx) {
        if ("builtins.anext".equals(Calls.qualifiedName(ctx, step)) && !step.args().isEmpty()) {
            return step.args().get(0);
        }
        String m = Calls.method(step);
        if (m != null && Set.of("__anext__", "asend", "athrow", "aclose").contains(m)) return Calls.receiver(step);
        return null;
    }

    /** The call that created the generator, when it is a call of an async generator function of this file made outside a coroutine. */
    private static Expr.Call creation(Expr generator, RuleContext ctx) {
        Expr.Call call = null;
        if (generator instanceof Expr.Call c) {
            call = c;
        } else if (generator instanceof Expr.Name n) {
            Binding b = ctx.names().binding(n);
            if (b != null && b.kind() == Binding.BindingKind.ASSIGNMENT && b.value() instanceof Expr.Call c
                    && !(b.scope().node() instanceof Stmt.FunctionDef d && d.isAsync())) {
                call = c;
            }
        }
        if (call == null) return null;
        return AsyncGenerators.isAsyncGenerator(ctx.names().definition(call.func())) ? call : null;
    }
}
