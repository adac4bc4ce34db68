package dev.asyncguard.python.ast;

/** A {@code #} comment: where it starts and its text including the {@code #}. */
public record Comment(int line, int column, String text) {}
