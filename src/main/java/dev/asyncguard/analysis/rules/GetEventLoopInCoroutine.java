package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.fix.Offload;
import dev.asyncguard.python.ast.Expr;

import java.util.List;

/**
 * AG104: in a coroutine the running loop is what is wanted; get_running_loop() says so and cannot create a new loop.
 * Not reported under a {@code sys.version_info} check (the branch for Pythons without get_running_loop()).
 */
@RuleInfo(code = "AG104", name = "get-event-loop-in-coroutine", needs = "async",
        inTests = false, inScripts = false,
        summary = "asyncio.get_event_loop() in a coroutine; use asyncio.get_running_loop().")
public final class GetEventLoopInCoroutine implements Rule {
    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (!ctx.walk().inCoroutine() || !isGetEventLoop(ctx, call) || underVersionCheck(ctx)) return;
        ctx.reporter().report(call, "asyncio.get_event_loop() in a coroutine; use asyncio.get_running_loop()", fix(call, ctx),
                usesRunningLoop(ctx) ? Confidence.HIGH : Confidence.LOW);
    }

    /**
     * Whether the file calls get_running_loop() somewhere: then its Pythons have it, and the
     * older call is an inconsistency worth a comment. Code that never does may still support
     * Python 3.6, where the advice cannot be followed: LOW.
     */
    private static boolean usesRunningLoop(RuleContext ctx) {
        var tree = ctx.walk().tree();
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (tree.node(i) instanceof Expr.Attribute a && a.attr().equals("get_running_loop")) return true;
            if (tree.node(i) instanceof Expr.Name n && n.id().equals("get_running_loop")) return true;
        }
        return false;
    }

    /** Under {@code if sys.version_info ...}: code chosen by the Python that runs it (3.6 had no get_running_loop()). */
    static boolean underVersionCheck(RuleContext ctx) {
        for (dev.asyncguard.python.ast.Node a : ctx.walk().ancestors()) {
            if (a instanceof dev.asyncguard.python.ast.Stmt.If i && FrameNodes.any(i.test(),
                    n -> n instanceof Expr.Attribute at && at.attr().equals("version_info"))) {
                return true;
            }
        }
        return false;
    }

    static boolean isGetEventLoop(RuleContext ctx, Expr.Call call) {
        // Arguments first: most calls have some, and need no name resolution then.
        if (!call.args().isEmpty() || !call.keywords().isEmpty()) return false;
        String name = Calls.qualifiedName(ctx, call);
        return "asyncio.get_event_loop".equals(name) || "asyncio.events.get_event_loop".equals(name);
    }

    private static Fix fix(Expr.Call call, RuleContext ctx) {
        String replacement;
        if (call.func() instanceof Expr.Attribute a && "asyncio".equals(ctx.names().qualifiedName(a.value()))) {
            replacement = ctx.source().slice(a.value().range()) + ".get_running_loop";
        } else {
            replacement = Offload.asyncioMember(ctx, call, "get_running_loop");
        }
        if (replacement == null) {
            return Fix.display("Use the running loop", "loop = asyncio.get_running_loop()");
        }
        return Fix.safe("Use " + replacement + "()", List.of(new Edit(call.func().range(), replacement)));
    }
}
