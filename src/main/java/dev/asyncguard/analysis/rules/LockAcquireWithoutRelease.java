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
import dev.asyncguard.python.ast.MatchCase;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;

/**
 * AG404: {@code await lock.acquire()} (also through {@code wait_for}) whose very next statement is
 * not a {@code try} that releases the lock in {@code finally} (or in an {@code except BaseException:}
 * that hands the lock on when nothing failed). An acquire inside such a {@code try} is fine too. When the function never releases the lock but other code of the file
 * does (an {@code __aexit__}, a done-callback), the lock is handed over on purpose: not reported.
 */
@RuleInfo(code = "AG404", name = "lock-acquire-without-release", needs = "async", severity = Severity.WARNING,
        inTests = false,
        summary = "await lock.acquire() without try/finally: lock.release().")
public final class LockAcquireWithoutRelease implements Rule {

    private static final Fix USE_ASYNC_WITH = Fix.display("Hold the lock with async with",
            """
            async with lock:
                ...""");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.ExprStmt.class, this::check);
    }

    private void check(Stmt.ExprStmt stmt, RuleContext ctx) {
        if (!ctx.walk().inCoroutine() || !(stmt.value() instanceof Expr.Await await)) return;
        Expr.Call acquire = acquireCall(ctx, await.value());
        if (acquire == null) return;
        Expr lock = Calls.receiver(acquire);
        String path = ctx.names().valuePath(lock);
        if (path != null && !AsyncioObjects.ASYNCIO_LOCKS.contains(path)) return;
        String lockText = text(ctx, lock);
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        // A lock class acquiring itself, or an __aenter__, hands the lock to its caller.
        if (def == null || def.name().equals("__aenter__") || lockText.equals("self")) return;
        // Release first, re-acquire later (a condition's wait): the caller holds the lock around it.
        if (releasesBefore(ctx, def, lockText, stmt)) return;
        if (nextIsTryReleasing(ctx, stmt, lockText) || insideTryReleasing(ctx, lockText)) return;
        boolean releasedHere = releases(ctx, def.body(), lockText);
        if (!releasedHere && releases(ctx, List.of(ctx.module()), lockText)) return;
        if (signalSemaphore(ctx, lockText)) return;
        ctx.reporter().report(stmt, "'" + Calls.shortText(ctx, lock) + "' is acquired without try/finally: an exception or a "
                + "cancellation before the release leaves it locked for good", USE_ASYNC_WITH,
                tryReleasingAfterSimpleStatements(ctx, stmt, lockText) ? Confidence.LOW : Confidence.HIGH);
    }

    /**
     * {@code self._ready = asyncio.Semaphore(0)}: a semaphore that starts empty is a signal that other
     * code releases, not a lock this code holds.
     */
    private static boolean signalSemaphore(RuleContext ctx, String lock) {
        boolean[] found = {false};
        FrameNodes.wholeFile(ctx, x -> {
            if (!found[0] && x instanceof Stmt.Assign a && a.value() instanceof Expr.Call c
                    && "Semaphore".equals(c.func() instanceof Expr.Attribute at ? at.attr()
                        : c.func() instanceof Expr.Name n ? n.id() : null)
                    && startsEmpty(c) && a.targets().stream().anyMatch(t -> lock.equals(text(ctx, t)))) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private static boolean startsEmpty(Expr.Call c) {
        Expr value = !c.args().isEmpty() ? c.args().get(0) : c.keywords().stream()
                .filter(k -> "value".equals(k.name())).map(k -> k.value()).findFirst().orElse(null);
        return value instanceof Expr.Constant k && k.value() instanceof java.math.BigInteger i && i.signum() == 0;
    }

    /**
     * The releasing try follows after a few statements that cannot suspend (a log line, an
     * assignment): only an exception there, not a cancellation, would leave the lock held.
     */
    private static boolean tryReleasingAfterSimpleStatements(RuleContext ctx, Stmt stmt, String lock) {
        List<Stmt> block = enclosingBlock(ctx.walk().parent(), stmt);
        for (int i = FrameNodes.indexOfSame(block, stmt) + 1; i >= 1 && i < block.size(); i++) {
            Stmt next = block.get(i);
            if (next instanceof Stmt.Try t) return releases(ctx, t.finalbody(), lock);
            boolean simple = next instanceof Stmt.Assign || next instanceof Stmt.AugAssign
                    || next instanceof Stmt.AnnAssign || next instanceof Stmt.ExprStmt;
            if (!simple || FrameNodes.suspends(List.of(next))) return false;
        }
        return false;
    }

    /** {@code x.acquire()}, or {@code asyncio.wait_for(x.acquire(), ...)}. */
    private static Expr.Call acquireCall(RuleContext ctx, Expr e) {
        if (!(e instanceof Expr.Call call)) return null;
        if (AsyncioObjects.calls(ctx, call, "asyncio.wait_for", "asyncio.tasks.wait_for") && !call.args().isEmpty()) {
            return acquireCall(ctx, call.args().get(0));
        }
        return "acquire".equals(Calls.method(call)) && call.args().isEmpty() && call.keywords().isEmpty() ? call : null;
    }

    private static boolean nextIsTryReleasing(RuleContext ctx, Stmt stmt, String lock) {
        List<Stmt> block = enclosingBlock(ctx.walk().parent(), stmt);
        int i = FrameNodes.indexOfSame(block, stmt);
        if (i < 0 || i + 1 >= block.size()) return false;
        return block.get(i + 1) instanceof Stmt.Try t && (releases(ctx, t.finalbody(), lock)
                || t.handlers().stream().anyMatch(h -> catchesEverything(ctx, h) && releases(ctx, h.body(), lock)));
    }

    /**
     * {@code except BaseException:} (or bare {@code except:}): with the release there, every failure,
     * cancellation included, gives the lock back; on success it is handed on with what the function
     * returns (a pooled connection holding a slot), and released by whoever gives that back.
     */
    private static boolean catchesEverything(RuleContext ctx, ExceptHandler h) {
        if (h.type() == null) return true;
        String name = ctx.names().qualifiedName(h.type());
        return "builtins.BaseException".equals(name);
    }

    private static boolean insideTryReleasing(RuleContext ctx, String lock) {
        for (Node block : ctx.walk().enclosingBlocks()) {
            if (block instanceof Stmt.Try t && releases(ctx, t.finalbody(), lock)) return true;
        }
        return false;
    }

    /** The statement list of {@code parent} that holds {@code stmt}. */
    private static List<Stmt> enclosingBlock(Node parent, Stmt stmt) {
        List<List<Stmt>> candidates = switch (parent) {
            case Stmt.FunctionDef d -> List.of(d.body());
            case Stmt.If i -> List.of(i.body(), i.orelse());
            case Stmt.While w -> List.of(w.body(), w.orelse());
            case Stmt.For f -> List.of(f.body(), f.orelse());
            case Stmt.With w -> List.of(w.body());
            case Stmt.Try t -> List.of(t.body(), t.orelse(), t.finalbody());
            case ExceptHandler h -> List.of(h.body());
            case MatchCase c -> List.of(c.body());
            case null, default -> List.<List<Stmt>>of();
        };
        for (List<Stmt> c : candidates) {
            for (Stmt s : c) if (s == stmt) return c;
        }
        return List.of();
    }

    private static boolean releases(RuleContext ctx, List<? extends Node> code, String lock) {
        boolean[] found = {false};
        for (Node n : code) {
            Nodes.walk(n, x -> {
                if (!found[0] && x instanceof Expr.Call c && "release".equals(Calls.method(c))
                        && lock.equals(text(ctx, Calls.receiver(c)))) {
                    found[0] = true;
                }
            });
        }
        return found[0];
    }

    private static boolean releasesBefore(RuleContext ctx, Stmt.FunctionDef def, String lock, Stmt acquire) {
        boolean[] found = {false};
        FrameNodes.walk(def.body(), x -> {
            if (x instanceof Expr.Call c && "release".equals(Calls.method(c)) && before(c, acquire)
                    && lock.equals(text(ctx, Calls.receiver(c)))) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private static boolean before(Node a, Node b) {
        return a.range().startLine() < b.range().startLine()
                || (a.range().startLine() == b.range().startLine() && a.range().startColumn() < b.range().startColumn());
    }

    private static String text(RuleContext ctx, Expr e) {
        return ctx.source().slice(e.range()).replaceAll("\\s+", "");
    }
}
