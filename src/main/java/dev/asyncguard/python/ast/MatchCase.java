package dev.asyncguard.python.ast;

import java.util.List;
import java.util.function.Consumer;

public record MatchCase(Pattern pattern, Expr guard, List<Stmt> body, SourceRange range) implements Node {
    public MatchCase {
        body = NodeList.immutable(body);
    }

    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.one(pattern, f);
        Nodes.one(guard, f);
        Nodes.all(body, f);
    }
}
