package dev.asyncguard.python.ast;

import java.util.function.Consumer;

/** PEP 695 type parameter with an optional bound and PEP 696 default. */
public record TypeParam(Kind kind, String name, Expr bound, Expr defaultValue, SourceRange range) implements Node {
    public enum Kind {
        TYPE_VAR, TYPE_VAR_TUPLE, PARAM_SPEC
    }

    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.one(bound, f);
        Nodes.one(defaultValue, f);
    }
}
