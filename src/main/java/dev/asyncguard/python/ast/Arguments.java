package dev.asyncguard.python.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A parameter list, as CPython's {@code arguments}: {@code defaults} belong to the last
 * positional parameters (posonly then args); {@code kwDefaults} has one entry per kw-only
 * parameter, null where it has none.
 */
public record Arguments(List<Arg> posonlyargs, List<Arg> args, Arg vararg, List<Arg> kwonlyargs,
                        List<Expr> kwDefaults, Arg kwarg, List<Expr> defaults, SourceRange range) implements Node {
    public Arguments {
        posonlyargs = NodeList.immutable(posonlyargs);
        args = NodeList.immutable(args);
        kwonlyargs = NodeList.immutable(kwonlyargs);
        kwDefaults = NodeList.immutableWithNulls(kwDefaults);
        defaults = NodeList.immutable(defaults);
    }

    public static Arguments empty(SourceRange range) {
        return new Arguments(List.of(), List.of(), null, List.of(), List.of(), null, List.of(), range);
    }

    /** Every parameter in declaration order: posonly, args, *vararg, kwonly, **kwarg. */
    public List<Arg> all() {
        List<Arg> all = new ArrayList<>(posonlyargs);
        all.addAll(args);
        if (vararg != null) all.add(vararg);
        all.addAll(kwonlyargs);
        if (kwarg != null) all.add(kwarg);
        return all;
    }

    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.all(posonlyargs, f);
        Nodes.all(args, f);
        Nodes.all(defaults, f);
        Nodes.one(vararg, f);
        for (int i = 0, n = kwonlyargs.size(); i < n; i++) {
            f.accept(kwonlyargs.get(i));
            if (i < kwDefaults.size()) Nodes.one(kwDefaults.get(i), f);
        }
        Nodes.one(kwarg, f);
    }
}
