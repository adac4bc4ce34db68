package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.names.KnownTypes;
import dev.asyncguard.python.ast.Expr;

/** Whether an expression is an asyncio event loop, as far as the file tells. */
final class EventLoops {
    private EventLoops() {}

    /**
     * True when the receiver resolves to an event loop; when its origin is unknown, true if
     * {@code unknownCounts} (the method name alone is distinctive) or its spelling ends in
     * "loop" ({@code loop}, {@code self._loop}, {@code event_loop}).
     */
    static boolean isLoop(RuleContext ctx, Expr receiver, boolean unknownCounts) {
        if (receiver == null) return false;
        String path = ctx.names().valuePath(receiver);
        if (path != null) return KnownTypes.EVENT_LOOP.equals(path);
        if (!(receiver instanceof Expr.Name) && !(receiver instanceof Expr.Attribute)) return false;
        if (receiver instanceof Expr.Name n && !ctx.names().isBound(n)) return false;
        return unknownCounts || spelledLikeLoop(receiver);
    }

    static boolean spelledLikeLoop(Expr receiver) {
        String last = receiver instanceof Expr.Attribute a ? a.attr()
                : receiver instanceof Expr.Name n ? n.id() : "";
        return last.toLowerCase(java.util.Locale.ROOT).endsWith("loop");
    }
}
