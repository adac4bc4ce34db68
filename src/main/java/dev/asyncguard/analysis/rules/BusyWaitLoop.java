package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.names.Binding;
import dev.asyncguard.analysis.names.Scope;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Set;

/**
 * AG307: {@code while <condition>: await asyncio.sleep(...)}, polling state that another task
 * changes. The condition must read something shared (an attribute, an item, a method's answer,
 * a module or closure variable); a loop that watches the clock is a timer, not a busy wait.
 */
@RuleInfo(code = "AG307", name = "busy-wait-loop", needs = "async", severity = Severity.INFO,
        inTests = false, inScripts = false,
        summary = "Polling shared state with while ...: await asyncio.sleep().", equivalents = {"ASYNC110"})
public final class BusyWaitLoop implements Rule {

    private static final String[] SLEEPS = {"asyncio.sleep", "asyncio.tasks.sleep", "anyio.sleep", "trio.sleep"};

    private static final Set<String> CLOCK_METHODS = Set.of("time", "monotonic", "perf_counter", "now", "utcnow",
            "monotonic_ns", "time_ns", "today");

    private static final Fix USE_AN_EVENT = Fix.display("Wait on an asyncio.Event (or Condition) instead of polling",
            """
            self.ready = asyncio.Event()   # the writer calls self.ready.set()
            ...
            await self.ready.wait()""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.While.class, this::check);
    }

    private void check(Stmt.While loop, RuleContext ctx) {
        if (!ctx.walk().inCoroutine() || !loop.orelse().isEmpty() || !onlySleeps(ctx, loop.body())) return;
        // while True: await asyncio.sleep(n) alone polls nothing: the task idles, on purpose in
        // real code (run_app's keep-alive, a periodic wake-up for signals). Not reported.
        Expr polled = isTrue(loop.test()) ? exitCondition(loop.body()) : loop.test();
        if (polled == null || polled instanceof Expr.Constant || watchesClock(polled)
                || !readsSharedState(ctx, polled)) {
            return;
        }
        ctx.reporter().report(new dev.asyncguard.python.ast.SourceRange(loop.range().startLine(), loop.range().startColumn(),
                        loop.test().range().endLine(), loop.test().range().endColumn()),
                "busy wait: the loop polls '" + Calls.shortText(ctx, polled) + "' with sleeps; an asyncio.Event "
                        + "or Condition wakes the waiter exactly when the state changes", USE_AN_EVENT,
                writerInView(ctx, polled) ? Confidence.HIGH : Confidence.LOW);
    }

    /**
     * Whether the code that changes the polled state is in view, so that it could set an Event: the
     * condition calls nothing (a call may do real work each tick, or ask something that has no
     * change event) and reads only this object's own attributes, which its class assigns, or
     * variables of the module or an enclosing function.
     */
    private static boolean writerInView(RuleContext ctx, Expr polled) {
        Stmt.ClassDef owner = ctx.walk().enclosingClass();
        return !FrameNodes.any(polled, n -> n instanceof Expr.Call
                || n instanceof Expr.Attribute a && !(a.value() instanceof Expr.Name self && self.id().equals("self")
                    && owner != null && assignsSelf(owner, a.attr())));
    }

    /**
     * The class assigns {@code self.attr} a value other than an empty container: a set, dict or list
     * that only ever changes through {@code add}/{@code discard} calls spread over the class has no
     * one place where an Event would be set.
     */
    private static boolean assignsSelf(Stmt.ClassDef owner, String attr) {
        boolean[] found = {false};
        boolean[] onlyContainers = {true};
        walkAll(owner, n -> {
            // What each write stores; an augmented assignment (a counter) stores a new value. (At every node
            // of the class: instanceof tests, not a type switch, which under C1 is a call not inlined.)
            List<Expr> targets;
            Expr value;
            if (n instanceof Stmt.Assign a) {
                targets = a.targets();
                value = a.value();
            } else if (n instanceof Stmt.AnnAssign a && a.value() != null) {
                targets = List.of(a.target());
                value = a.value();
            } else if (n instanceof Stmt.AugAssign a) {
                targets = List.of(a.target());
                value = a.value();
            } else {
                return;
            }
            for (Expr t : targets) {
                if (t instanceof Expr.Attribute at && at.attr().equals(attr) && at.value() instanceof Expr.Name s
                        && s.id().equals("self") && !isEmptyContainer(value)) {
                    onlyContainers[0] = false;
                }
            }
        });
        return assigns(owner, attr) && !onlyContainers[0];
    }

    private static final Set<String> CONTAINERS = Set.of("set", "dict", "list", "deque", "defaultdict",
            "OrderedDict", "WeakSet", "WeakValueDictionary", "WeakKeyDictionary");

    private static boolean isEmptyContainer(Expr value) {
        return switch (value) {
            case Expr.SetExpr e -> e.elts().isEmpty();
            case Expr.ListExpr e -> e.elts().isEmpty();
            case Expr.Dict e -> e.keys().isEmpty();
            case Expr.Call c -> c.args().stream().allMatch(a -> !(a instanceof Expr.ListExpr || a instanceof Expr.Tuple))
                    && (c.func() instanceof Expr.Name n ? CONTAINERS.contains(n.id())
                        : c.func() instanceof Expr.Attribute at && CONTAINERS.contains(at.attr()));
            default -> false;
        };
    }

    private static boolean assigns(dev.asyncguard.python.ast.Node root, String attr) {
        boolean[] found = {false};
        walkAll(root, n -> {
            List<Expr> targets = n instanceof Stmt.Assign a ? a.targets()
                    : n instanceof Stmt.AugAssign a ? List.of(a.target())
                    : n instanceof Stmt.AnnAssign a && a.value() != null ? List.of(a.target()) : List.of();
            for (Expr t : targets) {
                if (t instanceof Expr.Attribute at && at.attr().equals(attr) && at.value() instanceof Expr.Name s
                        && s.id().equals("self")) {
                    found[0] = true;
                }
            }
        });
        return found[0];
    }

    private static void walkAll(dev.asyncguard.python.ast.Node root, java.util.function.Consumer<dev.asyncguard.python.ast.Node> visit) {
        visit.accept(root);
        dev.asyncguard.python.ast.Nodes.forEachChild(root, child -> walkAll(child, visit));
    }

    /** Sleeps, {@code pass}, and (in a {@code while True:}) one {@code if <state>: break/return}. */
    private static boolean onlySleeps(RuleContext ctx, List<Stmt> body) {
        boolean slept = false;
        for (Stmt s : body) {
            if (s instanceof Stmt.Pass || isExitCheck(s)) continue;
            if (s instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Await a
                    && AsyncioObjects.calls(ctx, a.value(), SLEEPS)) {
                slept = true;
                continue;
            }
            return false;
        }
        return slept;
    }

    /** A constant that is always true: {@code True}, a non-zero number, {@code ...}, a non-empty string. */
    private static boolean isTrue(Expr test) {
        return test instanceof Expr.Constant c && (c.kind() == Expr.ConstantKind.TRUE
                || c.kind() == Expr.ConstantKind.ELLIPSIS
                || (c.kind() == Expr.ConstantKind.STR && c.value() instanceof String str && !str.isEmpty())
                || (c.kind() == Expr.ConstantKind.INT && c.value() instanceof java.math.BigInteger i && i.signum() != 0));
    }

    /** {@code if <condition>: break} (or {@code return}) with nothing else. */
    private static boolean isExitCheck(Stmt s) {
        return s instanceof Stmt.If i && i.orelse().isEmpty() && i.body().size() == 1
                && (i.body().get(0) instanceof Stmt.Break || i.body().get(0) instanceof Stmt.Return r && r.value() == null);
    }

    /** The condition a {@code while True:} polling loop waits for: its single exit check's test. */
    private static Expr exitCondition(List<Stmt> body) {
        Expr found = null;
        for (Stmt s : body) {
            if (isExitCheck(s)) {
                if (found != null) return null;
                found = ((Stmt.If) s).test();
            }
        }
        return found;
    }

    private static boolean watchesClock(Expr test) {
        return FrameNodes.any(test, n -> n instanceof Expr.Call c && Calls.method(c) != null
                && CLOCK_METHODS.contains(Calls.method(c)));
    }

    private static boolean readsSharedState(RuleContext ctx, Expr test) {
        return FrameNodes.any(test, n -> n instanceof Expr.Attribute || n instanceof Expr.Subscript
                || n instanceof Expr.Call c && c.func() instanceof Expr.Attribute
                || n instanceof Expr.Name name && isOuterVariable(ctx, name));
    }

    /** A variable bound at module level or in an enclosing function (or declared so): another task can rebind it. */
    private static boolean isOuterVariable(RuleContext ctx, Expr.Name name) {
        Scope at = ctx.names().scopeOfName(name);
        // Declared global or nonlocal here: shared with other code by that declaration, even where
        // this file never assigns it at module level (another module or a setup function does).
        if (at.declaresGlobal(name.id()) || at.declaresNonlocal(name.id())) return true;
        List<Binding> visible = ctx.names().visibleBindings(name.id(), at);
        if (visible == null || visible.isEmpty()) return false;
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        Scope own = def == null ? null : ctx.names().scopeOf(def);
        if (visible.get(0).scope() == own) return false;
        return visible.stream().anyMatch(b -> b.kind() != Binding.BindingKind.FUNCTION
                && b.kind() != Binding.BindingKind.CLASS && b.kind() != Binding.BindingKind.IMPORT);
    }
}
