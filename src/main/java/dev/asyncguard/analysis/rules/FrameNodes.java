package dev.asyncguard.analysis.rules;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The nodes of one frame: what runs when a function body runs, without the bodies of nested
 * defs, lambdas and classes (they run later, elsewhere, or never). Comprehensions belong to the
 * frame, as in {@link dev.asyncguard.analysis.FrameKind}.
 */
final class FrameNodes {
    private FrameNodes() {}

    /** Visits every node under {@code roots} in source order, parents first, not entering nested frames. */
    static void walk(List<? extends Node> roots, Consumer<Node> visitor) {
        ArrayList<Node> stack = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) stack.add(roots.get(i));
        List<Node> kids = new ArrayList<>();
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            visitor.accept(n);
            if (opensFrame(n)) continue;
            kids.clear();
            Nodes.forEachChild(n, kids::add);
            for (int i = kids.size() - 1; i >= 0; i--) stack.add(kids.get(i));
        }
    }

    static void walk(Node root, Consumer<Node> visitor) {
        walk(List.of(root), visitor);
    }

    /** Nodes whose inner code is a frame of its own; {@link #walk} visits them but not their insides. */
    static boolean opensFrame(Node n) {
        return AsyncGenerators.opensScope(n);
    }

    static boolean any(List<? extends Node> roots, Predicate<Node> test) {
        boolean[] found = {false};
        walk(roots, n -> {
            if (!found[0] && test.test(n)) found[0] = true;
        });
        return found[0];
    }

    static boolean any(Node root, Predicate<Node> test) {
        return any(List.of(root), test);
    }

    /** Whether the code suspends: {@code await}, {@code async for}, {@code async with}, or an async comprehension. */
    static boolean suspends(List<? extends Node> roots) {
        return any(roots, FrameNodes::isSuspension);
    }

    static boolean isSuspension(Node n) {
        return switch (n) {
            case Expr.Await a -> true;
            case Stmt.For f -> f.isAsync();
            case Stmt.With w -> w.isAsync();
            case dev.asyncguard.python.ast.Comprehension c -> c.isAsync();
            default -> false;
        };
    }

    /** Whether a function body (its own frame) contains {@code yield}: a generator, or an async generator if async. */
    static boolean isGenerator(Stmt.FunctionDef def) {
        return any(def.body(), n -> n instanceof Expr.Yield || n instanceof Expr.YieldFrom);
    }
}
