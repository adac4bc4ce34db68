package dev.asyncguard.python.ast;

import java.util.List;

public record Module(List<Stmt> body, SourceRange range) implements Node {
    public Module {
        body = List.copyOf(body);
    }
}
