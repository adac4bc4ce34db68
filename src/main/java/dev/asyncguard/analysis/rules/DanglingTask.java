package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Stmt;

/** AG301: a task whose only reference is dropped at once can be garbage-collected mid-flight. */
@RuleInfo(code = "AG301", name = "dangling-task", severity = Severity.WARNING,
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
        if (!AsyncioObjects.createsTask(ctx, stmt.value())) return;
        ctx.report(stmt.value(), "the task is not kept: the event loop holds only a weak reference, so it can be "
                + "garbage-collected before it finishes, and its exception is never retrieved", KEEP_A_REFERENCE);
    }
}
