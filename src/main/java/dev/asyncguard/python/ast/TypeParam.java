package dev.asyncguard.python.ast;

/** PEP 695 type parameter with an optional bound and PEP 696 default. */
public record TypeParam(Kind kind, String name, Expr bound, Expr defaultValue, SourceRange range) implements Node {
    public enum Kind {
        TYPE_VAR, TYPE_VAR_TUPLE, PARAM_SPEC
    }
}
