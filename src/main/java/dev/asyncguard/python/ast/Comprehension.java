package dev.asyncguard.python.ast;

import java.util.List;
import java.util.function.Consumer;

/** One {@code [async] for target in iter [if cond]...} clause. */
public record Comprehension(Expr target, Expr iter, List<Expr> ifs, boolean isAsync, SourceRange range)
        implements Node {
    public Comprehension {
        ifs = NodeList.immutable(ifs);
    }

    @Override
    public void forEachChild(Consumer<? super Node> f) {
        Nodes.one(target, f);
        Nodes.one(iter, f);
        Nodes.all(ifs, f);
    }
}
