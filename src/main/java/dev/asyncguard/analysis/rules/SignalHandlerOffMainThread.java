package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.python.ast.Expr;

/** AG405: signal handlers can only be installed from the main thread of the main interpreter. */
@RuleInfo(code = "AG405", name = "signal-handler-off-main-thread", needs = {"signal", "add_signal_handler"}, severity = Severity.ERROR,
        summary = "Signal handlers installed from a thread other than the main thread.")
public final class SignalHandlerOffMainThread extends ThreadedCallRule {

    private static final Fix INSTALL_ON_MAIN = Fix.display("Install the handler on the main thread",
            """
            # main thread, before starting the worker:
            signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(loop.stop))""");

    @Override
    protected boolean candidate(Expr.Call call, RuleContext ctx) {
        return "add_signal_handler".equals(Calls.method(call)) || AsyncioObjects.calls(ctx, call, "signal.signal");
    }

    @Override
    protected void check(Expr.Call call, RuleContext ctx, String how) {
        if (AsyncioObjects.calls(ctx, call, "signal.signal")) {
            ctx.reporter().report(call, "signal.signal() in " + how + " raises ValueError: signal handlers can only be "
                    + "installed from the main thread", INSTALL_ON_MAIN);
        } else if ("add_signal_handler".equals(Calls.method(call))
                && AsyncioObjects.isEventLoop(ctx, Calls.receiver(call))) {
            ctx.reporter().report(call, "loop.add_signal_handler() in " + how + " raises RuntimeError: signal handlers can only "
                    + "be installed from the main thread", INSTALL_ON_MAIN);
        }
    }
}
