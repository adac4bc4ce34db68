package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.fix.Offload;
import dev.asyncguard.python.ast.Expr;

/**
 * The shape shared by the AG2xx rules: a call, lexically in a coroutine, that blocks the thread
 * the event loop runs on. A subclass says which calls block ({@link #match}); the fix is the
 * rule's own where it has one, else {@code await asyncio.to_thread(...)} where that is a safe
 * edit, else the rule's example.
 *
 * <p>Offloaded work is not in a coroutine by construction: {@code asyncio.to_thread(time.sleep, 1)}
 * passes a reference, and the bodies of lambdas and nested defs are frames of their own.
 */
public abstract class BlockingCallRule implements Rule {

    /** What blocks: a short description for the message (e.g. {@code time.sleep()}), and how safe offloading it is. */
    public record Blocking(String what, Applicability offload) {
        public static Blocking of(String what) {
            return new Blocking(what, Applicability.SAFE);
        }
    }

    @Override
    public final void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (!ctx.inCoroutine()) return;
        Blocking blocking = match(call, ctx);
        if (blocking == null) return;
        Fix fix = specificFix(call, ctx);
        if (fix == null) fix = Offload.toThread(ctx, call, blocking.offload());
        if (fix == null) fix = displayFix();
        ctx.report(call, blocking.what() + " " + consequence(), fix);
    }

    /** Whether this call blocks, as this rule defines it; null when it does not (or when unsure). */
    protected abstract Blocking match(Expr.Call call, RuleContext ctx);

    /** The rest of the message after what blocks, e.g. "blocks the event loop; use await asyncio.sleep()". */
    protected abstract String consequence();

    /** The example shown when no edit can be offered. */
    protected abstract Fix displayFix();

    /** The match for rules that are a list of blocking functions: the callee's qualified name is one of {@code functions}. */
    protected static Blocking calledFunction(RuleContext ctx, Expr.Call call, java.util.Set<String> functions) {
        String name = Calls.qualifiedName(ctx, call);
        return name != null && functions.contains(name) ? Blocking.of(name + "()") : null;
    }

    /** A rule-specific edit (AG201's asyncio.sleep); null to fall back to to_thread. */
    protected Fix specificFix(Expr.Call call, RuleContext ctx) {
        return null;
    }
}
