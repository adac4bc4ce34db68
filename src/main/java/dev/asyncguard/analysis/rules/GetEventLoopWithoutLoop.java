package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;

/** AG105: get_event_loop() outside a coroutine is deprecated (3.12) and raises without a current loop (3.14). */
@RuleInfo(code = "AG105", name = "get-event-loop-without-loop",
        inTests = false, inScripts = false,
        summary = "asyncio.get_event_loop() outside a coroutine, where there may be no running loop.")
public final class GetEventLoopWithoutLoop implements Rule {
    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (ctx.inCoroutine() || !GetEventLoopInCoroutine.isGetEventLoop(ctx, call)) return;
        ctx.report(call, "asyncio.get_event_loop() outside a coroutine is deprecated since Python 3.12 and fails "
                        + "without a current loop; use asyncio.run() or asyncio.new_event_loop()",
                Fix.display("Run the program with asyncio.run", "asyncio.run(main())\n"
                        + "# or, to manage a loop yourself: loop = asyncio.new_event_loop()"));
    }
}
