package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.fix.AwaitPlacement;
import dev.asyncguard.analysis.fix.CallSource;
import dev.asyncguard.analysis.fix.Offload;
import dev.asyncguard.python.ast.Expr;

import java.util.List;

/** AG201: {@code time.sleep} in a coroutine stops every other task for the whole delay. */
@RuleInfo(code = "AG201", name = "blocking-sleep", needs = "async",
        inTests = false, inScripts = false,
        summary = "time.sleep() in a coroutine blocks the event loop.", equivalents = {"ASYNC251"})
public final class BlockingSleep extends BlockingCallRule {

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        if (!"time.sleep".equals(Calls.qualifiedName(ctx, call))) return null;
        // time.sleep(0) only yields the GIL to other threads: it does not wait.
        if (call.args().size() == 1 && Calls.isZero(call.args().get(0))) return null;
        return Blocking.of("time.sleep()");
    }

    @Override
    protected String consequence() {
        return "blocks the event loop; use await asyncio.sleep()";
    }

    @Override
    protected Fix displayFix() {
        return Fix.display("Sleep without blocking the loop", "await asyncio.sleep(delay)  # with `import asyncio`");
    }

    /** {@code time.sleep(x)} → {@code await asyncio.sleep(x)}, spelled with the file's own name for asyncio. */
    @Override
    protected Fix specificFix(Expr.Call call, RuleContext ctx) {
        if (ctx.walk().inComprehension()) return null;
        String sleep = Offload.asyncioMember(ctx, call, "sleep");
        if (sleep == null) return null;
        String awaited = CallSource.withCallee(ctx.source(), call, "await " + sleep);
        if (awaited == null) return null;
        return Fix.safe("Use await " + sleep + "()",
                List.of(new Edit(call.range(), AwaitPlacement.inPlace(awaited, call, ctx.walk().parent()))));
    }
}
