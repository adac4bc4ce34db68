package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.names.Binding;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AG302: a coroutine created and dropped never runs. Only calls known to create a coroutine are
 * reported: an undecorated (or harmlessly decorated) {@code async def} of this file or the project,
 * a coroutine function of asyncio itself, or a coroutine method of a well-known asyncio library's
 * object ({@link LibraryCoroutines}).
 */
@RuleInfo(code = "AG302", name = "unawaited-coroutine", severity = Severity.ERROR,
        summary = "A coroutine is created and dropped without await.",
        // What a call of the file's own code needs to be known to make a coroutine: an async def (or one
        // decorated or declared a coroutine, or an __await__ class), asyncio, a library of LibraryCoroutines,
        // an awaited stream. Calls of the project's coroutine functions are found in any file.
        needs = {"async", "await", "coroutine", "Coroutine", "CoroutineType", "__await__", "asyncio",
                "aiohttp", "httpx", "websockets", "asyncpg", "aiosqlite", "redis"},
        acrossModules = true)
public final class UnawaitedCoroutine implements Rule {

    /** asyncio functions and methods (value paths) that return a coroutine. */
    static final Set<String> ASYNCIO_COROUTINES = Set.of(
            "asyncio.sleep", "asyncio.wait_for", "asyncio.wait", "asyncio.to_thread", "asyncio.open_connection",
            "asyncio.start_server", "asyncio.open_unix_connection", "asyncio.start_unix_server",
            "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell", "asyncio.tasks.sleep",
            "asyncio.tasks.wait_for", "asyncio.tasks.wait",
            "asyncio.Queue().put", "asyncio.Queue().get", "asyncio.Queue().join",
            "asyncio.PriorityQueue().put", "asyncio.PriorityQueue().get", "asyncio.PriorityQueue().join",
            "asyncio.LifoQueue().put", "asyncio.LifoQueue().get", "asyncio.LifoQueue().join",
            "asyncio.Event().wait", "asyncio.Lock().acquire", "asyncio.Semaphore().acquire",
            "asyncio.BoundedSemaphore().acquire", "asyncio.Condition().wait", "asyncio.Condition().wait_for",
            "asyncio.Condition().acquire", "asyncio.Barrier().wait");

    private static final Set<String> READER_COROUTINES = Set.of("read", "readline", "readexactly", "readuntil");
    private static final Set<String> WRITER_COROUTINES = Set.of("drain", "wait_closed", "start_tls");

    /** Decorators that leave a coroutine function a coroutine function. */
    private static final Set<String> TRANSPARENT_DECORATORS = Set.of(
            "builtins.staticmethod", "builtins.classmethod", "abc.abstractmethod", "typing.override",
            "typing_extensions.override", "functools.wraps");

    /** Event-loop methods that call a callback and drop what it returns, with the callback's position. */
    private static final Map<String, Integer> LOOP_CALLBACKS = Map.of("call_soon", 0, "call_soon_threadsafe", 0,
            "call_later", 1, "call_at", 1, "add_signal_handler", 1, "add_reader", 1, "add_writer", 1,
            "run_in_executor", 1);

    /** Functions that call a callable on a thread or at exit and drop what it returns: the callable's position and keyword. */
    private static final Map<String, Map.Entry<Integer, String>> FUNCTION_CALLBACKS = Map.of(
            "threading.Thread", Map.entry(1, "target"), "threading.Timer", Map.entry(1, "function"),
            "atexit.register", Map.entry(0, "func"), "signal.signal", Map.entry(1, "handler"),
            "asyncio.to_thread", Map.entry(0, "func"), "asyncio.threads.to_thread", Map.entry(0, "func"));

    /** The last part of each name in {@link #FUNCTION_CALLBACKS}. */
    private static final java.util.Set<String> FUNCTION_CALLBACK_NAMES = FUNCTION_CALLBACKS.keySet().stream()
            .map(k -> k.substring(k.lastIndexOf('.') + 1)).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final Fix SCHEDULE_IT = Fix.display("Start the coroutine as a task, and keep it",
            """
            def on_signal():
                task = asyncio.create_task(shutdown())
                background_tasks.add(task)
                task.add_done_callback(background_tasks.discard)

            loop.add_signal_handler(signal.SIGTERM, on_signal)
            # from another thread: asyncio.run_coroutine_threadsafe(shutdown(), loop)""");

    @Override
    public void subscribe(Subscriptions on) {
        // Without the words it needs, no call of the file's own code is known to make a coroutine:
        // only calls of other modules' functions are looked up.
        boolean local = on.needsMet();
        on.on(Stmt.ExprStmt.class, (stmt, ctx) -> check(stmt, ctx, local));
        // A callback is found only at a call spelled like one of the takers (checkCallback): a file without those words has none.
        if (on.mayHave(CALLBACK_TAKERS)) on.on(Expr.Call.class, this::checkCallback);
    }

    /** The spellings of every call {@link #checkCallback} looks at: the loop's methods, add_done_callback, the functions' last names. */
    private static final Set<String> CALLBACK_TAKERS = java.util.stream.Stream.of(LOOP_CALLBACKS.keySet().stream(),
            java.util.stream.Stream.of("add_done_callback"), FUNCTION_CALLBACK_NAMES.stream())
            .flatMap(s -> s).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * {@code loop.add_signal_handler(SIGTERM, self.shutdown)} with {@code async def shutdown}: the loop
     * (a thread, a timer, a future's done-callback) calls it and drops the coroutine it returns; so
     * does a lambda that returns one ({@code lambda: self.shutdown()}).
     */
    private void checkCallback(Expr.Call call, RuleContext ctx) {
        String taker = Calls.method(call);
        Expr callback = null;
        if (taker != null && LOOP_CALLBACKS.containsKey(taker)) {
            int at = LOOP_CALLBACKS.get(taker);
            // Only asyncio's loop: tornado's IOLoop (call_later, add_callback) runs a returned coroutine.
            if (at < call.args().size() && AsyncioObjects.isEventLoop(ctx, Calls.receiver(call))) callback = call.args().get(at);
        } else if ("add_done_callback".equals(taker)) {
            callback = call.args().isEmpty() ? null : call.args().get(0);
        } else {
            // The rule runs on every file: only a callee spelled like one of the functions is resolved.
            String spelled = call.func() instanceof Expr.Name n ? n.id() : taker;
            if (spelled == null || !FUNCTION_CALLBACK_NAMES.contains(spelled)) return;
            String name = ctx.names().qualifiedName(call.func());
            Map.Entry<Integer, String> where = name == null ? null : FUNCTION_CALLBACKS.get(name);
            if (where == null) return;
            taker = name;
            callback = Calls.argument(call, where.getKey(), where.getValue());
        }
        // functools.partial(self.shutdown, reason) calls what it wraps and returns its result.
        if (callback instanceof Expr.Call partial && !partial.args().isEmpty()
                && "functools.partial".equals(ctx.names().qualifiedName(partial.func()))) {
            callback = partial.args().get(0);
        }
        if (callback == null) return;
        String takes = taker + "()";
        if (callback instanceof Expr.Lambda lambda) {
            if (!(lambda.body() instanceof Expr.Call made)) return;
            String what = coroutineCreated(ctx, made);
            if (what != null) {
                ctx.reporter().report(made, what + " creates a coroutine that the lambda returns to " + takes
                        + ", which never awaits it: its body never runs", SCHEDULE_IT);
            }
            return;
        }
        if (!(callback instanceof Expr.Name) && !(callback instanceof Expr.Attribute)) return;
        Stmt.FunctionDef def = LocalDefinitions.function(ctx, callback);
        String message = " is a coroutine function: " + takes + " calls it and never awaits the coroutine it returns, so its body never runs";
        if (def != null) {
            if (isCoroutineFunction(ctx, def)) ctx.reporter().report(callback, def.name() + message, SCHEDULE_IT);
            return;
        }
        String elsewhere = ctx.deferral().calleePath(callback);
        if (elsewhere == null || ctx.deferral().project().namesPlainSyncFunctionHere(elsewhere)) return;
        // The message names the taker: the decision is shared by the callbacks of one callee given to one taker.
        ctx.deferral().report(callback, takes + " " + elsewhere, project -> project.coroutineFunction(elsewhere) instanceof String name
                ? name + message : null, SCHEDULE_IT);
    }

    /**
     * An {@code async def} (not an async generator); a generator made a coroutine by
     * {@code @asyncio.coroutine} / {@code @types.coroutine}; or a plain def declared to return a
     * coroutine ({@code -> Coroutine[Any, Any, T]}, {@code -> CoroutineType[...]}, every member of a
     * union one). Other decorators may return anything, so they make it unknown.
     */
    private static boolean isCoroutineFunction(RuleContext ctx, Stmt.FunctionDef def) {
        if (def.isAsync()) return !FrameNodes.isGenerator(def) && transparentDecorators(ctx, def);
        boolean generatorCoroutine = false;
        for (Expr d : def.decorators()) {
            String name = ctx.names().qualifiedName(d);
            if (name != null && GENERATOR_COROUTINE_DECORATORS.contains(name)) {
                generatorCoroutine = true;
            } else if (name == null || !TRANSPARENT_DECORATORS.contains(name)) {
                return false;
            }
        }
        if (generatorCoroutine) return FrameNodes.isGenerator(def);
        return def.returns() != null && declaresCoroutine(ctx, def.returns());
    }

    /** Decorators that turn a generator function into a (generator-based) coroutine function. */
    private static final Set<String> GENERATOR_COROUTINE_DECORATORS = Set.of("asyncio.coroutine",
            "asyncio.coroutines.coroutine", "types.coroutine");

    /** The coroutine types a return annotation can name (only their subscript or bare name). */
    private static final Set<String> COROUTINE_TYPES = Set.of("typing.Coroutine", "collections.abc.Coroutine",
            "types.CoroutineType", "typing_extensions.Coroutine");

    private static boolean declaresCoroutine(RuleContext ctx, Expr annotation) {
        if (annotation instanceof Expr.BinOp union && "|".equals(union.op())) {
            return declaresCoroutine(ctx, union.left()) && declaresCoroutine(ctx, union.right());
        }
        Expr type = annotation instanceof Expr.Subscript s ? s.value() : annotation;
        String name = ctx.names().qualifiedName(type);
        return name != null && COROUTINE_TYPES.contains(name);
    }

    /**
     * {@code Handshake()} where the class of this file defines {@code __await__} (directly or in a
     * base of this file), has no base from elsewhere and no {@code __init__}: an awaitable made and dropped.
     */
    private static String awaitableCreated(RuleContext ctx, Expr.Call call) {
        if (!(ctx.names().definition(call.func()) instanceof Stmt.ClassDef cls)) return null;
        // A base of another module may construct with side effects of its own.
        for (Expr base : cls.bases()) {
            if (!(ctx.names().definition(base) instanceof Stmt.ClassDef)) return null;
        }
        Stmt.FunctionDef await = LocalDefinitions.method(ctx, cls, "__await__", 0);
        if (await == null || LocalDefinitions.method(ctx, cls, "__init__", 0) != null) return null;
        return cls.name() + "()";
    }

    private void check(Stmt.ExprStmt stmt, RuleContext ctx, boolean local) {
        if (!(stmt.value() instanceof Expr.Call call)) return;
        String what = local ? coroutineCreated(ctx, call) : null;
        String elsewhere = what == null ? ctx.deferral().calleePath(call.func()) : null;
        if (what == null && (elsewhere == null || ctx.deferral().project().namesPlainSyncFunctionHere(elsewhere))) return;
        Fix fix = null;
        if (ctx.walk().inCoroutine()) {
            SourceRange at = SourceRange.of(call.range().startLine(), call.range().startColumn());
            fix = Fix.safe("Await the coroutine", List.of(new Edit(at, "await ")));
        }
        if (what == null) {
            // A coroutine function of another module of the project (or a base class there, via super()).
            ctx.deferral().report(call, elsewhere, project -> project.coroutineFunction(elsewhere) instanceof String name
                    ? name + "() creates a coroutine that is never awaited, so its body never runs" : null, fix);
            return;
        }
        ctx.reporter().report(call, what + " creates a coroutine that is never awaited, so its body never runs", fix,
                inExitNeverEntered(ctx) ? dev.asyncguard.analysis.Confidence.LOW : dev.asyncguard.analysis.Confidence.HIGH);
    }

    /**
     * In {@code __exit__} of a class whose {@code __enter__} only raises ({@code raise TypeError("use
     * 'async with'")}, as async clients write to refuse a plain {@code with}): a {@code with} whose
     * enter raises never calls exit, so the call never runs. LOW.
     */
    private static boolean inExitNeverEntered(RuleContext ctx) {
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        Stmt.ClassDef owner = ctx.walk().enclosingClass();
        if (def == null || owner == null || !def.name().equals("__exit__")) return false;
        return owner.body().stream().anyMatch(s -> s instanceof Stmt.FunctionDef enter && enter.name().equals("__enter__")
                && !enter.body().isEmpty() && enter.body().stream().allMatch(b -> b instanceof Stmt.Raise
                        || b instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Constant));
    }

    /** A short description of the coroutine function called, or null when the call is not known to create one. */
    private static String coroutineCreated(RuleContext ctx, Expr.Call call) {
        // fetch = lambda: client.refresh(); fetch(): the lambda returns the coroutine its body makes.
        if (call.func() instanceof Expr.Name local && ctx.names().assignedValue(local) instanceof Expr.Lambda lambda
                && lambda.body() instanceof Expr.Call made && !(made.func() instanceof Expr.Name again && again.id().equals(local.id()))) {
            String inner = calledCoroutine(ctx, made);
            return inner == null ? null : local.id() + "() (a lambda returning " + inner + ")";
        }
        return calledCoroutine(ctx, call);
    }

    private static String calledCoroutine(RuleContext ctx, Expr.Call call) {
        Stmt.FunctionDef def = AsyncioObjects.calledFunction(ctx, call);
        if (def != null) {
            if (!isCoroutineFunction(ctx, def)) return null;
            return def.name() + "()";
        }
        String awaitable = awaitableCreated(ctx, call);
        if (awaitable != null) return awaitable;
        String path = ctx.names().valuePath(call.func());
        if (path != null && ASYNCIO_COROUTINES.contains(path)) {
            return Calls.shortText(ctx, call.func()) + "()";
        }
        if (LibraryCoroutines.createsCoroutine(ctx, call)) return Calls.shortText(ctx, call.func()) + "()";
        String method = Calls.method(call);
        if (method != null && Calls.receiver(call) instanceof Expr.Name stream) {
            int role = streamRole(ctx, stream);
            if ((role == 0 && READER_COROUTINES.contains(method)) || (role == 1 && WRITER_COROUTINES.contains(method))) {
                return Calls.shortText(ctx, call.func()) + "()";
            }
        }
        return null;
    }

    /**
     * {@code reader, writer = await asyncio.open_connection(...)}: 0 for the reader, 1 for the
     * writer, -1 for anything else.
     */
    private static int streamRole(RuleContext ctx, Expr.Name name) {
        Binding b = ctx.names().binding(name);
        if (b == null || !(b.node() instanceof Stmt.Assign assign) || assign.targets().size() != 1) return -1;
        if (!(assign.targets().get(0) instanceof Expr.Tuple pair) || pair.elts().size() != 2) return -1;
        if (!(assign.value() instanceof Expr.Await await) || !AsyncioObjects.calls(ctx, await.value(),
                "asyncio.open_connection", "asyncio.open_unix_connection", "asyncio.streams.open_connection")) {
            return -1;
        }
        for (int i = 0; i < 2; i++) {
            if (pair.elts().get(i) instanceof Expr.Name n && n.id().equals(name.id())) return i;
        }
        return -1;
    }

    private static boolean transparentDecorators(RuleContext ctx, Stmt.FunctionDef def) {
        for (Expr d : def.decorators()) {
            Expr callee = d instanceof Expr.Call c ? c.func() : d;
            String name = ctx.names().qualifiedName(callee);
            if (name == null || !TRANSPARENT_DECORATORS.contains(name)) return false;
        }
        return true;
    }
}
