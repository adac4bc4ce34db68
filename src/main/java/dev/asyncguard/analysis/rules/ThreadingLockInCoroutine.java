package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;
import dev.asyncguard.python.ast.WithItem;

/**
 * AG402: a thread lock taken in a coroutine ({@code with lock:} or {@code lock.acquire()}), the lock
 * resolved through the file's names to a {@code threading} (or {@code multiprocessing}) primitive.
 * A non-blocking attempt ({@code acquire(False)}, {@code blocking=False}, {@code timeout=0}) is fine.
 * A {@code with lock:} block that never suspends is LOW: a brief hold that guards state shared with
 * threads is the usual reason for a thread lock there, and it only blocks while a thread holds it.
 * So is a lock taken in a coroutine that runs alone on a loop of its own (a thread's, a program's).
 */
@RuleInfo(code = "AG402", name = "threading-lock-in-coroutine", needs = "async", severity = Severity.WARNING,
        inTests = false,
        summary = "A threading lock acquired in a coroutine.")
public final class ThreadingLockInCoroutine implements Rule {

    private static final Fix USE_ASYNCIO_LOCK = Fix.display("Use an asyncio.Lock (or run the locked work in a thread)",
            """
            self._lock = asyncio.Lock()
            ...
            async with self._lock:
                ...""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.With.class, this::checkWith);
        on.on(Expr.Call.class, this::checkAcquire);
    }

    private void checkWith(Stmt.With with, RuleContext ctx) {
        if (with.isAsync() || !ctx.walk().inCoroutine()) return;
        for (WithItem item : with.items()) {
            Confidence confidence = FrameNodes.suspends(with.body()) && !runsAlone(ctx) ? Confidence.HIGH : Confidence.LOW;
            if (AsyncioObjects.isThreadingLock(ctx, item.contextExpr())) {
                ctx.reporter().report(item.contextExpr(), message(ctx, item.contextExpr()), USE_ASYNCIO_LOCK, confidence);
                return;
            }
            if (reportIfInherited(ctx, item.contextExpr(), confidence)) return;
        }
    }

    /**
     * {@code self.lock} set in a base class of another module ({@code lock = threading.Lock()} there):
     * decided once the project is known; false when the lock is not such an attribute.
     */
    private static boolean reportIfInherited(RuleContext ctx, Expr lock, Confidence confidence) {
        if (ctx.deferral().project() == null || !(ctx.deferral().project().inheritedMember(lock) instanceof String member)) {
            return false;
        }
        String message = message(ctx, lock);
        ctx.deferral().report(lock, project -> AsyncioObjects.isThreadingLock(project.moduleValue(member)) ? message : null,
                USE_ASYNCIO_LOCK, confidence);
        return true;
    }

    private void checkAcquire(Expr.Call call, RuleContext ctx) {
        if (!ctx.walk().inCoroutine() || !"acquire".equals(Calls.method(call))) return;
        if (nonBlocking(call)) return;
        if (!AsyncioObjects.isThreadingLock(ctx, Calls.receiver(call))) {
            reportIfInherited(ctx, Calls.receiver(call), Confidence.HIGH);
            return;
        }
        ctx.reporter().report(call, message(ctx, Calls.receiver(call)), USE_ASYNCIO_LOCK, runsAlone(ctx) ? Confidence.LOW : Confidence.HIGH);
    }

    /**
     * In a coroutine that runs alone on a loop of its own ({@link PrivateLoopCoroutines}): no other
     * task of that loop waits for the lock, and the threads it is shared with are why it is a thread lock.
     */
    private static boolean runsAlone(RuleContext ctx) {
        return ctx.facts().get(PrivateLoopCoroutines.class, PrivateLoopCoroutines::of).runsAlone(ctx.walk().enclosingFunction());
    }

    private static boolean nonBlocking(Expr.Call call) {
        Expr blocking = Calls.argument(call, 0, "blocking");
        Expr timeout = Calls.argument(call, 1, "timeout");
        return (blocking != null && Calls.isFalse(blocking)) || (timeout != null && Calls.isZero(timeout));
    }

    private static String message(RuleContext ctx, Expr lock) {
        return "'" + Calls.shortText(ctx, lock) + "' is a thread lock: waiting for it blocks the event loop, and a "
                + "task holding it across an await deadlocks the loop";
    }
}
