package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Ctx;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * AG303: a task assigned to a local name that nothing ever reads. Any later read of the name
 * (await, gather, cancel, a done-callback, storing or passing it on, even logging it) counts as
 * handling it: only a name that is never read again is reported, LOW where a comment next to
 * the assignment explains it.
 */
@RuleInfo(code = "AG303", name = "task-never-awaited", needs = {"create_task", "ensure_future"}, severity = Severity.WARNING,
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
        // One walk of the frame finds the global/nonlocal names and the candidate assignments; the
        // names read (a walk of the whole def, nested functions included) only where there is one.
        Preorder tree = ctx.walk().tree();
        int from = FrameNodes.bodyStart(ctx, def);
        int to = tree.end(ctx.walk().index());
        Set<String> outerNames = new HashSet<>();
        List<Candidate> candidates = new ArrayList<>();
        FrameNodes.walk(tree, from, to, node -> {
            // At every node of the def: an instanceof chain (under C1 a type switch is a call not inlined).
            if (node instanceof Stmt.Assign assign) {
                // Only a call can create a task (AsyncioObjects.createsTask).
                if (assign.targets().size() == 1 && assign.value() instanceof Expr.Call
                        && assign.targets().get(0) instanceof Expr.Name target && !target.id().equals("_")) {
                    candidates.add(new Candidate(assign, target.id(), assign.value()));
                }
            } else if (node instanceof Stmt.AnnAssign assign) {
                // `task: asyncio.Task = loop.create_task(...)`: the annotation changes nothing.
                if (assign.value() instanceof Expr.Call && assign.target() instanceof Expr.Name target
                        && !target.id().equals("_")) {
                    candidates.add(new Candidate(assign, target.id(), assign.value()));
                }
            } else if (node instanceof Stmt.Global g) {
                outerNames.addAll(g.names());
            } else if (node instanceof Stmt.Nonlocal nl) {
                outerNames.addAll(nl.names());
            }
        });
        if (candidates.isEmpty()) return;
        Set<String> read = namesRead(tree, from, to);
        for (Candidate candidate : candidates) {
            String name = candidate.name();
            Stmt assign = candidate.statement();
            if (outerNames.contains(name) || read.contains(name)) continue;
            if (!AsyncioObjects.createsTask(ctx, candidate.value())) continue;
            ctx.reporter().report(assign, "task '" + name + "' is never awaited, cancelled or handed on: when the function "
                    + "returns it can be garbage-collected mid-flight and its exception is lost", AWAIT_OR_HAND_ON,
                    explained(ctx, assign) ? Confidence.LOW : Confidence.HIGH);
        }
    }

    /** An assignment of a call to one local name: {@code name = call(...)} or {@code name: T = call(...)}. */
    private record Candidate(Stmt statement, String name, Expr value) { }

    /**
     * A {@code # noqa} on the assignment (silencing the unused-variable warning), or a comment on the
     * line just above or below it ("keep a reference"): the unused name is a choice the author explains.
     */
    private static boolean explained(RuleContext ctx, Stmt assign) {
        int first = assign.range().startLine();
        int last = assign.range().endLine();
        for (dev.asyncguard.python.ast.Comment c : ctx.comments()) {
            if (c.line() == first - 1 || c.line() == last + 1) return true;
            if (c.line() >= first && c.line() <= last && c.text().contains("noqa")) return true;
        }
        return false;
    }

    /** Every name read anywhere in the function, nested functions and lambdas included (closures read too). */
    private static Set<String> namesRead(Preorder tree, int from, int to) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < to; i++) {
            Node n = tree.node(i);
            if (n instanceof Expr.Name name && name.ctx() == Ctx.LOAD) out.add(name.id());
            // locals() / vars() hand every local on.
            if (n instanceof Expr.Call c && c.func() instanceof Expr.Name f
                    && (f.id().equals("locals") || f.id().equals("vars"))) {
                out.add("*");
            }
        }
        if (out.contains("*")) out.addAll(allAssigned(tree, from, to));
        return out;
    }

    private static Set<String> allAssigned(Preorder tree, int from, int to) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < to; i++) {
            if (tree.node(i) instanceof Expr.Name name) out.add(name.id());
        }
        return out;
    }
}
