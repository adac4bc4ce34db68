package dev.asyncguard.python.ast;

import java.util.List;
import java.util.function.Consumer;

public record Module(List<Stmt> body, SourceRange range) implements Node {
    public Module {
        body = NodeList.immutable(body);
    }

    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.all(body, f);
    }
}
