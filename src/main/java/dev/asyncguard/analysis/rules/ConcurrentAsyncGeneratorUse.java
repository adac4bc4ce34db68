package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.names.Binding;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AG502: one async generator stepped ({@code anext}, {@code __anext__}, {@code asend},
 * {@code athrow}) in two tasks at once. In source order within a coroutine, a step handed to a
 * task ({@code create_task}, {@code ensure_future}, a TaskGroup) or to {@code gather} stays pending
 * until its task is awaited; a second step scheduled meanwhile, or a step scheduled repeatedly
 * by a comprehension or a loop that does not await it, is reported.
 */
@RuleInfo(code = "AG502", name = "concurrent-async-generator-use", needs = {"anext", "__anext__", "asend", "athrow"}, severity = Severity.ERROR,
        summary = "One async generator stepped from two tasks at once.")
public final class ConcurrentAsyncGeneratorUse implements Rule {

    private static final Set<String> STEP_METHODS = Set.of("__anext__", "asend", "athrow");
    private static final String ANONYMOUS = "";

    private static final Fix STEP_SEQUENTIALLY = Fix.display("Step the generator from one task at a time",
            """
            first = await anext(pages)
            second = await anext(pages)""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.FunctionDef.class, (def, ctx) -> {
            if (def.isAsync()) scan(def, ctx);
        });
    }

    /** A scheduled step: the generator's text, the step call, and the name of the task holding it (if any). */
    private record Step(String generator, Expr.Call call, String task) {}

    private void scan(Stmt.FunctionDef def, RuleContext ctx) {
        Map<String, Set<String>> pending = new HashMap<>();
        for (Stmt s : flatten(def.body())) {
            for (Step step : scheduledSteps(ctx, s)) {
                Set<String> tasks = pending.computeIfAbsent(step.generator(), k -> new HashSet<>());
                if (!tasks.isEmpty() || repeated(ctx, def, s, step)) {
                    ctx.reporter().report(step.call(), "'" + step.generator() + "' is stepped here while another step of it "
                            + "is still scheduled: an async generator runs one step at a time (RuntimeError: "
                            + "asynchronous generator is already running)", STEP_SEQUENTIALLY);
                }
                tasks.add(step.task());
            }
            if (pending.isEmpty()) continue; // nothing scheduled yet: nothing an await could finish
            for (String awaited : awaitedNames(header(s))) {
                for (Set<String> tasks : pending.values()) tasks.remove(awaited);
            }
            if (awaitsGatherIn(ctx, header(s))) {
                for (Set<String> tasks : pending.values()) tasks.remove(ANONYMOUS);
            }
        }
    }

    /** Simple statements in source order, compound statements' headers before their bodies (the frame only). */
    private static List<Stmt> flatten(List<Stmt> body) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : body) {
            out.add(s);
            switch (s) {
                case Stmt.If i -> { out.addAll(flatten(i.body())); out.addAll(flatten(i.orelse())); }
                case Stmt.For f -> { out.addAll(flatten(f.body())); out.addAll(flatten(f.orelse())); }
                case Stmt.While w -> { out.addAll(flatten(w.body())); out.addAll(flatten(w.orelse())); }
                case Stmt.With w -> out.addAll(flatten(w.body()));
                case Stmt.Try t -> {
                    out.addAll(flatten(t.body()));
                    t.handlers().forEach(h -> out.addAll(flatten(h.body())));
                    out.addAll(flatten(t.orelse()));
                    out.addAll(flatten(t.finalbody()));
                }
                default -> { }
            }
        }
        return out;
    }

    /** The parts of a statement that run when its line runs (a compound statement's header, not its body). */
    private static List<Node> header(Stmt s) {
        return switch (s) {
            case Stmt.If i -> List.of(i.test());
            case Stmt.While w -> List.of(w.test());
            case Stmt.For f -> List.of(f.iter());
            case Stmt.With w -> new ArrayList<>(w.items());
            case Stmt.Try t -> List.of();
            case Stmt.FunctionDef d -> List.of();
            case Stmt.ClassDef c -> List.of();
            default -> List.of(s);
        };
    }

    private static List<Step> scheduledSteps(RuleContext ctx, Stmt s) {
        List<Step> out = new ArrayList<>();
        String assignedTo = s instanceof Stmt.Assign a && a.targets().size() == 1
                && a.targets().get(0) instanceof Expr.Name n ? n.id() : null;
        FrameNodes.walk(header(s), n -> {
            if (!(n instanceof Expr.Call scheduler) || !hasCallArgument(scheduler)) return; // a step is a call
            boolean task = isTaskScheduler(ctx, scheduler);
            boolean gather = AsyncioObjects.calls(ctx, scheduler, "asyncio.gather", "asyncio.tasks.gather");
            if (!task && !gather) return;
            for (Expr arg : scheduler.args()) {
                String gen = steppedGenerator(ctx, arg);
                if (gen == null) continue;
                boolean direct = s instanceof Stmt.Assign a && a.value() == scheduler;
                out.add(new Step(gen, (Expr.Call) arg, task && direct && assignedTo != null ? assignedTo : ANONYMOUS));
            }
        });
        return out;
    }

    private static boolean hasCallArgument(Expr.Call call) {
        for (Expr arg : call.args()) if (arg instanceof Expr.Call) return true;
        return false;
    }

    private static boolean isTaskScheduler(RuleContext ctx, Expr.Call call) {
        return AsyncioObjects.createsTask(ctx, call) || "create_task".equals(Calls.method(call));
    }

    /** The generator's text when {@code e} is {@code anext(g)} or {@code g.__anext__()/asend()/athrow()}. */
    private static String steppedGenerator(RuleContext ctx, Expr e) {
        if (!(e instanceof Expr.Call call)) return null;
        Expr gen = null;
        if (AsyncioObjects.calls(ctx, call, "builtins.anext") && !call.args().isEmpty()) {
            gen = call.args().get(0);
        } else if (Calls.method(call) != null && STEP_METHODS.contains(Calls.method(call))) {
            gen = Calls.receiver(call);
        }
        if (!(gen instanceof Expr.Name || gen instanceof Expr.Attribute) || knownNotAnAsyncGenerator(ctx, gen)) {
            return null;
        }
        return ctx.source().slice(gen.range());
    }

    /** A name bound to a call of a function or class of this file that is not an async generator function. */
    private static boolean knownNotAnAsyncGenerator(RuleContext ctx, Expr gen) {
        if (!(gen instanceof Expr.Name name)) return false;
        Binding b = ctx.names().binding(name);
        if (b == null || !(b.value() instanceof Expr.Call call)) return false;
        if (ctx.names().definition(call.func()) instanceof Stmt.ClassDef) return true;
        Stmt.FunctionDef f = AsyncioObjects.calledFunction(ctx, call);
        return f != null && !AsyncGenerators.isAsyncGenerator(f);
    }

    /** A step scheduled inside a comprehension, or in a loop that does not await its task, runs once per iteration. */
    private static boolean repeated(RuleContext ctx, Stmt.FunctionDef def, Stmt s, Step step) {
        if (inComprehension(s, step.call())) return true;
        Stmt loop = enclosingLoop(def.body(), s, null);
        if (loop == null) return false;
        List<Stmt> body = loop instanceof Stmt.For f ? f.body() : ((Stmt.While) loop).body();
        if (step.task().equals(ANONYMOUS)) return !awaitsGatherIn(ctx, body);
        return !awaitedNames(body).contains(step.task());
    }

    private static boolean inComprehension(Stmt s, Expr.Call call) {
        boolean[] found = {false};
        FrameNodes.walk(s, n -> {
            if (n instanceof Expr.ListComp || n instanceof Expr.SetComp || n instanceof Expr.DictComp
                    || n instanceof Expr.GeneratorExp) {
                FrameNodes.walk(n, x -> {
                    if (x == call) found[0] = true;
                });
            }
        });
        return found[0];
    }

    private static Stmt enclosingLoop(List<Stmt> body, Stmt target, Stmt loop) {
        for (Stmt s : body) {
            if (s == target) return loop;
            Stmt found = switch (s) {
                case Stmt.For f -> first(enclosingLoop(f.body(), target, f), enclosingLoop(f.orelse(), target, loop));
                case Stmt.While w -> first(enclosingLoop(w.body(), target, w), enclosingLoop(w.orelse(), target, loop));
                case Stmt.If i -> first(enclosingLoop(i.body(), target, loop), enclosingLoop(i.orelse(), target, loop));
                case Stmt.With w -> enclosingLoop(w.body(), target, loop);
                case Stmt.Try t -> {
                    Stmt r = first(enclosingLoop(t.body(), target, loop), enclosingLoop(t.orelse(), target, loop));
                    r = first(r, enclosingLoop(t.finalbody(), target, loop));
                    for (var h : t.handlers()) r = first(r, enclosingLoop(h.body(), target, loop));
                    yield r;
                }
                default -> null;
            };
            if (found != null) return found;
        }
        return null;
    }

    private static Stmt first(Stmt a, Stmt b) {
        return a != null ? a : b;
    }

    /** Names that appear inside an await of this code: those tasks have finished when it resumes. */
    private static Set<String> awaitedNames(Node n) {
        return awaitedNames(List.of(n));
    }

    private static Set<String> awaitedNames(List<? extends Node> code) {
        Set<String> out = new HashSet<>();
        FrameNodes.walk(code, x -> {
            if (x instanceof Expr.Await a) {
                FrameNodes.walk(a.value(), y -> {
                    if (y instanceof Expr.Name name) out.add(name.id());
                });
            }
        });
        return out;
    }

    private static boolean awaitsGatherIn(RuleContext ctx, List<? extends Node> code) {
        return FrameNodes.any(code, x -> x instanceof Expr.Await a
                && AsyncioObjects.calls(ctx, a.value(), "asyncio.gather", "asyncio.tasks.gather"));
    }
}
