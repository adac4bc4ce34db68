package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.fix.CallSource;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * AG403: a function that runs on another thread calls event-loop methods that only the loop's own
 * thread may call. A loop that the function itself creates, installs or runs belongs to that thread
 * and is not reported; neither is a thread-safe {@code concurrent.futures.Future}, nor a call a test
 * makes to provoke the loop's own error ({@link ExpectedFailures}).
 */
@RuleInfo(code = "AG403", name = "loop-call-from-thread", needs = {"call_soon", "call_later", "call_at", "create_task", "set_result", "set_exception", "cancel"}, severity = Severity.ERROR,
        summary = "Non-thread-safe event-loop calls from another thread.")
public final class LoopCallFromThread extends ThreadedCallRule {

    private static final Set<String> LOOP_METHODS = Set.of("call_soon", "call_later", "call_at", "create_task");
    private static final Set<String> FUTURE_METHODS = Set.of("set_result", "set_exception", "cancel");

    private static final Fix RUN_COROUTINE_THREADSAFE = Fix.display("Hand the work to the loop's thread",
            """
            loop.call_soon_threadsafe(callback, *args)
            # for a coroutine:
            asyncio.run_coroutine_threadsafe(coro(), loop)""");

    @Override
    protected boolean candidate(Expr.Call call, RuleContext ctx) {
        String method = Calls.method(call);
        return method != null && (LOOP_METHODS.contains(method) || FUTURE_METHODS.contains(method));
    }

    @Override
    protected void check(Expr.Call call, RuleContext ctx, String how) {
        String method = Calls.method(call);
        if (!candidate(call, ctx)) return;
        // A test of the loop's own thread check calls these from a thread on purpose.
        if (ExpectedFailures.provoked(ctx, method)) return;
        Node frame = ctx.walk().frameOwner();
        Expr receiver = Calls.receiver(call);
        if (LOOP_METHODS.contains(method) && AsyncioObjects.isEventLoop(ctx, receiver)
                && !ownedByThisThread(ctx, frame, receiver)) {
            ctx.reporter().report(call, "loop." + method + "() from " + how + ": event-loop methods are not thread-safe and do "
                    + "not wake the loop; use call_soon_threadsafe or run_coroutine_threadsafe", loopFix(ctx, call, method),
                    threadConfidence(ctx));
        } else if (FUTURE_METHODS.contains(method) && AsyncioObjects.isAsyncioFuture(ctx, receiver)) {
            ctx.reporter().report(call, "asyncio future ." + method + "() from " + how + ": asyncio futures are not thread-safe; "
                    + "complete them on the loop's thread with call_soon_threadsafe", futureFix(ctx, call, receiver, method),
                    threadConfidence(ctx));
        }
    }

    /** {@code loop.call_soon(...)} → {@code loop.call_soon_threadsafe(...)}: same arguments, same effect, thread-safe. */
    private static Fix loopFix(RuleContext ctx, Expr.Call call, String method) {
        if (!method.equals("call_soon") || !(call.func() instanceof Expr.Attribute attr)) return RUN_COROUTINE_THREADSAFE;
        SourceRange end = attr.range();
        SourceRange name = new SourceRange(end.endLine(), end.endColumn() - method.length(), end.endLine(), end.endColumn());
        if (!ctx.source().slice(name).equals(method)) return RUN_COROUTINE_THREADSAFE;
        return Fix.safe("Use loop.call_soon_threadsafe", List.of(new Edit(name, "call_soon_threadsafe")));
    }

    /** {@code fut.set_result(x)} → {@code fut.get_loop().call_soon_threadsafe(fut.set_result, x)}. */
    private static Fix futureFix(RuleContext ctx, Expr.Call call, Expr receiver, String method) {
        if (!(receiver instanceof Expr.Name || receiver instanceof Expr.Attribute)) return RUN_COROUTINE_THREADSAFE;
        String fut = ctx.source().slice(receiver.range());
        String replacement = CallSource.withLeadingArgument(ctx.source(), call,
                fut + ".get_loop().call_soon_threadsafe", fut + "." + method);
        if (replacement == null) return RUN_COROUTINE_THREADSAFE;
        return Fix.safe("Complete the future on its loop's thread", List.of(new Edit(call.range(), replacement)));
    }

    /** A loop the threaded function creates, installs or runs itself is that thread's own loop. */
    private static boolean ownedByThisThread(RuleContext ctx, Node frame, Expr loop) {
        String text = ctx.source().slice(loop.range());
        Set<String> owned = new HashSet<>();
        List<? extends Node> body = frame instanceof Stmt.FunctionDef def ? def.body()
                : frame instanceof Expr.Lambda l ? List.of(l.body()) : List.of();
        FrameNodes.walk(body, n -> {
            if (!(n instanceof Expr.Call c)) return;
            String m = Calls.method(c);
            if ((m != null && (m.equals("run_forever") || m.equals("run_until_complete"))) && Calls.receiver(c) != null) {
                owned.add(ctx.source().slice(Calls.receiver(c).range()));
            }
            if (AsyncioObjects.calls(ctx, c, "asyncio.set_event_loop") && !c.args().isEmpty()) {
                owned.add(ctx.source().slice(c.args().get(0).range()));
            }
        });
        if (owned.contains(text)) return true;
        if (loop instanceof Expr.Name name && ctx.names().binding(name) instanceof dev.asyncguard.analysis.names.Binding b
                && b.value() != null && frame instanceof Stmt.FunctionDef def && b.scope() == ctx.names().scopeOf(def)) {
            return AsyncioObjects.calls(ctx, b.value(), "asyncio.new_event_loop", "asyncio.events.new_event_loop");
        }
        return false;
    }
}
