package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Ctx;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Stmt;

import java.util.HashSet;
import java.util.Set;

/**
 * AG303: a task assigned to a local name that nothing ever reads. Any later read of the name
 * (await, gather, cancel, a done-callback, storing or passing it on, even logging it) counts as
 * handling it: only a name that is never read again is reported.
 */
@RuleInfo(code = "AG303", name = "task-never-awaited", severity = Severity.WARNING,
        summary = "A task kept in a local name is never awaited, cancelled or handed on.")
public final class TaskNeverAwaited implements Rule {

    private static final Fix AWAIT_OR_HAND_ON = Fix.display("Await the task, cancel it, or hand it to an owner",
            """
            task = asyncio.create_task(work())
            ...
            await task""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.FunctionDef.class, this::check);
    }

    private void check(Stmt.FunctionDef def, RuleContext ctx) {
        Set<String> outerNames = declaredOuter(def);
        Set<String> read = namesRead(def);
        FrameNodes.walk(def.body(), node -> {
            if (!(node instanceof Stmt.Assign assign) || assign.targets().size() != 1) return;
            if (!(assign.targets().get(0) instanceof Expr.Name target)) return;
            String name = target.id();
            if (name.equals("_") || outerNames.contains(name) || read.contains(name)) return;
            if (!AsyncioObjects.createsTask(ctx, assign.value())) return;
            ctx.report(assign, "task '" + name + "' is never awaited, cancelled or handed on: when the function "
                    + "returns it can be garbage-collected mid-flight and its exception is lost", AWAIT_OR_HAND_ON);
        });
    }

    /** Names declared {@code global} or {@code nonlocal}: assigning them stores the task elsewhere. */
    private static Set<String> declaredOuter(Stmt.FunctionDef def) {
        Set<String> out = new HashSet<>();
        FrameNodes.walk(def.body(), n -> {
            if (n instanceof Stmt.Global g) out.addAll(g.names());
            if (n instanceof Stmt.Nonlocal nl) out.addAll(nl.names());
        });
        return out;
    }

    /** Every name read anywhere in the function, nested functions and lambdas included (closures read too). */
    private static Set<String> namesRead(Stmt.FunctionDef def) {
        Set<String> out = new HashSet<>();
        for (Node stmt : def.body()) {
            Nodes.walk(stmt, n -> {
                if (n instanceof Expr.Name name && name.ctx() == Ctx.LOAD) out.add(name.id());
                // locals() / vars() hand every local on.
                if (n instanceof Expr.Call c && c.func() instanceof Expr.Name f
                        && (f.id().equals("locals") || f.id().equals("vars"))) {
                    out.add("*");
                }
            });
        }
        if (out.contains("*")) out.addAll(allAssigned(def));
        return out;
    }

    private static Set<String> allAssigned(Stmt.FunctionDef def) {
        Set<String> out = new HashSet<>();
        for (Node stmt : def.body()) {
            Nodes.walk(stmt, n -> {
                if (n instanceof Expr.Name name) out.add(name.id());
            });
        }
        return out;
    }
}
