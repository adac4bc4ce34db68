package dev.asyncguard.python.ast;

/** {@code contextExpr [as optionalVars]}. */
public record WithItem(Expr contextExpr, Expr optionalVars, SourceRange range) implements Node {}
