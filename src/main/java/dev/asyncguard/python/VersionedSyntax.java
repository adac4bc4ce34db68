package dev.asyncguard.python;

/**
 * A construct that needs a newer Python than the oldest the parser knows ({@code match}: 3.10,
 * {@code type X = …}: 3.12, {@code except A, B:}: 3.14), where it starts (1-based line, 0-based
 * UTF-16 column) and what it is, for a person ("the match statement").
 */
public record VersionedSyntax(int line, int column, PythonVersion requires, String what) {}
