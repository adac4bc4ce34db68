package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The coroutine functions of a file that a thread runs alone on an event loop of its own
 * ({@code def run(self): loop = asyncio.new_event_loop(); loop.run_until_complete(self._async_run())}
 * in a {@code threading.Thread} subclass, or {@code asyncio.run(main())} in a thread target): run
 * from nowhere else in the file and starting no concurrent work of their own. A blocking wait in
 * one blocks only its own thread's loop, with nothing else on it to starve (the blocking rules
 * report it LOW).
 */
final class PrivateLoopCoroutines {
    private static final Set<String> CONCURRENT = Set.of("create_task", "ensure_future", "gather", "TaskGroup",
            "as_completed", "start_soon", "run_coroutine_threadsafe");

    private final Set<Node> alone = Collections.newSetFromMap(new IdentityHashMap<>());

    private PrivateLoopCoroutines() {}

    static PrivateLoopCoroutines of(RuleContext ctx) {
        PrivateLoopCoroutines found = new PrivateLoopCoroutines();
        Preorder tree = ctx.walk().tree();
        // Most files run no coroutine on a loop of their own: one loop over the file says so, without
        // finding which of its code runs on threads (a scan of its own).
        boolean runsOne = false;
        for (int i = 0, size = tree.size(); i < size && !runsOne; i++) {
            runsOne = tree.node(i) instanceof Expr.Call call && runsCoroutine(ctx, call);
        }
        if (!runsOne) return found;
        ThreadedCode threaded = ctx.facts().get(ThreadedCode.class, ThreadedCode::of);
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (!(tree.node(i) instanceof Stmt.FunctionDef def) || def.isAsync() || threaded.describe(def) == null
                    || threaded.uncertain(def)) {
                continue;
            }
            Nodes.walk(def, n -> {
                if (n instanceof Expr.Call run && runsCoroutine(ctx, run)
                        && AsyncioObjects.calledFunction(ctx, (Expr.Call) run.args().get(0)) instanceof Stmt.FunctionDef coroutine
                        && coroutine.isAsync() && startedOnce(tree, coroutine.name()) && !startsConcurrentWork(coroutine)) {
                    found.alone.add(coroutine);
                }
            });
        }
        return found;
    }

    /** {@code loop.run_until_complete(f())} or {@code asyncio.run(f())}: a call that runs the coroutine a call makes. */
    private static boolean runsCoroutine(RuleContext ctx, Expr.Call run) {
        return run.args().size() == 1 && run.args().get(0) instanceof Expr.Call
                && ("run_until_complete".equals(Calls.method(run)) || "asyncio.run".equals(Calls.qualifiedName(ctx, run)));
    }

    /** Whether {@code coroutine} is one of them. */
    boolean runsAlone(Stmt.FunctionDef coroutine) {
        return coroutine != null && alone.contains(coroutine);
    }

    /** The file names the coroutine function once: where the thread runs it. */
    private static boolean startedOnce(Preorder tree, String name) {
        int uses = 0;
        for (int i = 0, size = tree.size(); i < size; i++) {
            Node n = tree.node(i);
            if ((n instanceof Expr.Name x && x.id().equals(name)) || (n instanceof Expr.Attribute a && a.attr().equals(name))) {
                uses++;
            }
        }
        return uses == 1;
    }

    static boolean startsConcurrentWork(Stmt.FunctionDef coroutine) {
        boolean[] found = {false};
        Nodes.walk(coroutine, n -> {
            if (!found[0] && n instanceof Expr.Call c && CONCURRENT.contains(switch (c.func()) {
                case Expr.Name x -> x.id();
                case Expr.Attribute a -> a.attr();
                default -> "";
            })) {
                found[0] = true;
            }
        });
        return found[0];
    }
}
