package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.SourceRange;

/** A syntax error the parser reported (and recovered from), as the analyzer sees it. */
public record SyntaxProblem(SourceRange range, String message) {}
