package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the walk is in a file: the nodes in preorder, the index of the node being visited, its
 * ancestors and the frame each runs in. Only {@link TreeWalker} moves it; rules read it
 * ({@code ctx.walk()}).
 */
public final class WalkPosition {
    private final Preorder tree;
    // The walker keeps these in step with the node being visited.
    final ArrayList<Node> ancestors = new ArrayList<>();
    /** The frame owner (Module, FunctionDef, ClassDef or Lambda) of each entry in {@link #ancestors}, plus the current node. */
    final ArrayList<Node> frames = new ArrayList<>();
    int index;

    WalkPosition(Preorder tree) {
        this.tree = tree;
    }

    /** Every node of the file in preorder: a whole-file or one-subtree scan is a loop over it. */
    public Preorder tree() {
        return tree;
    }

    /** The index in {@link #tree()} of the node being visited (0, the module, at the start and the end of the file). */
    public int index() {
        return index;
    }

    /** The ancestors of the current node, outermost (the Module) first; the current node excluded. */
    public List<Node> ancestors() {
        return ancestorsView;
    }

    /** A read-only view of {@link #ancestors} without the current node (made once: rules ask for it at every node). */
    private final List<Node> ancestorsView = new java.util.AbstractList<>() {
        @Override
        public Node get(int index) {
            java.util.Objects.checkIndex(index, size());
            return ancestors.get(index);
        }

        @Override
        public int size() {
            return Math.max(0, ancestors.size() - 1);
        }
    };

    /** The direct parent of the current node (null at the module). */
    public Node parent() {
        return ancestors.size() >= 2 ? ancestors.get(ancestors.size() - 2) : null;
    }

    /** The Module, FunctionDef, ClassDef or Lambda whose code the current node is part of. */
    public Node frameOwner() {
        return frames.get(frames.size() - 1);
    }

    /** The kind of code the current node runs in. */
    public FrameKind frame() {
        return kindOf(frameOwner());
    }

    /** Lexically inside an {@code async def} body, not inside a nested def, lambda or class body. */
    public boolean inCoroutine() {
        return frame() == FrameKind.COROUTINE;
    }

    /** Whether the current node is the operand of an {@code await}. */
    public boolean isAwaited() {
        return parent() instanceof Expr.Await;
    }

    static FrameKind kindOf(Node owner) {
        // Not a type switch: rules ask at many nodes, and under C1 a pattern switch is a call that is not inlined.
        if (owner instanceof Stmt.FunctionDef d) return d.isAsync() ? FrameKind.COROUTINE : FrameKind.FUNCTION;
        if (owner instanceof Stmt.ClassDef) return FrameKind.CLASS_BODY;
        if (owner instanceof Expr.Lambda) return FrameKind.LAMBDA;
        return FrameKind.MODULE;
    }

    /** The innermost enclosing def or async def whose body the current node is in (the frame's, if a function). */
    public Stmt.FunctionDef enclosingFunction() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Stmt.FunctionDef d) return d;
        }
        return null;
    }

    /** The innermost class whose body (or a method of which) contains the current node. */
    public Stmt.ClassDef enclosingClass() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Stmt.ClassDef c) return c;
        }
        return null;
    }

    /**
     * The enclosing {@code with}/{@code async with}, {@code try}, {@code for}/{@code async for}
     * and {@code while} statements and except handlers within the current frame, innermost last.
     */
    public List<Node> enclosingBlocks() {
        List<Node> out = new ArrayList<>();
        Node owner = frameOwner();
        for (int i = ancestors.size() - 2; i >= 0; i--) {
            Node a = ancestors.get(i);
            if (a == owner) break;
            if (a instanceof Stmt.With || a instanceof Stmt.Try || a instanceof Stmt.For || a instanceof Stmt.While
                    || a instanceof dev.asyncguard.python.ast.ExceptHandler) {
                out.add(a);
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** The innermost ancestor of this type within the current frame, or null. */
    public <T extends Node> T nearestInFrame(Class<T> type) {
        Node owner = frameOwner();
        for (int i = ancestors.size() - 2; i >= 0; i--) {
            Node a = ancestors.get(i);
            if (type.isInstance(a)) return type.cast(a);
            if (a == owner) break;
        }
        return null;
    }

    /** Whether the current node is inside a comprehension or generator expression of the current frame. */
    public boolean inComprehension() {
        Node owner = frameOwner();
        for (int i = ancestors.size() - 2; i >= 0; i--) {
            Node a = ancestors.get(i);
            if (a == owner) return false;
            if (a instanceof Expr.ListComp || a instanceof Expr.SetComp || a instanceof Expr.DictComp
                    || a instanceof Expr.GeneratorExp) {
                return true;
            }
        }
        return false;
    }
}
