package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.names.KnownTypes;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.Set;

/**
 * What the AG3xx–AG5xx rules ask about asyncio values: is this an event loop, a task-creating call,
 * an asyncio future, an asyncio or a threading lock. Resolution goes through the file's names;
 * where a receiver is unknown, only the spelling that leaves no doubt ({@code loop},
 * {@code self._loop}) is taken as an event loop.
 */
final class AsyncioObjects {
    private AsyncioObjects() {}

    private static final Set<String> TASK_FUNCTIONS = Set.of(
            "asyncio.create_task", "asyncio.ensure_future", "asyncio.tasks.create_task", "asyncio.tasks.ensure_future");

    private static final Set<String> ASYNCIO_FUTURES = Set.of(
            "asyncio.Future()", "asyncio.futures.Future()", KnownTypes.EVENT_LOOP + ".create_future()",
            "asyncio.Task()", "asyncio.tasks.Task()", "asyncio.create_task()", "asyncio.ensure_future()",
            KnownTypes.EVENT_LOOP + ".create_task()");

    static final Set<String> ASYNCIO_LOCKS = Set.of(
            "asyncio.Lock()", "asyncio.Semaphore()", "asyncio.BoundedSemaphore()", "asyncio.Condition()",
            "asyncio.locks.Lock()", "asyncio.locks.Semaphore()", "asyncio.locks.BoundedSemaphore()",
            "asyncio.locks.Condition()");

    static final Set<String> THREADING_LOCKS = Set.of(
            "threading.Lock()", "threading.RLock()", "threading.Semaphore()", "threading.BoundedSemaphore()",
            "threading.Condition()", "_thread.allocate_lock()", "_thread.LockType()", "_thread.RLock()",
            "multiprocessing.Lock()", "multiprocessing.RLock()", "multiprocessing.Semaphore()",
            "multiprocessing.BoundedSemaphore()", "multiprocessing.Condition()");

    /** An event loop: resolved as one, or unknown and spelled like one ({@code loop}, {@code self._loop}). */
    static boolean isEventLoop(RuleContext ctx, Expr e) {
        return EventLoops.isLoop(ctx, e, false);
    }

    /**
     * {@code asyncio.create_task(...)}, {@code asyncio.ensure_future(...)} or {@code loop.create_task(...)};
     * not a TaskGroup's, and not {@code ensure_future} of a future (it returns that future: no task).
     */
    static boolean createsTask(RuleContext ctx, Expr e) {
        if (!(e instanceof Expr.Call call)) return false;
        String name = ctx.names().qualifiedName(call.func());
        if (name != null && TASK_FUNCTIONS.contains(name)) {
            if (!call.args().isEmpty() && handsToGroup(ctx, call.args().get(0))) return false;
            return !name.endsWith("ensure_future") || call.args().isEmpty() || !isPlainFuture(ctx, call.args().get(0));
        }
        return call.func() instanceof Expr.Attribute a && a.attr().equals("create_task") && isEventLoop(ctx, a.value());
    }

    /**
     * {@code asyncio.create_task}, {@code asyncio.ensure_future} or {@code loop.create_task} named,
     * not called: a callable that creates a task and returns it ({@code map(asyncio.create_task, coros)},
     * {@code loop.call_soon(loop.create_task, coro)}).
     */
    static boolean isTaskFunction(RuleContext ctx, Expr e) {
        if (!(e instanceof Expr.Name) && !(e instanceof Expr.Attribute)) return false;
        String name = ctx.names().qualifiedName(e);
        if (name != null && TASK_FUNCTIONS.contains(name)) return true;
        return e instanceof Expr.Attribute a && a.attr().equals("create_task") && isEventLoop(ctx, a.value());
    }

    /** Methods of task groups and nurseries that take the work and keep its task. */
    private static final Set<String> GROUP_SPAWNS = Set.of("spawn", "start_soon", "create_task");

    /**
     * {@code ensure_future(group.spawn(work()))}: the task runs only the hand-over, and the work's
     * own task is the group's (aiorpcx/anyio-style groups whose spawn is a coroutine); a
     * {@code create_task} of a group, not of asyncio or a loop, likewise.
     */
    private static boolean handsToGroup(RuleContext ctx, Expr arg) {
        return arg instanceof Expr.Call c && Calls.method(c) != null && GROUP_SPAWNS.contains(Calls.method(c))
                && !createsTask(ctx, c);
    }

    /** Methods and functions whose result is an asyncio future that no coroutine drives: no task. */
    private static final Set<String> FUTURE_MAKERS = Set.of("run_in_executor", "create_future", "wrap_future");

    /**
     * An asyncio future that is not a task: made by {@code loop.run_in_executor(...)},
     * {@code loop.create_future()}, {@code asyncio.wrap_future(...)} or {@code asyncio.Future()},
     * directly or through the name it was bound to.
     */
    private static boolean isPlainFuture(RuleContext ctx, Expr e) {
        if (e instanceof Expr.Call c) {
            String method = Calls.method(c);
            if (method != null && FUTURE_MAKERS.contains(method)) return true;
            String name = ctx.names().qualifiedName(c.func());
            if (name != null && (FUTURE_MAKERS.contains(name.substring(name.lastIndexOf('.') + 1))
                    || name.equals("asyncio.Future") || name.equals("asyncio.futures.Future"))) {
                return true;
            }
        }
        String path = ctx.names().valuePath(e);
        return path != null && (path.equals("asyncio.Future()") || path.equals("asyncio.futures.Future()")
                || path.equals(KnownTypes.EVENT_LOOP + ".create_future()"));
    }

    /** An asyncio future or task (not thread-safe, unlike {@code concurrent.futures.Future}). */
    static boolean isAsyncioFuture(RuleContext ctx, Expr e) {
        String path = ctx.names().valuePath(e);
        return path != null && ASYNCIO_FUTURES.contains(path);
    }

    static boolean isThreadingLock(RuleContext ctx, Expr e) {
        return isThreadingLock(ctx.names().valuePath(e));
    }

    /** Whether a value path is a thread lock's ({@code threading.Lock()}). */
    static boolean isThreadingLock(String path) {
        return path != null && THREADING_LOCKS.contains(path);
    }

    /** An asyncio lock-like object, resolved, or unknown and named like one ({@code self._lock}, {@code write_mutex}). */
    static boolean isAsyncLock(RuleContext ctx, Expr e) {
        String path = ctx.names().valuePath(e);
        if (path != null) return ASYNCIO_LOCKS.contains(path);
        String last = switch (e) {
            case Expr.Name n -> n.id();
            case Expr.Attribute a -> a.attr();
            case Expr.Call c when c.func() instanceof Expr.Attribute a -> a.attr();
            default -> null;
        };
        if (last == null) return false;
        String lower = last.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("lock") || lower.contains("mutex") || lower.contains("semaphore") || lower.endsWith("sem");
    }

    /** Whether a call is of {@code qualified} (e.g. {@code asyncio.sleep}), however it was imported. */
    static boolean calls(RuleContext ctx, Expr e, String... qualified) {
        if (!(e instanceof Expr.Call call)) return false;
        String name = ctx.names().qualifiedName(call.func());
        if (name == null) return false;
        for (String q : qualified) if (q.equals(name)) return true;
        return false;
    }

    /** The def or async def of this file that a call runs, or null (see {@link LocalDefinitions}). */
    static Stmt.FunctionDef calledFunction(RuleContext ctx, Expr.Call call) {
        return LocalDefinitions.calledFunction(ctx, call);
    }
}
