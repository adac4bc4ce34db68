package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Keyword;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * AG503: {@code yield} inside a {@code with}/{@code async with} block of an async generator, every
 * one (each suspends with the block open); after the first of a block, LOW. Not
 * reported where something closes the generator deterministically by design: functions decorated
 * {@code @asynccontextmanager} or as pytest fixtures, and FastAPI dependencies (functions passed
 * to {@code Depends(...)}) and lifespans ({@code lifespan=fn}), which the framework wraps in an
 * async context manager itself.
 */
@RuleInfo(code = "AG503", name = "yield-in-async-context", needs = "async", severity = Severity.WARNING,
        inTests = false, inScripts = false,
        summary = "yield inside a with / async with block of an async generator.", equivalents = {"ASYNC119"})
public final class YieldInAsyncContext implements Rule {

    private static final Set<String> CLOSING_DECORATORS = Set.of(
            "contextlib.asynccontextmanager", "pytest.fixture", "pytest_asyncio.fixture");

    private static final Fix READ_THEN_YIELD = Fix.display("Leave the block before yielding, or make consumers use aclosing()",
            """
            async with pool.acquire() as conn:
                rows = await conn.fetch(query)
            for row in rows:
                yield row""");

    /** Computed on first need: most files have no yield inside a with block of an async generator. */
    private Set<String> dependencies;

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Expr.Yield.class, this::check);
    }

    private void check(Expr.Yield yield, RuleContext ctx) {
        if (!ctx.walk().inCoroutine()) return;
        // The innermost block that holds something; blocks that only close the generator itself
        // (aclosing, closing: the recommended fix) hold nothing.
        Stmt.With block = null;
        boolean holdsResource = false;
        List<Stmt.With> resources = new java.util.ArrayList<>();
        for (Node n : ctx.walk().enclosingBlocks()) {
            if (!(n instanceof Stmt.With w) || closesOnly(ctx, w)) continue;
            boolean resource = !holdsNoResource(ctx, w);
            if (resource) resources.add(w);
            if (resource || !holdsResource) {
                block = w;
                holdsResource = resource;
            }
        }
        if (block == null) return;
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        if (closedByDesign(ctx, def)) return;
        String where = "yield inside a" + (block.isAsync() ? "n async with" : " with") + " block of an async generator";
        Integer first = firstYieldLine.putIfAbsent(block, yield.range().startLine());
        if (first != null) {
            // Every yield suspends with the block open; the block is one thing to fix, commented once (at
            // its first yield): the others go to the check run.
            ctx.reporter().report(yield, where + " (as at line " + first + "): the block stays open here too",
                    READ_THEN_YIELD, Confidence.LOW);
            return;
        }
        boolean certain = holdsResource && !handsOutResource(yield, block) && !wrappedByDecorator(ctx, def)
                && !consumedWholeHere(ctx, def) && !resources.stream().allMatch(w -> localFileOnly(ctx, w, def));
        ctx.reporter().report(yield, where + ": the block stays open while the consumer runs, and its exit runs late, "
                + "in another task, or never if the consumer stops early", READ_THEN_YIELD,
                certain ? Confidence.HIGH : Confidence.LOW);
    }

    /**
     * Every item of the block is a local file ({@code with open(p, "rb") as f:}, or a name the function
     * binds only to such openings and {@code nullcontext(...)}): closing it late, when the generator
     * is collected, holds a file descriptor a moment longer; no lock, connection, task or timeout. LOW.
     */
    private static boolean localFileOnly(RuleContext ctx, Stmt.With block, Stmt.FunctionDef def) {
        return block.items().stream().allMatch(i -> {
            if (isOpening(ctx, i.contextExpr())) return true;
            if (!(i.contextExpr() instanceof Expr.Name name)) return false;
            List<Expr> values = new java.util.ArrayList<>();
            FrameNodes.walk(def.body(), n -> {
                if (n instanceof Stmt.Assign a && a.targets().stream().anyMatch(t -> t instanceof Expr.Name x && x.id().equals(name.id()))) {
                    values.add(a.value());
                }
            });
            return !values.isEmpty() && values.stream().allMatch(v -> isOpening(ctx, v)
                    || v instanceof Expr.Call c && isNullContext(ctx, c))
                    && values.stream().anyMatch(v -> isOpening(ctx, v));
        });
    }

    /** {@code contextlib.nullcontext(x)}, or a project's own copy of it for older Pythons ({@code utils.nullcontext}). */
    private static boolean isNullContext(RuleContext ctx, Expr.Call c) {
        String name = Calls.qualifiedName(ctx, c);
        return name != null && (name.equals("nullcontext") || name.endsWith(".nullcontext"));
    }

    private static boolean isOpening(RuleContext ctx, Expr e) {
        return e instanceof Expr.Call c && Calls.qualifiedName(ctx, c) instanceof String name && BlockingFileIo.OPENERS.contains(name);
    }

    private static final Set<String> PLAIN_DECORATORS = Set.of("builtins.staticmethod", "builtins.classmethod",
            "functools.wraps", "abc.abstractmethod", "typing.overload", "typing.final", "typing_extensions.override",
            "typing.override");

    /**
     * A decorator other than the plain ones wraps the generator ({@code @operator} of a stream
     * library, a framework's route): what drives and closes it is the wrapper's business, unseen here.
     */
    private static boolean wrappedByDecorator(RuleContext ctx, Stmt.FunctionDef def) {
        return def.decorators().stream().anyMatch(d -> {
            String name = ctx.names().qualifiedName(d instanceof Expr.Call c ? c.func() : d);
            return name == null || !PLAIN_DECORATORS.contains(name);
        });
    }

    /**
     * {@code async with connect() as conn: yield conn}: the generator's purpose is to hand out the
     * object the block manages (a context manager written as a generator, a reconnecting iterator);
     * its users expect the resource to live while they hold it.
     */
    private static boolean handsOutResource(Expr.Yield yield, Stmt.With block) {
        return yield.value() instanceof Expr.Name value && block.items().stream().anyMatch(
                i -> i.optionalVars() instanceof Expr.Name bound && bound.id().equals(value.id()));
    }

    /**
     * Every use of the generator in this file consumes it whole or closes it: the iterable of an
     * {@code async for} with no {@code break} or {@code return} (outside another async generator,
     * which only passes the items on), of a list/set/dict comprehension, or the argument of
     * {@code aclosing()}. The block then
     * closes when the loop ends; callers in other files are unknown, so this lowers the confidence.
     */
    private static boolean consumedWholeHere(RuleContext ctx, Stmt.FunctionDef def) {
        Set<Node> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
        Preorder tree = ctx.walk().tree();
        // The enclosing defs ({end index, 1 if an async generator}): a loop in an async generator
        // re-yields what it reads, so its own consumer decides, not the loop.
        java.util.ArrayDeque<int[]> defs = new java.util.ArrayDeque<>();
        for (int i = 0, size = tree.size(); i < size; i++) {
            while (!defs.isEmpty() && defs.peek()[0] <= i) defs.pop();
            boolean inGenerator = !defs.isEmpty() && defs.peek()[1] == 1;
            switch (tree.node(i)) {
                case Stmt.FunctionDef f -> defs.push(new int[] {tree.end(i), AsyncGenerators.isAsyncGenerator(f) ? 1 : 0});
                case Stmt.For loop when loop.isAsync() && !inGenerator && !leavesEarly(loop.body()) ->
                        consumed.add(loop.iter());
                // aclosing(gen()) closes it whatever the loop does.
                case Expr.Call c when !c.args().isEmpty() && (callee(c).equals("aclosing") || callee(c).equals("closing"))
                        -> consumed.add(c.args().get(0));
                case Expr.ListComp c -> c.generators().forEach(g -> consumed.add(g.iter()));
                case Expr.SetComp c -> c.generators().forEach(g -> consumed.add(g.iter()));
                case Expr.DictComp c -> c.generators().forEach(g -> consumed.add(g.iter()));
                default -> { }
            }
        }
        int uses = 0;
        for (int i = 0, size = tree.size(); i < size; i++) {
            Node n = tree.node(i);
            if (n instanceof Expr.Call call && names(call.func(), def.name())) {
                if (!consumed.contains(call)) return false;
                uses++;
                i = tree.end(i) - 1; // the callee's own name is not another use
            } else if ((n instanceof Expr.Name || n instanceof Expr.Attribute) && names((Expr) n, def.name())) {
                return false; // handed on uncalled: who drives it is unknown
            }
        }
        return uses > 0;
    }

    private static boolean names(Expr e, String name) {
        return e instanceof Expr.Name n ? n.id().equals(name) : e instanceof Expr.Attribute a && a.attr().equals(name);
    }

    /** A {@code break} of this loop or a {@code return} inside it: the consumer may stop early. */
    private static boolean leavesEarly(List<Stmt> body) {
        for (Stmt s : body) {
            boolean early = switch (s) {
                case Stmt.Break b -> true;
                case Stmt.Return r -> true;
                case Stmt.For f -> FrameNodes.any(f.body(), x -> x instanceof Stmt.Return) || leavesEarly(f.orelse());
                case Stmt.While w -> FrameNodes.any(w.body(), x -> x instanceof Stmt.Return) || leavesEarly(w.orelse());
                default -> StatementBlocks.nestedBlocks(s).stream().anyMatch(YieldInAsyncContext::leavesEarly);
            };
            if (early) return true;
        }
        return false;
    }

    /** The line of the first yield reported in each block of this file (a rule instance serves one file). */
    private final java.util.Map<Stmt.With, Integer> firstYieldLine = new IdentityHashMap<>();

    /** {@code async with aclosing(gen)} / {@code with closing(x)}: the block only makes sure something is closed. */
    private static boolean closesOnly(RuleContext ctx, Stmt.With w) {
        return w.items().stream().allMatch(i -> {
            String name = callee(i.contextExpr());
            return name.equals("aclosing") || name.equals("closing");
        });
    }

    /**
     * Context managers that map exceptions, trace, time or log, or a {@code memoryview} (a view of
     * memory, released when left): leaving them late or from another task costs nothing. Judged by name, so a finding inside one only is LOW.
     */
    private static boolean holdsNoResource(RuleContext ctx, Stmt.With w) {
        return w.items().stream().allMatch(i -> {
            String name = callee(i.contextExpr()).toLowerCase(java.util.Locale.ROOT);
            return NO_RESOURCE_WORDS.stream().anyMatch(name::contains) || name.endsWith("_context");
        });
    }

    private static final java.util.List<String> NO_RESOURCE_WORDS = List.of(
            "exception", "error", "trace", "span", "suppress", "catch", "timer", "timing", "nullcontext",
            "warnings", "memoryview");

    /** The name of a context expression ({@code x.y.trace(...)} → {@code trace}, {@code request_context}), or "". */
    private static String callee(Expr e) {
        Expr f = e instanceof Expr.Call c ? c.func() : e;
        return switch (f) {
            case Expr.Name n -> n.id();
            case Expr.Attribute a -> a.attr();
            default -> "";
        };
    }

    private boolean closedByDesign(RuleContext ctx, Stmt.FunctionDef def) {
        for (Expr d : def.decorators()) {
            Expr callee = d instanceof Expr.Call c ? c.func() : d;
            String name = ctx.names().qualifiedName(callee);
            if (name != null && (CLOSING_DECORATORS.contains(name) || name.endsWith("asynccontextmanager"))) return true;
        }
        // Only files with such a yield need the scan of every call.
        if (dependencies == null) dependencies = dependencyNames(ctx);
        return dependencies.contains(def.name());
    }

    /**
     * Names passed to {@code Depends(...)}, {@code Security(...)}, {@code asynccontextmanager(...)} or
     * as a {@code lifespan=} argument anywhere in the file.
     */
    private static Set<String> dependencyNames(RuleContext ctx) {
        Set<String> out = new HashSet<>();
        Preorder tree = ctx.walk().tree();
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (!(tree.node(i) instanceof Expr.Call call)) continue;
            // FastAPI(lifespan=fn) / Starlette(lifespan=fn) wrap a generator function in a context manager.
            for (Keyword k : call.keywords()) {
                if ("lifespan".equals(k.name()) && k.value() instanceof Expr.Name name) out.add(name.id());
            }
            String callee = switch (call.func()) {
                case Expr.Name name -> name.id();
                case Expr.Attribute a -> a.attr();
                default -> "";
            };
            if (!callee.equals("Depends") && !callee.equals("Security") && !callee.equals("asynccontextmanager")) continue;
            Expr dep = call.args().isEmpty() ? null : call.args().get(0);
            for (Keyword k : call.keywords()) if ("dependency".equals(k.name())) dep = k.value();
            if (dep instanceof Expr.Name name) out.add(name.id());
        }
        return out;
    }
}
