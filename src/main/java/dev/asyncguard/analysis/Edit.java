package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.SourceRange;

/** Replace the text in {@code range} (end exclusive) with {@code replacement}. */
public record Edit(SourceRange range, String replacement) {}
