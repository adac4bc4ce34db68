package dev.asyncguard.python.ast;

import java.util.function.Consumer;

/** One parameter; {@code annotation} may be null. */
public record Arg(String name, Expr annotation, SourceRange range) implements Node {
    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.one(annotation, f);
    }
}
