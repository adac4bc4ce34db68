package dev.asyncguard.analysis.rules;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

/** Recognizes async generator functions: an {@code async def} whose own body yields. */
public final class AsyncGenerators {
    private AsyncGenerators() {}

    public static boolean isAsyncGenerator(Stmt def) {
        return def instanceof Stmt.FunctionDef d && d.isAsync() && yields(d);
    }

    /** Whether the function's own body (not nested defs or lambdas) contains {@code yield}: calling it makes a generator. */
    public static boolean yields(Stmt.FunctionDef def) {
        boolean[] yields = {false};
        for (Stmt s : def.body()) {
            StatementBlocks.walkSameScope(s, n -> {
                if (n instanceof Expr.Yield || n instanceof Expr.YieldFrom) yields[0] = true;
            });
            if (yields[0]) return true;
        }
        return false;
    }

    /** Whether {@code n} is a node that starts another scope (its body is not part of the current function). */
    static boolean opensScope(Node n) {
        return n instanceof Stmt.FunctionDef || n instanceof Stmt.ClassDef || n instanceof Expr.Lambda;
    }
}
