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

/**
 * AG301: a task whose only reference is dropped at once can be garbage-collected mid-flight. The
 * statement's value may hold the task itself, or hold it inside a display, a comprehension run for
 * its effect, a conditional expression or a {@code and}/{@code or}: each is dropped with it.
 */
@RuleInfo(code = "AG301", name = "dangling-task", needs = {"create_task", "ensure_future"}, severity = Severity.WARNING,
        summary = "The task returned by create_task / ensure_future is discarded.",
        equivalents = {"ASYNC300", "RUF006"})
public final class DanglingTask implements Rule {

    private static final Fix KEEP_A_REFERENCE = Fix.display("Keep a reference to the task",
            """
            background_tasks = set()

            task = asyncio.create_task(work())
            background_tasks.add(task)
            task.add_done_callback(background_tasks.discard)
            # or: async with asyncio.TaskGroup() as tg: tg.create_task(work())""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.ExprStmt.class, this::check);
    }

    private void check(Stmt.ExprStmt stmt, RuleContext ctx) {
        dropped(stmt.value(), ctx);
    }

    /**
     * {@code ensure_future(self.queue.put(x))} where {@code self.queue = asyncio.Queue()} (no maxsize):
     * the put completes in the task's first step, so nothing is left to collect or to fail.
     */
    private static boolean putsOnUnboundedQueue(RuleContext ctx, Expr.Call call) {
        if (call.args().isEmpty() || !(call.args().get(0) instanceof Expr.Call put) || !"put".equals(Calls.method(put))) {
            return false;
        }
        Expr made = ctx.names().assignedValue(Calls.receiver(put));
        if (!(made instanceof Expr.Call c) || !c.args().isEmpty()) return false;
        String name = ctx.names().qualifiedName(c.func());
        boolean queue = name != null && (name.equals("asyncio.Queue") || name.equals("asyncio.queues.Queue")
                || name.equals("asyncio.LifoQueue") || name.equals("asyncio.PriorityQueue"));
        return queue && c.keywords().stream().noneMatch(k -> "maxsize".equals(k.name())
                && !ctx.source().slice(k.value().range()).equals("0"));
    }

    /** Reports each task created in {@code e} whose value is part of what the statement drops. */
    private void dropped(Expr e, RuleContext ctx) {
        switch (e) {
            case Expr.Call call when AsyncioObjects.createsTask(ctx, call) && putsOnUnboundedQueue(ctx, call) ->
                ctx.reporter().report(call, "the task is not kept, but it only puts an item on an unbounded asyncio.Queue, "
                        + "which never waits: queue.put_nowait() needs no task", KEEP_A_REFERENCE, Confidence.LOW);
            case Expr.Call call when AsyncioObjects.createsTask(ctx, call) ->
                ctx.reporter().report(call, "the task is not kept: the event loop holds only a weak reference, so it can be "
                        + "garbage-collected before it finishes, and its exception is never retrieved", KEEP_A_REFERENCE);
            case Expr.ListExpr l -> l.elts().forEach(x -> dropped(x, ctx));
            case Expr.Tuple t -> t.elts().forEach(x -> dropped(x, ctx));
            case Expr.SetExpr x -> x.elts().forEach(y -> dropped(y, ctx));
            case Expr.ListComp c -> dropped(c.elt(), ctx);
            case Expr.SetComp c -> dropped(c.elt(), ctx);
            case Expr.IfExp i -> {
                dropped(i.body(), ctx);
                dropped(i.orelse(), ctx);
            }
            case Expr.BoolOp b -> b.values().forEach(x -> dropped(x, ctx));
            default -> { }
        }
    }
}
