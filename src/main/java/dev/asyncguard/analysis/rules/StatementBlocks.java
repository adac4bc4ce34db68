package dev.asyncguard.analysis.rules;

import dev.asyncguard.python.ast.ExceptHandler;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.MatchCase;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Straight-line structure within one function: nested statement lists, and walks that stay in one scope. */
public final class StatementBlocks {
    private StatementBlocks() {}

    /** The statement lists directly nested in a compound statement (bodies, else, handlers, finally, cases). */
    public static List<List<Stmt>> nestedBlocks(Stmt s) {
        // Most statements are simple: no list is built for them.
        return switch (s) {
            case Stmt.If i -> List.of(i.body(), i.orelse());
            case Stmt.For f -> List.of(f.body(), f.orelse());
            case Stmt.While w -> List.of(w.body(), w.orelse());
            case Stmt.With w -> List.of(w.body());
            case Stmt.Try t -> {
                List<List<Stmt>> out = new ArrayList<>();
                out.add(t.body());
                for (ExceptHandler h : t.handlers()) out.add(h.body());
                out.add(t.orelse());
                out.add(t.finalbody());
                yield out;
            }
            case Stmt.Match m -> {
                List<List<Stmt>> out = new ArrayList<>();
                for (MatchCase c : m.cases()) out.add(c.body());
                yield out;
            }
            default -> List.of();
        };
    }

    /**
     * Visits {@code root} and its descendants in source order, without entering nested function,
     * class or lambda bodies (code that runs at another time).
     */
    public static void walkSameScope(Node root, Consumer<Node> visitor) {
        visitor.accept(root);
        if (root instanceof Stmt.FunctionDef || root instanceof Stmt.ClassDef || root instanceof Expr.Lambda) return;
        Nodes.forEachChild(root, child -> walkSameScope(child, visitor));
    }
}
