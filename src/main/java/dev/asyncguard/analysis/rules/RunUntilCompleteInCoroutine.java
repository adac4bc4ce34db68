package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;

/** AG102: driving the loop from inside one of its own coroutines ("This event loop is already running"). */
@RuleInfo(code = "AG102", name = "run-until-complete-in-coroutine", needs = "async", severity = Severity.ERROR,
        summary = "loop.run_until_complete() or loop.run_forever() called in a coroutine.")
public final class RunUntilCompleteInCoroutine implements Rule {
    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (!ctx.walk().inCoroutine()) return;
        String method = Calls.method(call);
        if (!"run_until_complete".equals(method) && !"run_forever".equals(method)) return;
        if (!EventLoops.isLoop(ctx, Calls.receiver(call), method.equals("run_until_complete"))) return;
        ctx.reporter().report(call, "loop." + method + "() in a coroutine fails: this event loop is already running; await it instead",
                Fix.display("Await the work on the running loop", "result = await coro"));
    }
}
