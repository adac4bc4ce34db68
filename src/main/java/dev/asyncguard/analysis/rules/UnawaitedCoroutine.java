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
import java.util.Set;

/**
 * AG302: a coroutine created and dropped never runs. Only calls known to create a coroutine are
 * reported: an undecorated (or harmlessly decorated) {@code async def} of this file or the project,
 * a coroutine function of asyncio itself, or a coroutine method of a well-known asyncio library's
 * object ({@link LibraryCoroutines}).
 */
@RuleInfo(code = "AG302", name = "unawaited-coroutine", severity = Severity.ERROR,
        summary = "A coroutine is created and dropped without await.")
public final class UnawaitedCoroutine implements Rule {

    /** asyncio functions and methods (value paths) that return a coroutine. */
    private static final Set<String> ASYNCIO_COROUTINES = Set.of(
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

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.ExprStmt.class, this::check);
    }

    private void check(Stmt.ExprStmt stmt, RuleContext ctx) {
        if (!(stmt.value() instanceof Expr.Call call)) return;
        String what = coroutineCreated(ctx, call);
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
        ctx.reporter().report(call, what + " creates a coroutine that is never awaited, so its body never runs", fix);
    }

    /** A short description of the coroutine function called, or null when the call is not known to create one. */
    private static String coroutineCreated(RuleContext ctx, Expr.Call call) {
        Stmt.FunctionDef def = AsyncioObjects.calledFunction(ctx, call);
        if (def != null) {
            if (!def.isAsync() || FrameNodes.isGenerator(def) || !transparentDecorators(ctx, def)) return null;
            return def.name() + "()";
        }
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
