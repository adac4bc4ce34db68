package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.NodeStack;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

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
        NodeStack stack = new NodeStack();
        for (int i = roots.size() - 1; i >= 0; i--) stack.push(roots.get(i));
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            visitor.accept(n);
            if (!opensFrame(n)) stack.pushChildren(n);
        }
    }

    /**
     * As {@link #walk(List, Consumer)}, without entering expressions (they hold no statement): for a
     * question about statements ({@code global}, {@code nonlocal}) only. Expressions that are roots
     * or direct parts of a statement are visited themselves, their insides are not.
     */
    static void walkStatements(List<? extends Node> roots, Consumer<Node> visitor) {
        NodeStack stack = new NodeStack();
        for (int i = roots.size() - 1; i >= 0; i--) stack.push(roots.get(i));
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            visitor.accept(n);
            if (!(n instanceof Expr) && !opensFrame(n)) stack.pushChildren(n);
        }
    }

    /**
     * As {@link #walk(List, Consumer)}, over the nodes from {@code from} to {@code to} of the file's
     * preorder (a run of whole sibling subtrees): a loop that jumps over nested frames.
     */
    static void walk(Preorder tree, int from, int to, Consumer<Node> visitor) {
        for (int i = from; i < to; ) {
            Node n = tree.node(i);
            visitor.accept(n);
            i = opensFrame(n) ? tree.end(i) : i + 1;
        }
    }

    /**
     * Where the body of {@code def}, the node the walk is visiting, starts in the file's preorder;
     * it ends where the def's subtree does ({@code ctx.walk().tree().end(ctx.walk().index())}).
     */
    static int bodyStart(RuleContext ctx, Stmt.FunctionDef def) {
        Preorder tree = ctx.walk().tree();
        int at = ctx.walk().index();
        if (tree.node(at) != def) throw new IllegalStateException("bodyStart is asked about the def being visited");
        return def.body().isEmpty() ? tree.end(at) : tree.childIndex(at, def.body().get(0));
    }

    /**
     * Visits every node of the file, nested frames included, in the order of {@code Nodes.walk} over
     * the module: a loop over the file's preorder, which the analysis laid out once.
     */
    static void wholeFile(RuleContext ctx, Consumer<Node> visitor) {
        Preorder tree = ctx.walk().tree();
        for (int i = 0, size = tree.size(); i < size; i++) visitor.accept(tree.node(i));
    }

    static void walk(Node root, Consumer<Node> visitor) {
        walk(List.of(root), visitor);
    }

    /** Nodes whose inner code is a frame of its own; {@link #walk} visits them but not their insides. */
    static boolean opensFrame(Node n) {
        return AsyncGenerators.opensScope(n);
    }

    /**
     * The parts of a frame-opening node that run where it stands, not in its own frame: a nested
     * def's decorators and default values, a class's decorators, bases and keywords, a lambda's
     * defaults ({@code def f(x=await g()):} in a coroutine awaits in the coroutine).
     */
    static List<Node> evaluatedWhereDefined(Node n) {
        List<Node> out = new java.util.ArrayList<>();
        switch (n) {
            case Stmt.FunctionDef def -> {
                out.addAll(def.decorators());
                defaults(def.args(), out);
            }
            case Expr.Lambda lambda -> defaults(lambda.args(), out);
            case Stmt.ClassDef cls -> {
                out.addAll(cls.decorators());
                out.addAll(cls.bases());
                out.addAll(cls.keywords());
            }
            default -> { }
        }
        return out;
    }

    private static void defaults(dev.asyncguard.python.ast.Arguments args, List<Node> out) {
        out.addAll(args.defaults());
        for (Expr d : args.kwDefaults()) if (d != null) out.add(d);
    }

    /** Whether {@code test} holds for a node {@link #walk} visits; the walk stops at the first that does. */
    static boolean any(List<? extends Node> roots, Predicate<Node> test) {
        NodeStack stack = new NodeStack();
        for (int i = roots.size() - 1; i >= 0; i--) stack.push(roots.get(i));
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (test.test(n)) return true;
            if (!opensFrame(n)) stack.pushChildren(n);
        }
        return false;
    }

    /**
     * The index of {@code n} itself in {@code list}, -1 when absent: AST nodes are records, whose
     * {@code equals} (what {@code List.indexOf} and {@code contains} call) compares whole subtrees.
     */
    static int indexOfSame(List<? extends Node> list, Node n) {
        for (int i = 0, size = list.size(); i < size; i++) if (list.get(i) == n) return i;
        return -1;
    }

    /** Whether {@code n} itself is in {@code list} (see {@link #indexOfSame}). */
    static boolean containsSame(List<? extends Node> list, Node n) {
        return indexOfSame(list, n) >= 0;
    }

    static boolean any(Node root, Predicate<Node> test) {
        return any(List.of(root), test);
    }

    /** Whether the code suspends: {@code await}, {@code async for}, {@code async with}, or an async comprehension. */
    static boolean suspends(List<? extends Node> roots) {
        return any(roots, FrameNodes::isSuspension);
    }

    static boolean isSuspension(Node n) {
        // Asked at every node of the scanned code: an instanceof chain (under C1 a type switch is a call not inlined).
        if (n instanceof Expr.Await) return true;
        if (n instanceof Stmt.For f) return f.isAsync();
        if (n instanceof Stmt.With w) return w.isAsync();
        return n instanceof dev.asyncguard.python.ast.Comprehension c && c.isAsync();
    }

    /** Whether a function body (its own frame) contains {@code yield}: a generator, or an async generator if async. */
    static boolean isGenerator(Stmt.FunctionDef def) {
        return any(def.body(), n -> n instanceof Expr.Yield || n instanceof Expr.YieldFrom);
    }
}
