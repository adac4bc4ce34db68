package dev.asyncguard.python.ast;

/** One parameter; {@code annotation} may be null. */
public record Arg(String name, Expr annotation, SourceRange range) implements Node {}
