package dev.asyncguard.python.ast;

import java.util.function.Consumer;

/**
 * A node of our Python AST. The shapes follow CPython's {@code ast} module (the Python Language
 * Reference's abstract grammar) so that anyone who knows {@code ast.dump} can read them; every
 * node is an immutable record with its {@link SourceRange}. No parser type ever appears here.
 */
public sealed interface Node
        permits Module, Stmt, Expr, Pattern, Arguments, Arg, Keyword, Alias, WithItem, ExceptHandler,
                Comprehension, MatchCase, TypeParam {
    SourceRange range();

    /**
     * Calls {@code f} with each direct child, in source order, skipping absent (null) ones. Each
     * record lists its own children: one virtual call per node, where a pattern switch over some
     * seventy record types would test them one after another.
     */
    void forEachChild(Consumer<? super Node> f);
}
