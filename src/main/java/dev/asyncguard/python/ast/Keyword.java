package dev.asyncguard.python.ast;

/** A keyword argument {@code name=value}; {@code name} is null for {@code **value}. */
public record Keyword(String name, Expr value, SourceRange range) implements Node {}
