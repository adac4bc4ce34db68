package dev.asyncguard.analysis.fix;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Expr;

import java.util.List;

/**
 * The generic fix for a blocking call in a coroutine: run it in a worker thread,
 * {@code await asyncio.to_thread(f, *args, **kwargs)}. Offered only where it is a mechanical edit
 * that keeps the code valid: the call is a whole expression statement, a whole assignment (or return)
 * value, the target is Python 3.9+ and the file already has a name for {@code asyncio} (or
 * {@code to_thread}) visible at the call.
 */
public final class Offload {
    private Offload() {}

    /** The fix, or null when it cannot be offered as an edit. */
    public static Fix toThread(RuleContext ctx, Expr.Call call, Applicability applicability) {
        if (!ctx.options().targetVersion().atLeast(3, 9) || !ctx.walk().inCoroutine()) return null;
        if (!AwaitPlacement.isWholeStatementOrAssignedValue(call, ctx.walk().parent())) return null;
        if (!CallSource.isSimpleCallee(call.func())) return null;
        String toThread = asyncioMember(ctx, call, "to_thread");
        if (toThread == null) return null;
        String callee = ctx.source().slice(call.func().range());
        String replacement = CallSource.withLeadingArgument(ctx.source(), call, "await " + toThread, callee);
        if (replacement == null) return null;
        return new Fix("Run it in a worker thread with asyncio.to_thread",
                List.of(new Edit(call.range(), replacement)), applicability, null);
    }

    /**
     * How to spell {@code asyncio.<member>} at the call: through a visible {@code import asyncio}
     * (under whatever name), or a visible {@code from asyncio import <member>}; null when neither.
     */
    public static String asyncioMember(RuleContext ctx, Expr.Call near, String member) {
        String module = ctx.names().spellingOf("asyncio", near.func());
        if (module != null) return module + "." + member;
        return ctx.names().spellingOf("asyncio." + member, near.func());
    }
}
