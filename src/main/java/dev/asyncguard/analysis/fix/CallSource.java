package dev.asyncguard.analysis.fix;

import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.SourceRange;

/** The source text of a call's parts, as fixes rewrite calls: {@code f(a, b=1)} → {@code g(f, a, b=1)}. */
public final class CallSource {
    private CallSource() {}

    /**
     * The text between a call's parentheses as written (comments and line breaks kept), or null
     * when the call's text does not have the expected shape. A lone generator-expression
     * argument comes back parenthesized, so that it stays valid after another argument.
     */
    public static String arguments(SourceLines source, Expr.Call call) {
        SourceRange after = new SourceRange(call.func().range().endLine(), call.func().range().endColumn(),
                call.range().endLine(), call.range().endColumn());
        String text = source.slice(after);
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open || !text.substring(0, open).isBlank()) return null;
        String inner = text.substring(open + 1, close);
        if (call.args().size() == 1 && call.keywords().isEmpty() && call.args().get(0) instanceof Expr.GeneratorExp
                && !inner.strip().startsWith("(")) {
            return "(" + inner.strip() + ")";
        }
        return inner;
    }

    /** {@code prefix(first, <the call's arguments>)}, or null when the arguments cannot be taken over. */
    public static String withLeadingArgument(SourceLines source, Expr.Call call, String prefix, String first) {
        String args = arguments(source, call);
        if (args == null) return null;
        if (args.isBlank()) return prefix + "(" + first + ")";
        // Arguments laid out one per line stay laid out that way, after the new first one.
        if (args.stripLeading().length() < args.length() && args.substring(0, args.length() - args.stripLeading().length())
                .contains("\n")) {
            return prefix + "(" + first + "," + args + ")";
        }
        return prefix + "(" + first + ", " + args.strip() + ")";
    }

    /** {@code name(<the call's arguments>)}, or null when the arguments cannot be taken over. */
    public static String withCallee(SourceLines source, Expr.Call call, String name) {
        String args = arguments(source, call);
        return args == null ? null : name + "(" + args.strip() + ")";
    }

    /** Whether an expression can be passed on as an argument when its text is copied unchanged. */
    public static boolean isSimpleCallee(Expr func) {
        return func instanceof Expr.Name || func instanceof Expr.Attribute || func instanceof Expr.Subscript
                || func instanceof Expr.Call;
    }
}
