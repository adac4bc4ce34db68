package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Set;

/**
 * AG103: a method called on an event loop after {@code loop.close()} on the same name, with no
 * re-assignment between, in straight-line order: the use must come later in the block that holds
 * the close (or in a block nested there), so a close on one branch does not count for another.
 */
@RuleInfo(code = "AG103", name = "loop-used-after-close", needs = "close", severity = Severity.ERROR,
        summary = "An event loop used after loop.close() on the same name in one function.")
public final class LoopUsedAfterClose implements Rule {
    private static final Set<String> HARMLESS = Set.of("close", "is_closed", "is_running", "get_debug");
    /** Several closes before one use (close() is idempotent) make one finding. */
    private final Set<Expr.Call> reported = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Whether the file has a statement {@code x.close()} at all: most files that say "close" close files, with arguments or none. */
    private boolean closesSomething;

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Module.class, (m, ctx) -> {
            closesSomething = anyCloseStatement(ctx);
            if (closesSomething) block(m.body(), ctx);
        });
        on.on(Stmt.FunctionDef.class, (d, ctx) -> {
            if (closesSomething) block(d.body(), ctx);
        });
    }

    /** One loop over the file's preorder: a statement that is a call of {@code close()} without arguments (see {@link #closedLoop}). */
    private static boolean anyCloseStatement(RuleContext ctx) {
        var tree = ctx.walk().tree();
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (tree.node(i) instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Call c && c.args().isEmpty()
                    && "close".equals(Calls.method(c))) {
                return true;
            }
        }
        return false;
    }

    /** Checks one statement list and, recursively, the statement lists nested in it (not nested scopes). */
    private void block(List<Stmt> body, RuleContext ctx) {
        for (int i = 0; i < body.size(); i++) {
            Stmt s = body.get(i);
            String closed = closedLoop(s, ctx);
            if (closed != null) {
                Expr.Call use = firstUseAfter(body.subList(i + 1, body.size()), closed, ctx);
                if (use != null && reported.add(use)) {
                    ctx.reporter().report(use, closed + " is used after " + closed + ".close(): a closed loop raises RuntimeError",
                            Fix.display("Use the loop before closing it, or create a new one",
                                    "loop = asyncio.new_event_loop()"));
                }
            }
            for (List<Stmt> nested : StatementBlocks.nestedBlocks(s)) block(nested, ctx);
        }
    }

    /** The spelling of the loop that {@code loop.close()} (a whole statement) closes, or null. */
    private static String closedLoop(Stmt s, RuleContext ctx) {
        if (s instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Call c && "close".equals(Calls.method(c))
                && c.args().isEmpty() && EventLoops.isLoop(ctx, Calls.receiver(c), false)) {
            return spelling(Calls.receiver(c));
        }
        return null;
    }

    private static String spelling(Expr e) {
        if (e instanceof Expr.Name n) return n.id();
        if (e instanceof Expr.Attribute a) {
            String base = spelling(a.value());
            return base == null ? null : base + "." + a.attr();
        }
        return null;
    }

    /** The first call of a method on {@code loop} in source order, unless {@code loop} is re-assigned before it. */
    private static Expr.Call firstUseAfter(List<Stmt> rest, String loop, RuleContext ctx) {
        Expr.Call[] found = {null};
        boolean[] stop = {false};
        for (Stmt s : rest) {
            StatementBlocks.walkSameScope(s, n -> {
                if (stop[0] || found[0] != null) return;
                if (reassigns(n, loop)) {
                    stop[0] = true;
                } else if (n instanceof Expr.Call c && c.func() instanceof Expr.Attribute a
                        && loop.equals(spelling(a.value())) && !isHarmless(a.attr())) {
                    found[0] = c;
                }
            });
            if (stop[0] || found[0] != null) break;
        }
        return found[0];
    }

    private static boolean isHarmless(String method) {
        return HARMLESS.contains(method);
    }

    private static boolean reassigns(Node n, String loop) {
        List<Expr> targets = switch (n) {
            case Stmt.Assign a -> a.targets();
            case Stmt.AnnAssign a -> List.of(a.target());
            case Stmt.With w -> w.items().stream().map(i -> i.optionalVars()).filter(v -> v != null).toList();
            case Stmt.For f -> List.of(f.target());
            case Stmt.Delete d -> d.targets();
            default -> List.of();
        };
        for (Expr t : targets) {
            if (loop.equals(spelling(t))) return true;
        }
        return false;
    }
}
