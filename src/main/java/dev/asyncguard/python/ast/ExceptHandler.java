package dev.asyncguard.python.ast;

import java.util.List;
import java.util.function.Consumer;

/** {@code except [type [as name]]:}; {@code type} is null for a bare {@code except:}. */
public record ExceptHandler(Expr type, String name, List<Stmt> body, SourceRange range) implements Node {
    public ExceptHandler {
        body = NodeList.immutable(body);
    }

    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.one(type, f);
        Nodes.all(body, f);
    }
}
