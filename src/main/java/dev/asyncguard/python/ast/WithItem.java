package dev.asyncguard.python.ast;

import java.util.function.Consumer;

/** {@code contextExpr [as optionalVars]}. */
public record WithItem(Expr contextExpr, Expr optionalVars, SourceRange range) implements Node {
    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.one(contextExpr, f);
        Nodes.one(optionalVars, f);
    }
}
