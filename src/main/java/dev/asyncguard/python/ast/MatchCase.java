package dev.asyncguard.python.ast;

import java.util.List;

public record MatchCase(Pattern pattern, Expr guard, List<Stmt> body, SourceRange range) implements Node {
    public MatchCase {
        body = List.copyOf(body);
    }
}
