package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Set;

/**
 * AG306: a timeout that cannot fire. {@code asyncio.timeout()} cancels the task at the deadline,
 * and a cancellation lands only at a suspension point; a block without one runs to its end.
 * {@code wait_for(f(), t)} with a plain function {@code f} of this file that returns no awaitable
 * runs {@code f} to the end first and then fails with TypeError. A plain {@code with
 * asyncio.timeout(...)} never starts a timeout at all: the object is an asynchronous context
 * manager only, so entering it raises TypeError. The same holds for the async-timeout package's
 * timeouts and AnyIO's cancel scopes with a deadline ({@code with anyio.fail_after(t):}).
 */
@RuleInfo(code = "AG306", name = "timeout-without-await", needs = {"async", "timeout", "timeout_at", "wait_for"}, severity = Severity.WARNING,
        summary = "A timeout around code that never awaits, so it cannot fire.", equivalents = {"ASYNC100"})
public final class TimeoutWithoutAwait implements Rule {

    /** asyncio's timeouts: asynchronous context managers only (a plain {@code with} raises TypeError). */
    private static final Set<String> TIMEOUTS = Set.of(
            "asyncio.timeout", "asyncio.timeout_at", "asyncio.timeouts.timeout", "asyncio.timeouts.timeout_at");
    /**
     * The async-timeout package (asyncio.timeout's forerunner) entered with {@code async with}; its
     * releases before 4.0 also accepted a plain {@code with}, so that spelling is not reported.
     */
    private static final Set<String> LIBRARY_TIMEOUTS = Set.of("async_timeout.timeout", "async_timeout.timeout_at");
    /**
     * AnyIO's (and Trio's) cancel scopes with a deadline: plain context managers, the same pitfall
     * when their block never awaits (AnyIO runs on asyncio).
     */
    private static final Set<String> SCOPES = Set.of("anyio.fail_after", "anyio.move_on_after", "anyio.fail_at",
            "anyio.move_on_at", "trio.fail_after", "trio.move_on_after", "trio.fail_at", "trio.move_on_at");
    private static final String[] ASYNC_TIMEOUTS = java.util.stream.Stream.concat(TIMEOUTS.stream(),
            LIBRARY_TIMEOUTS.stream()).toArray(String[]::new);

    /** Builtins whose result is never awaitable. */
    private static final Set<String> PLAIN_BUILTINS = Set.of(
            "builtins.list", "builtins.dict", "builtins.set", "builtins.tuple", "builtins.frozenset", "builtins.str",
            "builtins.int", "builtins.float", "builtins.bool", "builtins.bytes", "builtins.len", "builtins.sorted",
            "builtins.sum", "builtins.min", "builtins.max", "builtins.repr", "builtins.format", "builtins.abs",
            "builtins.round");

    private static final Fix AWAIT_INSIDE = Fix.display("Await the slow work inside the timeout",
            """
            async with asyncio.timeout(2):
                result = await asyncio.to_thread(slow_function, data)""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.With.class, this::checkBlock);
        on.on(Expr.Call.class, this::checkWaitFor);
    }

    private void checkBlock(Stmt.With with, RuleContext ctx) {
        if (!with.isAsync()) {
            checkPlainWith(with, ctx);
            checkBody(with, ctx, SCOPES.toArray(String[]::new));
            return;
        }
        checkBody(with, ctx, ASYNC_TIMEOUTS);
    }

    /** A timeout of {@code kinds}, the last item of the {@code with}, around a block that never suspends. */
    private void checkBody(Stmt.With with, RuleContext ctx, String[] kinds) {
        if (!ctx.walk().inCoroutine()) return;
        int last = with.items().size() - 1;
        // Items after the timeout enter (and await) under it.
        Expr timeout = with.items().get(last).contextExpr();
        if (!(timeout instanceof Expr.Call call) || !AsyncioObjects.calls(ctx, call, kinds)) return;
        // A yield hands control to the consumer, in the same task, which may await under the
        // timeout (the hazard AG503 reports): the timeout can fire.
        if (FrameNodes.suspends(with.body()) || FrameNodes.any(with.body(), n -> n instanceof Expr.Yield)) return;
        ctx.reporter().report(timeout, Calls.shortText(ctx, call.func()) + "() cannot fire: its block never awaits, and a "
                + "timeout cancels the task only at an await", AWAIT_INSIDE);
    }

    /**
     * Objects that are asynchronous context managers only: entered with a plain {@code with} they
     * raise (TypeError, or aiohttp's own "use async with" error) before the block runs.
     */
    private static final Set<String> ASYNC_ONLY = Set.of("aiohttp.ClientSession()", "aiohttp.client.ClientSession()",
            "httpx.AsyncClient()", "httpx2.AsyncClient()", "asyncio.TaskGroup()", "asyncio.taskgroups.TaskGroup()",
            "asyncio.Lock()", "asyncio.Semaphore()", "asyncio.BoundedSemaphore()", "asyncio.Condition()",
            "asyncio.locks.Lock()", "asyncio.locks.Semaphore()", "asyncio.locks.BoundedSemaphore()",
            "asyncio.locks.Condition()", "aiofiles.open()", "aiofiles.threadpool.open()");

    /** {@code with asyncio.timeout(t):} raises TypeError on entry (no {@code __enter__}). */
    private void checkPlainWith(Stmt.With with, RuleContext ctx) {
        if (ctx.walk().inCoroutine()) {
            for (var item : with.items()) {
                String what = asyncOnly(item.contextExpr(), ctx);
                if (what == null) continue;
                ctx.reporter().report(item.contextExpr(), what + " is an asynchronous context manager only: a plain `with` "
                        + "raises TypeError when it is entered, so the block never runs; use `async with`",
                        asyncWith(with, ctx));
                return;
            }
        }
        for (var item : with.items()) {
            if (!(item.contextExpr() instanceof Expr.Call call)
                    || !AsyncioObjects.calls(ctx, call, TIMEOUTS.toArray(String[]::new))) continue;
            String name = Calls.shortText(ctx, call.func());
            ctx.reporter().report(call, name + "() is an asynchronous context manager: a plain `with` raises TypeError when it "
                    + "is entered, so the block never runs under a timeout; use `async with`", asyncWith(with, ctx));
            return;
        }
    }

    /**
     * How to name {@code e} when it is an asynchronous-only context manager: an object of a known
     * library type, or an instance of a class of this module that defines {@code __aenter__} and no
     * {@code __enter__} (in it or its bases, all of this module); null otherwise.
     */
    private static String asyncOnly(Expr e, RuleContext ctx) {
        if (!(e instanceof Expr.Call) && !(e instanceof Expr.Name) && !(e instanceof Expr.Attribute)) return null;
        String path = ctx.names().valuePath(e);
        if (path != null && ASYNC_ONLY.contains(path)) return Calls.shortText(ctx, e);
        // A call of an @asynccontextmanager function of this module.
        if (e instanceof Expr.Call c && ctx.names().definition(c.func()) instanceof Stmt.FunctionDef f
                && f.decorators().size() == 1 && "contextlib.asynccontextmanager".equals(ctx.names().qualifiedName(f.decorators().get(0)))) {
            return Calls.shortText(ctx, e);
        }
        Stmt.ClassDef cls = e instanceof Expr.Call c ? (ctx.names().definition(c.func()) instanceof Stmt.ClassDef d ? d : null)
                : ctx.names().instanceClass(e);
        if (cls == null) return null;
        Boolean[] protocol = {null, null};  // has __aenter__, has __enter__
        return protocolOf(cls, ctx, protocol, 0) && Boolean.TRUE.equals(protocol[0]) && !Boolean.TRUE.equals(protocol[1])
                ? Calls.shortText(ctx, e) : null;
    }

    /** Reads which of the two protocols the class and its bases define; false when a base is not a class of this module. */
    private static boolean protocolOf(Stmt.ClassDef cls, RuleContext ctx, Boolean[] protocol, int depth) {
        if (depth > 4) return false;
        for (Stmt s : cls.body()) {
            if (s instanceof Stmt.FunctionDef f) {
                if (f.name().equals("__aenter__")) protocol[0] = true;
                if (f.name().equals("__enter__")) protocol[1] = true;
            } else if (s instanceof Stmt.Assign a && a.targets().stream().anyMatch(t -> t instanceof Expr.Name n
                    && (n.id().equals("__enter__") || n.id().equals("__aenter__")))) {
                return false;
            }
        }
        for (Expr base : cls.bases()) {
            if (base instanceof Expr.Name n && n.id().equals("object")) continue;
            if (!(ctx.names().definition(base) instanceof Stmt.ClassDef b) || !protocolOf(b, ctx, protocol, depth + 1)) return false;
        }
        return cls.keywords().isEmpty();
    }

    /** {@code with} → {@code async with} in a coroutine (elsewhere {@code async with} is a syntax error). */
    private static Fix asyncWith(Stmt.With with, RuleContext ctx) {
        SourceRange start = SourceRange.of(with.range().startLine(), with.range().startColumn());
        if (!ctx.walk().inCoroutine() || !ctx.source().slice(new SourceRange(start.startLine(), start.startColumn(),
                start.startLine(), start.startColumn() + 4)).equals("with")) {
            return Fix.display("Enter the timeout with async with, in a coroutine",
                    """
                    async with asyncio.timeout(2):
                        result = await fetch()""");
        }
        return Fix.safe("Use async with", List.of(new Edit(start, "async ")));
    }

    private void checkWaitFor(Expr.Call call, RuleContext ctx) {
        if (!AsyncioObjects.calls(ctx, call, "asyncio.wait_for", "asyncio.tasks.wait_for")) return;
        Expr awaited = Calls.argument(call, 0, "fut");
        if (!(awaited instanceof Expr.Call inner)) return;
        Stmt.FunctionDef def = AsyncioObjects.calledFunction(ctx, inner);
        if (def == null || def.isAsync() || !def.decorators().isEmpty() || FrameNodes.isGenerator(def)) return;
        if (!returnsOnlyPlainValues(ctx, def)) return;
        ctx.reporter().report(call, def.name() + "() is a plain function: it runs to completion before wait_for() starts, "
                + "and its result is not awaitable (TypeError)", AWAIT_INSIDE);
    }

    /** Every {@code return} gives a literal-like value (or nothing): the function cannot hand back an awaitable. */
    private static boolean returnsOnlyPlainValues(RuleContext ctx, Stmt.FunctionDef def) {
        return !FrameNodes.any(def.body(), n -> n instanceof Stmt.Return r && r.value() != null
                && !isPlain(ctx, r.value()));
    }

    private static boolean isPlain(RuleContext ctx, Expr e) {
        return switch (e) {
            case Expr.Constant c -> true;
            case Expr.JoinedStr j -> true;
            case Expr.Dict d -> true;
            case Expr.ListExpr l -> true;
            case Expr.Tuple t -> true;
            case Expr.SetExpr s -> true;
            case Expr.ListComp c -> true;
            case Expr.SetComp c -> true;
            case Expr.DictComp c -> true;
            case Expr.Compare c -> true;
            case Expr.UnaryOp u -> u.op().equals("not") || isPlain(ctx, u.operand());
            case Expr.BinOp b -> isPlain(ctx, b.left()) && isPlain(ctx, b.right());
            case Expr.Call c -> AsyncioObjects.calls(ctx, c, PLAIN_BUILTINS.toArray(String[]::new));
            default -> false;
        };
    }
}
