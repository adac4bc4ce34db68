package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The coroutine functions of a file that run alone on an event loop of their own: run by a thread
 * ({@code def run(self): loop = asyncio.new_event_loop(); loop.run_until_complete(self._async_run())}
 * in a {@code threading.Thread} subclass, or {@code asyncio.run(main())} in a thread target), or by
 * the program's entry ({@code def main(): asyncio.run(run())}, module code such as
 * {@code if __name__ == "__main__": asyncio.run(main())}); run from nowhere else in the file and
 * starting no concurrent work of their own. The coroutine functions of the file named only inside
 * such coroutines (a helper they await) run alone with them. A blocking wait in one blocks only its
 * own loop, with nothing else on it to starve (the blocking rules report it LOW), nothing else on
 * that loop cancels it or takes a lock it holds (AG304, AG402: LOW).
 */
final class PrivateLoopCoroutines {
    private static final Set<String> CONCURRENT = Set.of("create_task", "ensure_future", "gather", "TaskGroup",
            "as_completed", "start_soon", "run_coroutine_threadsafe",
            // A server runs a handler per connection: what the coroutine does afterwards runs beside them.
            "start_server", "start_unix_server", "create_server", "create_unix_server", "serve_forever");

    private final Set<Node> alone = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Those that a thread runs (and their helpers): nothing cancels them (asyncio.run's own does, on Ctrl-C). */
    private final Set<Node> onThread = Collections.newSetFromMap(new IdentityHashMap<>());

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
        java.util.function.Consumer<Node> runs = n -> {
            if (n instanceof Expr.Call run && runsCoroutine(ctx, run)
                    && AsyncioObjects.calledFunction(ctx, (Expr.Call) run.args().get(0)) instanceof Stmt.FunctionDef coroutine
                    && coroutine.isAsync() && namedOnce(ctx, tree, coroutine) && !startsConcurrentWork(coroutine)) {
                found.alone.add(coroutine);
            }
        };
        List<Stmt.FunctionDef> entries = new java.util.ArrayList<>();
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (!(tree.node(i) instanceof Stmt.FunctionDef def) || def.isAsync()) continue;
            if (threaded.describe(def) != null && !threaded.uncertain(def)) Nodes.walk(def, runs);
            else if (isEntry(ctx, def)) entries.add(def);
        }
        if (!found.alone.isEmpty()) found.addHelpers(ctx, tree);
        found.onThread.addAll(found.alone);
        int before = found.alone.size();
        for (Stmt.FunctionDef entry : entries) Nodes.walk(entry, runs);
        // Module code (the program's `if __name__ == "__main__":` block), outside any def or class.
        for (Stmt s : ctx.module().body()) {
            if (!(s instanceof Stmt.FunctionDef) && !(s instanceof Stmt.ClassDef)) Nodes.walk(s, runs);
        }
        if (found.alone.size() > before) found.addHelpers(ctx, tree);
        return found;
    }

    /**
     * The program's entry: a plain function at the module's top level named {@code main},
     * {@code _main}, {@code cli} or {@code main_...}/{@code ..._main} (a console script's target). A
     * coroutine it runs with {@code asyncio.run()} is the program; a library's sync wrapper
     * ({@code def fetch_sync(): return asyncio.run(fetch())}) may run where other loops run too, and is not one.
     */
    private static boolean isEntry(RuleContext ctx, Stmt.FunctionDef def) {
        String n = def.name();
        return (n.equals("main") || n.equals("_main") || n.equals("cli") || n.startsWith("main_") || n.endsWith("_main"))
                && FrameNodes.containsSame(ctx.module().body(), def);
    }

    /**
     * Adds the coroutine functions of the file that start no concurrent work, carry no decorator,
     * and are named only inside coroutines already found (or inside themselves), each time in a
     * call that is awaited there: what those await. (A name passed on, such as a connection handler
     * given to a server, runs elsewhere.)
     */
    private void addHelpers(RuleContext ctx, Preorder tree) {
        Set<Node> awaited = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (tree.node(i) instanceof Expr.Await a && a.value() instanceof Expr.Call c) awaited.add(c.func());
        }
        java.util.List<Stmt.FunctionDef> coroutines = new java.util.ArrayList<>();
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (tree.node(i) instanceof Stmt.FunctionDef def && def.isAsync() && def.decorators().isEmpty()
                    && !alone.contains(def) && !startsConcurrentWork(def)) {
                coroutines.add(def);
            }
        }
        for (boolean added = true; added; ) {
            added = false;
            for (java.util.Iterator<Stmt.FunctionDef> it = coroutines.iterator(); it.hasNext(); ) {
                Stmt.FunctionDef def = it.next();
                if (namedOnlyInside(ctx, tree, def, awaited)) {
                    alone.add(def);
                    it.remove();
                    added = true;
                }
            }
        }
    }

    /**
     * Whether every use of {@code def}'s name in the file calls it in an await ({@code awaited}: the
     * callees of awaited calls) inside a coroutine found so far, or inside {@code def}.
     */
    private boolean namedOnlyInside(RuleContext ctx, Preorder tree, Stmt.FunctionDef def, Set<Node> awaited) {
        boolean moduleLevel = FrameNodes.containsSame(ctx.module().body(), def);
        int uses = 0;
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (!namesIt(tree.node(i), def.name(), moduleLevel)) continue;
            uses++;
            Node use = tree.node(i);
            if (!awaited.contains(use)) return false;
            if (!CommandCoroutines.inside(def, use) && alone.stream().noneMatch(c -> CommandCoroutines.inside(c, use))) return false;
        }
        return uses > 0;
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

    /** Whether {@code coroutine} is one of them that a thread runs (a program's entry is cancelled by asyncio.run on Ctrl-C). */
    boolean runsAloneOnThread(Stmt.FunctionDef coroutine) {
        return coroutine != null && onThread.contains(coroutine);
    }

    /** The file names the coroutine function once: where the thread or the entry runs it. */
    private static boolean namedOnce(RuleContext ctx, Preorder tree, Stmt.FunctionDef coroutine) {
        boolean moduleLevel = FrameNodes.containsSame(ctx.module().body(), coroutine);
        int uses = 0;
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (namesIt(tree.node(i), coroutine.name(), moduleLevel)) uses++;
        }
        return uses == 1;
    }

    /**
     * Whether {@code n} names the function: a name, or for a function not at the module's top level
     * (a method: {@code self.m}) also an attribute. An attribute never names a module-level function
     * of its own file ({@code asyncio.run} is not {@code run}).
     */
    private static boolean namesIt(Node n, String name, boolean moduleLevel) {
        return n instanceof Expr.Name x && x.id().equals(name) || !moduleLevel && n instanceof Expr.Attribute a && a.attr().equals(name);
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
