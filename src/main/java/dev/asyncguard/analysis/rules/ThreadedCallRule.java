package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;

/**
 * The shape of AG403 and AG405: a call in code that runs on a thread other than the event loop's
 * (see {@link ThreadedCode}). A subclass decides which such calls are wrong.
 */
abstract class ThreadedCallRule implements Rule {
    private ThreadedCode threaded;

    @Override
    public final void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, (call, ctx) -> {
            // The file's threaded code is found once a call that the rule can report is seen: most files have none.
            if (!candidate(call, ctx)) return;
            if (threaded == null) threaded = ctx.facts().get(ThreadedCode.class, ThreadedCode::of);
            String how = threaded.describe(ctx.walk().frameOwner());
            if (how != null) check(call, ctx, how);
        });
    }

    /**
     * Whether {@link #check} can report {@code call} in threaded code (a cheap test of the call alone):
     * false lets the rule skip it without knowing which code of the file is threaded.
     */
    protected abstract boolean candidate(Expr.Call call, RuleContext ctx);

    /**
     * How sure it is that the code being walked runs on another thread: LOW for callbacks that
     * may run on the loop's thread after all (see {@link ThreadedCode#uncertain}).
     */
    protected final dev.asyncguard.analysis.Confidence threadConfidence(RuleContext ctx) {
        return threaded.uncertain(ctx.walk().frameOwner()) ? dev.asyncguard.analysis.Confidence.LOW
                : dev.asyncguard.analysis.Confidence.HIGH;
    }

    /** A call in threaded code; {@code how} says how the code runs on another thread, for the message. */
    protected abstract void check(Expr.Call call, RuleContext ctx, String how);
}
