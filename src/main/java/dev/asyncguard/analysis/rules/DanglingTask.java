package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AG301: a task whose only reference is dropped at once can be garbage-collected mid-flight. From
 * each call that creates a task, the rule follows where its value goes: up through displays,
 * comprehensions and generator expressions that a statement drops (or {@code list()} /
 * {@code [*...]} runs and drops), the branches of a conditional expression and the operands of
 * {@code and}/{@code or}; into a test that only asks whether it is true (a task always is); or out
 * of a lambda whose caller ignores what it returns (the event loop's and a future's callbacks).
 * Anywhere else (a name, an argument, a return, an {@code await}) someone may keep it.
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

    private static final String WEAK = "the event loop holds only a weak reference, so it can be garbage-collected "
            + "before it finishes, and its exception is never retrieved";

    /** Builtins that run an iterable to its end and keep its items in what they return. */
    private static final Set<String> COLLECTORS = Set.of("builtins.list", "builtins.tuple", "builtins.set",
            "builtins.frozenset", "builtins.sorted");

    /** Builtins that run an iterable and keep only whether its items are true. */
    private static final Set<String> TRUTH_TESTS = Set.of("builtins.any", "builtins.all", "builtins.bool");

    /**
     * Methods that take a callback and ignore what it returns, with the callback's position: the
     * event loop's scheduling and I/O callbacks, signal handlers, and a future's done-callbacks.
     */
    private static final Map<String, Integer> CALLBACK_TAKERS = Map.of("call_soon", 0, "call_soon_threadsafe", 0,
            "add_done_callback", 0, "call_later", 1, "call_at", 1, "add_signal_handler", 1, "add_reader", 1,
            "add_writer", 1);

    /** Where a task's value ends up. */
    private enum Fate {
        KEPT, DROPPED, NEVER_RUN, TESTED, CALLBACK_RESULT, ENTERED
    }

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        boolean task = AsyncioObjects.createsTask(ctx, call);
        boolean mapped = !task && isMapOfTasks(ctx, call);
        if (task || mapped) {
            List<Node> up = ctx.walk().ancestors();
            Fate fate = fate(call, mapped, up, ctx);
            if (fate != Fate.KEPT) report(call, fate, up, ctx);
        }
        Integer at = Calls.method(call) == null ? null : CALLBACK_TAKERS.get(Calls.method(call));
        if (at != null && at < call.args().size() && AsyncioObjects.isTaskFunction(ctx, call.args().get(at))) {
            // loop.call_soon_threadsafe(asyncio.create_task, coro): the loop drops the task it made.
            ctx.reporter().report(call.args().get(at), Calls.method(call) + "() ignores what its callback returns, so "
                    + "the task " + Calls.shortText(ctx, call.args().get(at)) + " makes is not kept: " + WEAK
                    + "; asyncio.run_coroutine_threadsafe(coro, loop) keeps it", KEEP_A_REFERENCE);
        }
    }

    /** {@code map(asyncio.create_task, coros)}: a lazy iterable of new tasks. */
    private static boolean isMapOfTasks(RuleContext ctx, Expr.Call call) {
        return !call.args().isEmpty() && "builtins.map".equals(ctx.names().qualifiedName(call.func()))
                && AsyncioObjects.isTaskFunction(ctx, call.args().get(0));
    }

    /**
     * Follows the value of {@code made} (a task, or a lazy iterable of tasks when {@code lazy})
     * up its ancestors ({@code up}, outermost first) to where it is kept or dropped.
     */
    private static Fate fate(Expr made, boolean lazy, List<Node> up, RuleContext ctx) {
        Node child = made;
        for (int i = up.size() - 1; i >= 0; i--) {
            Node parent = up.get(i);
            switch (parent) {
                case Stmt.ExprStmt s -> {
                    return lazy ? Fate.NEVER_RUN : Fate.DROPPED;
                }
                case Expr.ListExpr l -> { }
                case Expr.Tuple t -> { }
                case Expr.SetExpr x -> { }
                case Expr.Dict d -> { }
                case Expr.Starred s -> lazy = false;
                case Expr.ListComp c -> { }
                case Expr.SetComp c -> { }
                case Expr.DictComp c -> { }
                case Expr.GeneratorExp g -> lazy = true;
                case dev.asyncguard.python.ast.Comprehension c -> {
                    // In a filter the task is only tested; the iterable feeds the loop, which may keep it.
                    Node in = child;
                    return !lazy && c.ifs().stream().anyMatch(x -> x == in) ? Fate.TESTED : Fate.KEPT;
                }
                case Expr.IfExp e -> {
                    if (e.test() == child) return lazy ? Fate.KEPT : Fate.TESTED;
                }
                case Expr.BoolOp b -> {
                    // A task is true: `task and x` tests it and goes on to x; `task or x` is the task.
                    if (b.op().equals("and") && b.values().get(b.values().size() - 1) != child) {
                        return lazy ? Fate.KEPT : Fate.TESTED;
                    }
                }
                case Expr.UnaryOp u -> {
                    return u.op().equals("not") && !lazy ? Fate.TESTED : Fate.KEPT;
                }
                case Stmt.If s -> {
                    return s.test() == child && !lazy ? Fate.TESTED : Fate.KEPT;
                }
                case Stmt.While s -> {
                    return s.test() == child && !lazy ? Fate.TESTED : Fate.KEPT;
                }
                case Stmt.Assert s -> {
                    return s.test() == child && !lazy ? Fate.TESTED : Fate.KEPT;
                }
                case Expr.Call c -> {
                    if (c.args().isEmpty() || c.args().get(0) != child || !c.keywords().isEmpty()) return Fate.KEPT;
                    String name = ctx.names().qualifiedName(c.func());
                    if (name != null && TRUTH_TESTS.contains(name)) return Fate.TESTED;
                    if (name == null || !COLLECTORS.contains(name)) return Fate.KEPT;
                    lazy = false;
                }
                case dev.asyncguard.python.ast.WithItem w -> {
                    return w.contextExpr() == child && !lazy ? Fate.ENTERED : Fate.KEPT;
                }
                case Expr.Lambda l -> {
                    return l.body() == child && !lazy && i > 0 && isIgnoredCallback(l, up.get(i - 1))
                            ? Fate.CALLBACK_RESULT : Fate.KEPT;
                }
                default -> {
                    return Fate.KEPT;
                }
            }
            child = parent;
        }
        return Fate.KEPT;
    }

    /** {@code lambda} given where a callback goes to a method that ignores its result. */
    private static boolean isIgnoredCallback(Expr.Lambda lambda, Node parent) {
        if (!(parent instanceof Expr.Call call) || Calls.method(call) == null) return false;
        Integer at = CALLBACK_TAKERS.get(Calls.method(call));
        return at != null && at < call.args().size() && call.args().get(at) == lambda;
    }

    private static void report(Expr.Call call, Fate fate, List<Node> up, RuleContext ctx) {
        if (fate == Fate.NEVER_RUN) {
            ctx.reporter().report(call, "the generator is dropped without being run, so no task is ever created; "
                    + "iterating it would create tasks that nobody keeps: " + WEAK, KEEP_A_REFERENCE);
            return;
        }
        if (fate == Fate.DROPPED && putsOnUnboundedQueue(ctx, call)) {
            ctx.reporter().report(call, "the task is not kept, but it only puts an item on an unbounded asyncio.Queue, "
                    + "which never waits: queue.put_nowait() needs no task", KEEP_A_REFERENCE, Confidence.LOW);
            return;
        }
        String why = switch (fate) {
            case TESTED -> "the task is only tested for truth (a task always is) and then dropped: ";
            case ENTERED -> "a task is not a context manager (entering it raises TypeError), and the task is not kept: ";
            case CALLBACK_RESULT -> "the lambda returns the task to " + callbackTaker(up) + "(), which ignores what its "
                    + "callback returns, so the task is not kept: ";
            default -> "the task is not kept: ";
        };
        ctx.reporter().report(call, why + WEAK, KEEP_A_REFERENCE);
    }

    /** The method the enclosing lambda is given to (see {@link #isIgnoredCallback}). */
    private static String callbackTaker(List<Node> up) {
        for (int i = up.size() - 1; i > 0; i--) {
            if (up.get(i) instanceof Expr.Lambda && up.get(i - 1) instanceof Expr.Call c && Calls.method(c) != null) {
                return Calls.method(c);
            }
        }
        return "its caller";
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
}
