package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.FrameKind;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.ExceptHandler;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;

/**
 * AG105: get_event_loop() outside a coroutine is deprecated (3.12) and raises without a current loop (3.14).
 *
 * <p>Sure (HIGH) only where no loop can be running: module or class-body code, and functions that
 * go on to run the loop themselves ({@code run_until_complete}, {@code run_forever}) or are the
 * program's {@code main}. Elsewhere (protocol constructors, callbacks, methods that coroutines call,
 * the {@code loop or asyncio.get_event_loop()} fallback) a loop usually runs, and the advice is
 * AG104's; such findings are LOW, and so are hooks that take the loop their host set on purpose
 * (see {@link #expectsRunningLoop}), a library module's {@code __main__} demo (kept out of the
 * tests, or in a module of a package other than its {@code __main__.py}), and best-effort code
 * that ignores any failure ({@code except Exception: pass}), and code after a call into tornado in the
 * same function (see {@link #tornadoSetUpBefore}). Not reported under a {@code sys.version_info} guard or where a {@code RuntimeError}
 * handler covers the call (the code already handles "no loop").
 */
@RuleInfo(code = "AG105", name = "get-event-loop-without-loop", needs = "get_event_loop",
        inTests = false, inScripts = false,
        summary = "asyncio.get_event_loop() outside a coroutine, where there may be no running loop.")
public final class GetEventLoopWithoutLoop implements Rule {
    private static final Fix RUN = Fix.display("Run the program with asyncio.run", "asyncio.run(main())\n"
            + "# or, to manage a loop yourself: loop = asyncio.new_event_loop()");
    private static final Fix RUNNING_OR_NEW = Fix.display("Use the running loop, or make one where none runs",
            "loop = asyncio.get_running_loop()  # called while a loop runs\n"
                    + "# where none runs: asyncio.run(main()) or loop = asyncio.new_event_loop()");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (ctx.walk().inCoroutine() || !GetEventLoopInCoroutine.isGetEventLoop(ctx, call)) return;
        if (guardedOrHandled(ctx) || loopJustSet(ctx)) return;
        if (noLoopRuns(ctx) && !expectsRunningLoop(ctx, call) && !SourceRemarks.inUntestedDemo(ctx)
                && !SourceRemarks.inPackageModuleMain(ctx) && !bestEffort(ctx) && !tornadoSetUpBefore(ctx, call)
                && !policySetBefore(ctx, call)) {
            ctx.reporter().report(call, "asyncio.get_event_loop() outside a coroutine is deprecated since Python 3.12 and fails "
                    + "without a current loop; use asyncio.run() or asyncio.new_event_loop()", RUN);
        } else {
            ctx.reporter().report(call, "asyncio.get_event_loop() outside a coroutine: if a loop is running here, "
                    + "asyncio.get_running_loop() says so; if none is, this is deprecated since Python 3.12 and fails "
                    + "in 3.14 (use asyncio.run() or asyncio.new_event_loop())", RUNNING_OR_NEW, Confidence.LOW);
        }
    }

    /** Module or class-body code, or a function that runs the loop itself or is the program's main. */
    private static boolean noLoopRuns(RuleContext ctx) {
        FrameKind frame = ctx.walk().frame();
        if (frame == FrameKind.MODULE || frame == FrameKind.CLASS_BODY) return true;
        if (frame != FrameKind.FUNCTION || !(ctx.walk().frameOwner() instanceof Stmt.FunctionDef def)) return false;
        if (def.name().equals("main") || def.name().equals("_main")) return true;
        return FrameNodes.any(def.body(), n -> n instanceof Expr.Call c
                && ("run_until_complete".equals(Calls.method(c)) || "run_forever".equals(Calls.method(c))));
    }

    /**
     * Code that takes the current loop on purpose, knowing one may already run: the file applies
     * {@code nest_asyncio} (made to run a loop inside a running one), or a hook that a host calls
     * (a function registered through a decorator: a kernel's or framework's integration point)
     * asks the loop it got whether it {@code is_running()}. The host set that loop;
     * {@code get_event_loop()} returns it. A plain function that asks {@code is_running()} (a
     * sync wrapper users call at top level) still fails on 3.14 where no loop was set: HIGH.
     */
    private static boolean expectsRunningLoop(RuleContext ctx, Expr.Call call) {
        if (ctx.facts().get(AppliesNestAsyncio.class, AppliesNestAsyncio::of).applies()) return true;
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        if (def == null || !registeredHook(ctx, def)) return false;
        if (ctx.walk().parent() instanceof Expr.Attribute a && a.attr().equals("is_running")) return true;
        if (!(ctx.walk().parent() instanceof Stmt.Assign as) || as.targets().size() != 1
                || !(as.targets().get(0) instanceof Expr.Name bound)) {
            return false;
        }
        return FrameNodes.any(def.body(), n -> n instanceof Expr.Call c
                && "is_running".equals(Calls.method(c)) && Calls.receiver(c) instanceof Expr.Name r
                && r.id().equals(bound.id()));
    }

    private static final java.util.Set<String> PLAIN_DECORATORS = java.util.Set.of("functools.wraps",
            "builtins.staticmethod", "builtins.classmethod", "abc.abstractmethod", "typing.override");

    /** A function with a decorator that registers or wraps it (not {@code functools.wraps}, {@code staticmethod}, ...). */
    private static boolean registeredHook(RuleContext ctx, Stmt.FunctionDef def) {
        for (Expr d : def.decorators()) {
            Expr target = d instanceof Expr.Call c ? c.func() : d;
            String name = ctx.names().qualifiedName(target);
            if (name == null || !PLAIN_DECORATORS.contains(name)) return true;
        }
        return false;
    }

    /** Whether the file imports {@code nest_asyncio} (anywhere: it is often imported where it is applied). */
    private record AppliesNestAsyncio(boolean applies) {
        static AppliesNestAsyncio of(RuleContext ctx) {
            boolean[] found = {false};
            FrameNodes.wholeFile(ctx, n -> {
                if (n instanceof Stmt.Import i && i.names().stream().anyMatch(al -> al.name().equals("nest_asyncio"))
                        || n instanceof Stmt.ImportFrom f && "nest_asyncio".equals(f.module())) {
                    found[0] = true;
                }
            });
            return new AppliesNestAsyncio(found[0]);
        }
    }

    /**
     * A statement before this one in the same block sets the current loop
     * ({@code asyncio.set_event_loop(asyncio.new_event_loop())}): get_event_loop() returns that loop,
     * on every Python, without a warning.
     */
    private static boolean loopJustSet(RuleContext ctx) {
        List<Node> up = ctx.walk().ancestors();
        for (int i = up.size() - 1; i > 0; i--) {
            if (!(up.get(i) instanceof Stmt stmt)) continue;
            Node parent = up.get(i - 1);
            List<List<Stmt>> blocks = parent instanceof ExceptHandler h ? List.of(h.body())
                    : parent instanceof Stmt.FunctionDef f ? List.of(f.body())
                    : parent instanceof Stmt s ? StatementBlocks.nestedBlocks(s)
                    : parent instanceof dev.asyncguard.python.ast.Module m ? List.of(m.body()) : List.of();
            for (List<Stmt> block : blocks) {
                int at = FrameNodes.indexOfSame(block, stmt);
                if (at < 0) continue;
                return block.subList(0, at).stream().anyMatch(before -> before instanceof Stmt.ExprStmt e
                        && e.value() instanceof Expr.Call c && "set_event_loop".equals(Calls.method(c) != null
                            ? Calls.method(c) : c.func() instanceof Expr.Name n ? n.id() : null));
            }
            return false;
        }
        return false;
    }

    /**
     * {@code asyncio.set_event_loop_policy(GuiEventLoopPolicy(...))} earlier in the same function (or
     * module code), with a policy that is neither asyncio's nor uvloop's (both get the loop as the
     * default policy does): that policy's {@code get_event_loop()} answers, and a toolkit's makes its
     * loop there (PySide6's QtAsyncio, GLib's). Whether this one does is not known here: LOW.
     */
    private static boolean policySetBefore(RuleContext ctx, Expr.Call call) {
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        List<Stmt> body = def != null ? def.body() : ctx.module().body();
        int line = call.range().startLine();
        return FrameNodes.any(body, n -> n instanceof Expr.Call c && c.range().endLine() < line
                && "set_event_loop_policy".equals(Calls.method(c) != null ? Calls.method(c)
                        : c.func() instanceof Expr.Name name ? name.id() : null)
                && c.args().size() == 1 && c.args().get(0) instanceof Expr.Call policy
                && !(Calls.qualifiedName(ctx, policy) instanceof String made
                        && (made.startsWith("asyncio.") || made.startsWith("uvloop."))));
    }

    /**
     * A call into the {@code tornado} package earlier in the same function (or module code): an
     * {@code IOLoop.current()}, or a server whose {@code listen()}/{@code add_sockets()} calls it.
     * Tornado's {@code IOLoop.current()} makes an asyncio loop current where none is, so
     * get_event_loop() then returns that loop without failing; whether it ran before this line is
     * not known for sure: LOW.
     */
    private static boolean tornadoSetUpBefore(RuleContext ctx, Expr.Call call) {
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        List<Stmt> body = def != null ? def.body() : ctx.module().body();
        int line = call.range().startLine();
        return FrameNodes.any(body, n -> n instanceof Expr.Call c && c.range().endLine() < line
                && Calls.qualifiedName(ctx, c) instanceof String name && name.startsWith("tornado."));
    }

    /**
     * In the body of a try whose handler takes any exception and does nothing ({@code except
     * Exception: pass}, bare {@code except: pass}): best-effort code (a {@code __del__} closing what
     * is left) that already accepts failing, a missing loop included.
     */
    private static boolean bestEffort(RuleContext ctx) {
        Node child = null;
        List<Node> up = ctx.walk().ancestors();
        for (int i = up.size() - 1; i >= 0; i--) {
            Node a = up.get(i);
            if (a instanceof Stmt.FunctionDef || a instanceof Stmt.ClassDef) return false;
            if (a instanceof Stmt.Try t && FrameNodes.containsSame(t.body(), child)) {
                for (ExceptHandler h : t.handlers()) {
                    boolean any = h.type() == null || FrameNodes.any(h.type(), n -> n instanceof Expr.Name nm
                            && (nm.id().equals("Exception") || nm.id().equals("BaseException")));
                    if (any && h.body().stream().allMatch(b -> b instanceof Stmt.Pass
                            || b instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Constant)) {
                        return true;
                    }
                }
            }
            child = a;
        }
        return false;
    }

    /** Under {@code if sys.version_info ...} (code for other Pythons), or in a try that handles RuntimeError. */
    private static boolean guardedOrHandled(RuleContext ctx) {
        if (GetEventLoopInCoroutine.underVersionCheck(ctx)) return true;
        for (Node a : ctx.walk().ancestors()) {
            if (a instanceof Stmt.Try t) {
                for (ExceptHandler h : t.handlers()) {
                    if (h.type() != null && FrameNodes.any(h.type(), n -> n instanceof Expr.Name nm
                            && nm.id().equals("RuntimeError"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
