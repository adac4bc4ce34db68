package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Keyword;

/** Questions rules ask about a call: what it calls, on what, with which arguments. */
public final class Calls {
    private Calls() {}

    /** The qualified name of the callee ({@code time.sleep}), or null when it is not a module-level object. */
    public static String qualifiedName(RuleContext ctx, Expr.Call call) {
        return ctx.names().qualifiedName(call.func());
    }

    /** The method name for {@code x.m(...)}, else null. */
    public static String method(Expr.Call call) {
        return call.func() instanceof Expr.Attribute a ? a.attr() : null;
    }

    /** The receiver {@code x} of {@code x.m(...)}, else null. */
    public static Expr receiver(Expr.Call call) {
        return call.func() instanceof Expr.Attribute a ? a.value() : null;
    }

    /** The value path of the receiver of {@code x.m(...)} (see {@code NameResolver.valuePath}), else null. */
    public static String receiverPath(RuleContext ctx, Expr.Call call) {
        Expr receiver = receiver(call);
        return receiver == null ? null : ctx.names().valuePath(receiver);
    }

    /** The argument passed by keyword {@code name}, or positionally at {@code position} (-1: keyword only); null if absent. */
    public static Expr argument(Expr.Call call, int position, String name) {
        for (Keyword k : call.keywords()) {
            if (name.equals(k.name())) return k.value();
        }
        if (position >= 0 && position < call.args().size()) {
            for (int i = 0; i <= position; i++) {
                if (call.args().get(i) instanceof Expr.Starred) return null;
            }
            return call.args().get(position);
        }
        return null;
    }

    public static boolean isFalse(Expr e) {
        return e instanceof Expr.Constant c && (c.kind() == Expr.ConstantKind.FALSE
                || (c.kind() == Expr.ConstantKind.INT && c.value() instanceof java.math.BigInteger i && i.signum() == 0));
    }

    public static boolean isZero(Expr e) {
        return e instanceof Expr.Constant c && ((c.kind() == Expr.ConstantKind.INT
                && c.value() instanceof java.math.BigInteger i && i.signum() == 0)
                || (c.kind() == Expr.ConstantKind.FLOAT && c.value() instanceof Double d && d == 0.0));
    }

    /** The source text of a node, on one line, shortened for messages. */
    public static String shortText(RuleContext ctx, Expr e) {
        String text = oneLine(ctx.source().slice(e.range()));
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    /** Each run of whitespace ({@code \s}: space, tab, newline, vertical tab, form feed, return) as one space. */
    private static String oneLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                return WHITESPACE.matcher(text).replaceAll(" ");
            }
        }
        return text;
    }
}
