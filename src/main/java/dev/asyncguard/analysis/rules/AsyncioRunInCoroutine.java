package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;

/** AG101: {@code asyncio.run()} / {@code Runner.run()} inside a coroutine raises RuntimeError. */
@RuleInfo(code = "AG101", name = "asyncio-run-in-coroutine", needs = "async", severity = Severity.ERROR,
        summary = "asyncio.run() or asyncio.Runner().run() called in a coroutine, where a loop is already running.")
public final class AsyncioRunInCoroutine implements Rule {
    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (!ctx.walk().inCoroutine()) return;
        String name = Calls.qualifiedName(ctx, call);
        boolean run = "asyncio.run".equals(name) || "asyncio.runners.run".equals(name);
        boolean runnerRun = "run".equals(Calls.method(call)) && "asyncio.Runner()".equals(Calls.receiverPath(ctx, call));
        if (!run && !runnerRun) return;
        ctx.reporter().report(call, (run ? "asyncio.run()" : "Runner.run()")
                        + " cannot be called from a running event loop (RuntimeError); await the coroutine instead",
                Fix.display("Await the coroutine", "result = await main()"));
    }
}
