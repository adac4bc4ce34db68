package dev.asyncguard.python.ast;

import java.util.List;

/** One {@code [async] for target in iter [if cond]...} clause. */
public record Comprehension(Expr target, Expr iter, List<Expr> ifs, boolean isAsync, SourceRange range)
        implements Node {
    public Comprehension {
        ifs = List.copyOf(ifs);
    }
}
