package dev.asyncguard.python.ast;

import java.util.List;

/** {@code except [type [as name]]:}; {@code type} is null for a bare {@code except:}. */
public record ExceptHandler(Expr type, String name, List<Stmt> body, SourceRange range) implements Node {
    public ExceptHandler {
        body = List.copyOf(body);
    }
}
