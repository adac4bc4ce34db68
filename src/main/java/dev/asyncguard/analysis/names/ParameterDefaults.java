package dev.asyncguard.analysis.names;

import dev.asyncguard.python.ast.Arg;
import dev.asyncguard.python.ast.Arguments;
import dev.asyncguard.python.ast.Expr;

import java.util.List;

/** The default value of a parameter, as CPython's {@code arguments} lays defaults out. */
final class ParameterDefaults {
    private ParameterDefaults() {}

    /** {@code arg}'s default in {@code args} (positional or keyword-only); null when it has none. */
    static Expr of(Arguments args, Arg arg) {
        int k = indexOf(args.kwonlyargs(), arg);
        if (k >= 0) return k < args.kwDefaults().size() ? args.kwDefaults().get(k) : null;
        int p = indexOf(args.posonlyargs(), arg);
        if (p < 0 && (p = indexOf(args.args(), arg)) >= 0) p += args.posonlyargs().size();
        int firstWithDefault = args.posonlyargs().size() + args.args().size() - args.defaults().size();
        return p >= 0 && p >= firstWithDefault ? args.defaults().get(p - firstWithDefault) : null;
    }

    private static int indexOf(List<Arg> args, Arg arg) {
        for (int i = 0; i < args.size(); i++) if (args.get(i) == arg) return i;
        return -1;
    }
}
