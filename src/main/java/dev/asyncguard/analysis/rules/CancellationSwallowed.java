package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.ExceptHandler;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;
import dev.asyncguard.python.ast.WithItem;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * AG304: a handler in a coroutine that catches {@code CancelledError} (by name, as
 * {@code BaseException}, bare, or through {@code contextlib.suppress}) and lets it end there.
 *
 * <p>Only handlers around code that can be cancelled are reported: the protected block must
 * suspend ({@code await}, {@code async for/with}). Awaiting a task that this function itself
 * cancelled before is the documented way to wait for it to finish, and is not reported.
 */
@RuleInfo(code = "AG304", name = "cancellation-swallowed", needs = "async", severity = Severity.WARNING,
        inTests = false,
        summary = "CancelledError caught in a coroutine and not re-raised.",
        equivalents = {"ASYNC103", "ASYNC104"})
public final class CancellationSwallowed implements Rule {

    private static final Set<String> CANCELLED = Set.of(
            "asyncio.CancelledError", "asyncio.exceptions.CancelledError", "builtins.BaseException",
            "CancelledError");

    private static final Fix RERAISE = Fix.display("Re-raise the cancellation",
            """
            except asyncio.CancelledError:
                ...  # clean up
                raise""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.Try.class, this::checkTry);
        on.on(Stmt.With.class, this::checkSuppress);
    }

    private void checkTry(Stmt.Try stmt, RuleContext ctx) {
        if (!ctx.walk().inCoroutine() || !FrameNodes.suspends(stmt.body()) || trioOnly(ctx)) return;
        for (ExceptHandler handler : stmt.handlers()) {
            if (!catchesCancelled(ctx, handler.type())) continue;
            // The first handler that catches the cancellation takes it: the later ones never see it.
            if (reraises(handler.body()) || delegatesToRaisingHelper(ctx, handler) || keptForLaterRaise(ctx, handler)
                    || forwards(handler)) {
                return;
            }
            if (awaitsOnlyCancelledTasks(ctx, stmt.body(), stmt)) return;
            boolean goesOn = goesOnAfter(ctx, stmt, handler.body());
            ctx.reporter().report(new dev.asyncguard.python.ast.SourceRange(handler.range().startLine(),
                            handler.range().startColumn(), handler.range().startLine(), handler.range().startColumn() + 6),
                    describe(ctx, handler.type()) + " catches the task's cancellation and does not re-raise it: "
                            + (goesOn ? "the task keeps running, and timeouts and task groups relying on it break"
                                      : "the coroutine then ends as if it had finished, so a timeout or task group "
                                        + "around it does not see the cancellation"),
                    RERAISE, waitsOnOthers(ctx, stmt.body()) || catchesTimeout(ctx, handler.type())
                            || endsRunLoop(ctx, stmt, handler) || runsAloneOnThread(ctx) ? Confidence.LOW : confidence(ctx, handler, goesOn));
            return;
        }
    }

    /**
     * HIGH when the code goes on awaiting after the handler and nothing says the catch is meant: a
     * handler that ends the coroutine (the task stops anyway), one with a comment (written on
     * purpose), or a catch-all that logs or keeps the exception (an outermost wrapper) is LOW.
     */
    private static Confidence confidence(RuleContext ctx, ExceptHandler handler, boolean goesOn) {
        if (!goesOn || commented(ctx, handler) || showsToUser(handler)) return Confidence.LOW;
        boolean catchAll = handler.type() == null || !explicitlyCancelled(ctx, handler.type());
        boolean usesException = handler.name() != null && FrameNodes.any(handler.body(),
                n -> n instanceof Expr.Name nm && nm.id().equals(handler.name()));
        return catchAll && usesException ? Confidence.LOW : Confidence.HIGH;
    }

    /**
     * An interactive interpreter's handler ({@code self.showtraceback()}, as in
     * {@code code.InteractiveInterpreter.runcode}): the user's code was interrupted, often by the
     * console's own Ctrl-C handler cancelling it, and the console shows that and reads the next input.
     */
    private static boolean showsToUser(ExceptHandler handler) {
        return FrameNodes.any(handler.body(), n -> n instanceof Expr.Call c && Calls.method(c) != null
                && (Calls.method(c).equals("showtraceback") || Calls.method(c).equals("showsyntaxerror")));
    }

    /**
     * The task's outermost wrapper: the try sits in the coroutine's body (directly, or only inside
     * {@code with} blocks: no loop or branch around it), the handler falls through, and what follows
     * is straight-line cleanup (no loop) before the coroutine ends; the try holds the coroutine's run
     * loop, or the handler names {@code CancelledError} itself in a coroutine that the file only
     * ever starts as a task (never awaits: no caller waits to see the cancellation). The
     * cancellation is how the task is told to stop; the cleanup after it (a goodbye message,
     * closing the runner, reporting the end) is the point.
     */
    private static boolean endsRunLoop(RuleContext ctx, Stmt.Try stmt, ExceptHandler handler) {
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        Node top = outermostWith(ctx, stmt);
        if (def == null || !FrameNodes.containsSame(def.body(), top)) return false;
        Stmt last = handler.body().isEmpty() ? null : handler.body().get(handler.body().size() - 1);
        if (last instanceof Stmt.Continue || last instanceof Stmt.Break) return false;
        boolean runLoop = holdsRunLoop(stmt.body());
        boolean loopsAfter = FrameNodes.any(after(def.body(), top), n -> n instanceof Stmt.While || n instanceof Stmt.For);
        if (runLoop) return !loopsAfter || onlyStartedAsTask(ctx, def);   // the whole-file scan only when it decides
        return !loopsAfter && handler.type() != null && explicitlyCancelled(ctx, handler.type())
                && onlyStartedAsTask(ctx, def);
    }

    /** A loop that suspends among the statements: the coroutine's run loop. */
    private static boolean holdsRunLoop(List<Stmt> body) {
        return body.stream().anyMatch(s -> (s instanceof Stmt.While || s instanceof Stmt.For)
                && FrameNodes.suspends(List.of(s)));
    }

    /**
     * {@code with suppress(CancelledError):} around the run loop of a coroutine that the file only
     * ever starts as a task, in the coroutine's body (no loop or branch around it): the owner stops
     * the background task by cancelling it, and what follows is the task's own shutdown (closing
     * sockets, draining what is left), which the owner waits for when it awaits the task.
     */
    private static boolean stopsBackgroundTask(RuleContext ctx, Stmt.With stmt) {
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        return def != null && FrameNodes.containsSame(def.body(), outermostWith(ctx, stmt)) && holdsRunLoop(stmt.body())
                && onlyStartedAsTask(ctx, def);
    }

    /**
     * Whether the file starts {@code def} as a task ({@code create_task(self.name(...))},
     * {@code ensure_future(name(...))}) and never awaits a call of it.
     */
    private static boolean onlyStartedAsTask(RuleContext ctx, Stmt.FunctionDef def) {
        boolean[] started = {false};
        boolean[] awaited = {false};
        FrameNodes.wholeFile(ctx, n -> {
            if (n instanceof Expr.Await a && callsDef(a.value(), def)) awaited[0] = true;
            if (n instanceof Expr.Call c && !c.args().isEmpty() && callsDef(c.args().get(0), def)
                    && ("create_task".equals(Calls.method(c)) || "ensure_future".equals(Calls.method(c))
                        || c.func() instanceof Expr.Name f && (f.id().equals("create_task") || f.id().equals("ensure_future")))) {
                started[0] = true;
            }
        });
        return started[0] && !awaited[0];
    }

    private static boolean callsDef(Expr e, Stmt.FunctionDef def) {
        return e instanceof Expr.Call c && (c.func() instanceof Expr.Name n && n.id().equals(def.name())
                || c.func() instanceof Expr.Attribute at && at.attr().equals(def.name()));
    }

    /** The outermost of the {@code with} blocks that {@code stmt} sits in directly, or {@code stmt} itself. */
    private static Node outermostWith(RuleContext ctx, Stmt stmt) {
        List<Node> up = ctx.walk().ancestors();
        Node child = stmt;
        for (int i = up.size() - 1; i >= 0; i--) {
            if (!(up.get(i) instanceof Stmt.With w) || !FrameNodes.containsSame(w.body(), child)) break;
            child = w;
        }
        return child;
    }

    /**
     * The try awaits a future or task (a name or attribute) or waits on others ({@code wait},
     * {@code wait_for}, {@code gather}, {@code shield}): the CancelledError caught is often theirs,
     * cancelled elsewhere, and catching it is meant.
     */
    private static boolean waitsOnOthers(RuleContext ctx, List<Stmt> body) {
        return FrameNodes.any(body, n -> n instanceof Expr.Await a && (a.value() instanceof Expr.Name
                || a.value() instanceof Expr.Attribute
                || (a.value() instanceof Expr.Call c && AsyncioObjects.calls(ctx, c, "asyncio.wait", "asyncio.wait_for",
                        "asyncio.gather", "asyncio.shield", "asyncio.tasks.wait", "asyncio.tasks.wait_for"))));
    }

    /** {@code except (TimeoutError, CancelledError)}: the timeout machinery's own handling. */
    private static boolean catchesTimeout(RuleContext ctx, Expr type) {
        if (!(type instanceof Expr.Tuple t)) return false;
        return t.elts().stream().anyMatch(e -> isTimeout(ctx, e));
    }

    private static boolean isTimeout(RuleContext ctx, Expr e) {
        String name = ctx.names().qualifiedName(e);
        return name != null && name.endsWith("TimeoutError");
    }

    private static boolean explicitlyCancelled(RuleContext ctx, Expr type) {
        if (type instanceof Expr.Tuple t) return t.elts().stream().anyMatch(e -> explicitlyCancelled(ctx, e));
        String name = ctx.names().qualifiedName(type);
        return name != null && name.endsWith("CancelledError");
    }

    private static List<Stmt> after(List<Stmt> block, Node child) {
        int at = FrameNodes.indexOfSame(block, child);
        return at < 0 ? List.of() : block.subList(at + 1, block.size());
    }

    /** A comment inside the handler's body explains it: the catch is meant. */
    private static boolean commented(RuleContext ctx, ExceptHandler handler) {
        int from = handler.range().startLine() + 1;
        int to = handler.range().endLine();
        for (dev.asyncguard.python.ast.Comment c : ctx.comments()) {
            if (c.line() >= from && c.line() <= to) return true;
        }
        return false;
    }

    /** {@code except BaseException as e: fut.set_exception(e)}: the cancellation is handed on, not lost. */
    private static boolean forwards(ExceptHandler handler) {
        if (handler.name() == null) return false;
        return FrameNodes.any(handler.body(), n -> n instanceof Expr.Call c
                && ("set_exception".equals(Calls.method(c)) || "throw".equals(Calls.method(c)))
                && c.args().stream().anyMatch(a -> a instanceof Expr.Name nm && nm.id().equals(handler.name())));
    }

    /** A module that uses trio and not asyncio: trio's cancellation is not CancelledError, and its rules differ. */
    private static boolean trioOnly(RuleContext ctx) {
        boolean trio = false;
        for (Stmt s : ctx.module().body()) {
            String imported = switch (s) {
                case Stmt.Import i -> i.names().isEmpty() ? "" : i.names().get(0).name();
                case Stmt.ImportFrom f -> f.module() == null ? "" : f.module();
                default -> "";
            };
            if (imported.equals("asyncio") || imported.startsWith("asyncio.") || imported.equals("anyio")) return false;
            if (imported.equals("trio") || imported.startsWith("trio.")) trio = true;
        }
        return trio;
    }

    /**
     * Whether the coroutine goes on suspending after the handler {@code body} of {@code stmt} (the
     * statement being visited) has run: a {@code continue}, more awaits after the try, or a loop
     * around it that runs again. A handler ending in {@code return}, or in {@code break} out of a
     * loop after which nothing awaits, ends the coroutine.
     */
    private static boolean goesOnAfter(RuleContext ctx, Stmt stmt, List<Stmt> body) {
        Stmt last = body.isEmpty() ? null : body.get(body.size() - 1);
        if (last instanceof Stmt.Return) return false;
        if (last instanceof Stmt.Continue) return true;
        boolean breaking = last instanceof Stmt.Break;
        List<Node> up = ctx.walk().ancestors();
        Node child = stmt;
        for (int i = up.size() - 1; i >= 0; i--) {
            Node a = up.get(i);
            if (a instanceof Stmt.FunctionDef f) return FrameNodes.suspends(after(f.body(), child));
            boolean loop = a instanceof Stmt.For || a instanceof Stmt.While;
            List<List<Stmt>> blocks = a instanceof ExceptHandler h ? List.of(h.body())
                    : a instanceof Stmt s ? StatementBlocks.nestedBlocks(s) : List.of();
            for (List<Stmt> block : blocks) {
                int at = FrameNodes.indexOfSame(block, child);
                if (at < 0) continue;
                if (loop && !breaking && (a instanceof Stmt.For f ? f.body() : ((Stmt.While) a).body()) == block) {
                    return true;
                }
                // A break skips the rest of each block up to its loop.
                if (!breaking && FrameNodes.suspends(block.subList(at + 1, block.size()))) return true;
            }
            if (a instanceof Stmt.Try t && !FrameNodes.containsSame(t.finalbody(), child) && FrameNodes.suspends(t.finalbody())) {
                return true;
            }
            if (loop) breaking = false;
            child = a;
        }
        return false;
    }

    private void checkSuppress(Stmt.With stmt, RuleContext ctx) {
        if (stmt.isAsync() || !ctx.walk().inCoroutine() || !FrameNodes.suspends(stmt.body()) || trioOnly(ctx)) return;
        for (WithItem item : stmt.items()) {
            if (!(item.contextExpr() instanceof Expr.Call call)) continue;
            if (!AsyncioObjects.calls(ctx, call, "contextlib.suppress")) continue;
            boolean catches = call.args().stream().anyMatch(a -> catchesCancelled(ctx, a));
            if (!catches) continue;
            if (awaitsOnlyCancelledTasks(ctx, stmt.body(), stmt)) return;
            boolean goesOn = goesOnAfter(ctx, stmt, List.of());
            ctx.reporter().report(call, "suppress() swallows the task's cancellation: " + (goesOn
                    ? "the task keeps running, and timeouts and task groups relying on it break"
                    : "the coroutine then ends as if it had finished, so a timeout or task group around it does not "
                      + "see the cancellation"), RERAISE, goesOn && !waitsOnOthers(ctx, stmt.body())
                    && call.args().stream().noneMatch(a -> isTimeout(ctx, a)) && !stopsBackgroundTask(ctx, stmt)
                    && !runsAloneOnThread(ctx) ? Confidence.HIGH : Confidence.LOW);
            return;
        }
    }

    /**
     * In a coroutine that a thread runs alone on a loop of its own ({@link PrivateLoopCoroutines}):
     * nothing on that loop cancels it (a thread stops it by a flag or an event, as a rule).
     */
    private static boolean runsAloneOnThread(RuleContext ctx) {
        return ctx.facts().get(PrivateLoopCoroutines.class, PrivateLoopCoroutines::of).runsAloneOnThread(ctx.walk().enclosingFunction());
    }

    /** Whether an except clause's type catches CancelledError; a bare {@code except:} (null) does. */
    private static boolean catchesCancelled(RuleContext ctx, Expr type) {
        if (type == null) return true;
        if (type instanceof Expr.Tuple t) return t.elts().stream().anyMatch(e -> catchesCancelled(ctx, e));
        String name = ctx.names().qualifiedName(type);
        return name != null && CANCELLED.contains(name);
    }

    private static String describe(RuleContext ctx, Expr type) {
        return type == null ? "bare 'except:'" : "'except " + Calls.shortText(ctx, type) + "'";
    }

    /** Any {@code raise} in the handler's own code counts, conditional or converting: precision first. */
    private static boolean reraises(List<Stmt> body) {
        return FrameNodes.any(body, n -> n instanceof Stmt.Raise
                || (n instanceof Expr.Call c && "uncancel".equals(Calls.method(c))));
    }

    /**
     * {@code except BaseException as exc: self._convert_error(exc)}: the caught exception is handed
     * to a function of this file that raises (or is declared {@code NoReturn}); it decides.
     */
    private static boolean delegatesToRaisingHelper(RuleContext ctx, ExceptHandler handler) {
        if (handler.name() == null) return false;
        return FrameNodes.any(handler.body(), n -> n instanceof Expr.Call c
                && c.args().stream().anyMatch(a -> a instanceof Expr.Name nm && nm.id().equals(handler.name()))
                && AsyncioObjects.calledFunction(ctx, c) instanceof Stmt.FunctionDef f
                && (FrameNodes.any(f.body(), x -> x instanceof Stmt.Raise) || declaresNoReturn(ctx, f)));
    }

    /** {@code except BaseException as e: pending = e} ... {@code raise pending}: re-raised later in the function. */
    private static boolean keptForLaterRaise(RuleContext ctx, ExceptHandler handler) {
        if (handler.name() == null || ctx.walk().enclosingFunction() == null) return false;
        Set<String> keptIn = new HashSet<>();
        FrameNodes.walk(handler.body(), n -> {
            if (n instanceof Stmt.Assign a && a.value() instanceof Expr.Name v && v.id().equals(handler.name())) {
                for (Expr t : a.targets()) if (t instanceof Expr.Name target) keptIn.add(target.id());
            }
        });
        if (keptIn.isEmpty()) return false;
        return FrameNodes.any(ctx.walk().enclosingFunction().body(), n -> n instanceof Stmt.Raise r && r.exc() != null
                && FrameNodes.any(r.exc(), x -> x instanceof Expr.Name name && keptIn.contains(name.id())));
    }

    private static boolean declaresNoReturn(RuleContext ctx, Stmt.FunctionDef f) {
        String name = f.returns() == null ? null : ctx.names().qualifiedName(f.returns());
        return name != null && (name.endsWith("NoReturn") || name.endsWith("Never"));
    }

    /**
     * Whether every await in {@code body} waits for something this function cancelled earlier
     * ({@code t.cancel()} before the block, or a loop cancelling each of a collection), directly or
     * through {@code gather}/{@code wait}/{@code wait_for}.
     */
    private static boolean awaitsOnlyCancelledTasks(RuleContext ctx, List<Stmt> body, Node block) {
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        if (def == null) return false;
        Set<String> cancelled = cancelledBefore(ctx, def, block);
        if (cancelled.isEmpty()) return false;
        boolean[] onlyCancelled = {true};
        boolean[] any = {false};
        FrameNodes.walk(body, n -> {
            if (n instanceof Expr.Await a) {
                any[0] = true;
                if (!isCancelledRef(ctx, a.value(), cancelled)) onlyCancelled[0] = false;
            } else if (FrameNodes.isSuspension(n)) {
                onlyCancelled[0] = false;
            }
        });
        return any[0] && onlyCancelled[0];
    }

    private static boolean isCancelledRef(RuleContext ctx, Expr e, Set<String> cancelled) {
        if (e instanceof Expr.Starred s) return isCancelledRef(ctx, s.value(), cancelled);
        if (e instanceof Expr.Call call && AsyncioObjects.calls(ctx, call, "asyncio.gather", "asyncio.wait",
                "asyncio.wait_for", "asyncio.shield")) {
            List<Expr> waited = call.args();
            if (waited.isEmpty()) return false;
            if (AsyncioObjects.calls(ctx, call, "asyncio.wait_for", "asyncio.shield")) waited = waited.subList(0, 1);
            return waited.stream().allMatch(a -> isCancelledRef(ctx, a, cancelled));
        }
        if (e instanceof Expr.SetExpr s) return s.elts().stream().allMatch(a -> isCancelledRef(ctx, a, cancelled));
        if (e instanceof Expr.ListExpr l) return l.elts().stream().allMatch(a -> isCancelledRef(ctx, a, cancelled));
        if (!(e instanceof Expr.Name || e instanceof Expr.Attribute)) return false;
        if (cancelled.contains(text(ctx, e))) return true;
        // for t in tasks: await t   (after cancelling each of tasks)
        if (e instanceof Expr.Name name) {
            for (Node block : ctx.walk().enclosingBlocks()) {
                if (block instanceof Stmt.For loop && loop.target() instanceof Expr.Name var
                        && var.id().equals(name.id()) && cancelled.contains(text(ctx, loop.iter()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The texts of what {@code def} cancels before {@code block} starts: {@code x.cancel()}, each
     * of {@code xs} in a loop or a list comprehension ({@code [t.cancel() for t in xs]}), or the
     * task given to {@code wait_for(task, timeout)}, which cancels it on timeout.
     */
    private static Set<String> cancelledBefore(RuleContext ctx, Stmt.FunctionDef def, Node block) {
        Set<String> out = new HashSet<>();
        int line = block.range().startLine();
        FrameNodes.walk(def.body(), n -> {
            if (n.range().startLine() >= line) return;
            if (n instanceof Expr.Call c && "cancel".equals(Calls.method(c)) && c.args().isEmpty()) {
                out.add(text(ctx, Calls.receiver(c)));
            }
            // wait_for(task, timeout) cancels the task when the time is up.
            if (n instanceof Expr.Call c && !c.args().isEmpty() && !(c.args().get(0) instanceof Expr.Call)
                    && AsyncioObjects.calls(ctx, c, "asyncio.wait_for", "asyncio.tasks.wait_for")) {
                out.add(text(ctx, c.args().get(0)));
            }
            if (n instanceof Expr.ListComp comp && comp.generators().size() == 1
                    && comp.generators().get(0).target() instanceof Expr.Name var
                    && comp.elt() instanceof Expr.Call c && "cancel".equals(Calls.method(c))
                    && Calls.receiver(c) instanceof Expr.Name r && r.id().equals(var.id())) {
                out.add(text(ctx, comp.generators().get(0).iter()));
            }
            if (n instanceof Stmt.For loop && loop.target() instanceof Expr.Name var
                    && FrameNodes.any(loop.body(), x -> x instanceof Expr.Call c && "cancel".equals(Calls.method(c))
                    && Calls.receiver(c) instanceof Expr.Name r && r.id().equals(var.id()))) {
                out.add(text(ctx, loop.iter()));
            }
        });
        return out;
    }

    private static String text(RuleContext ctx, Expr e) {
        return ctx.source().slice(e.range()).replaceAll("\\s+", "");
    }
}
