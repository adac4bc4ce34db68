package dev.asyncguard.python.ast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parameter list, as CPython's {@code arguments}: {@code defaults} belong to the last
 * positional parameters (posonly then args); {@code kwDefaults} has one entry per kw-only
 * parameter, null where it has none.
 */
public record Arguments(List<Arg> posonlyargs, List<Arg> args, Arg vararg, List<Arg> kwonlyargs,
                        List<Expr> kwDefaults, Arg kwarg, List<Expr> defaults, SourceRange range) implements Node {
    public Arguments {
        posonlyargs = List.copyOf(posonlyargs);
        args = List.copyOf(args);
        kwonlyargs = List.copyOf(kwonlyargs);
        kwDefaults = Collections.unmodifiableList(new ArrayList<>(kwDefaults));
        defaults = List.copyOf(defaults);
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
}
