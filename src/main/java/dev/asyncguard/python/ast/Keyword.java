package dev.asyncguard.python.ast;

import java.util.function.Consumer;

/** A keyword argument {@code name=value}; {@code name} is null for {@code **value}. */
public record Keyword(String name, Expr value, SourceRange range) implements Node {
    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.one(value, f);
    }
}
