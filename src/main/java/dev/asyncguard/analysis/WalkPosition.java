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
    // The walker keeps these in step with the node being visited: arrays with a count (the walk pushes
    // and pops at every node of every file; rules read them at many).
    /** The open nodes, outermost (the Module) first, the current node last: {@link #depth} of them. */
    Node[] ancestors = new Node[64];
    int depth;
    /**
     * The frame owner (Module, FunctionDef, ClassDef or Lambda) of each entry in {@link #ancestors}:
     * {@link #frameCount} of them (one more than the ancestors before and after the walk, the module's).
     */
    Node[] frames = new Node[64];
    int frameCount;
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
            return ancestors[index];
        }

        @Override
        public int size() {
            return Math.max(0, depth - 1);
        }
    };

    /** The direct parent of the current node (null at the module). */
    public Node parent() {
        return depth >= 2 ? ancestors[depth - 2] : null;
    }

    /** The Module, FunctionDef, ClassDef or Lambda whose code the current node is part of. */
    public Node frameOwner() {
        return frames[frameCount - 1];
    }

    /** Enters {@code node}, which runs in {@code frame} (the walker's step). */
    void push(Node node, Node frame) {
        if (depth == ancestors.length) ancestors = java.util.Arrays.copyOf(ancestors, depth * 2);
        if (frameCount == frames.length) frames = java.util.Arrays.copyOf(frames, frameCount * 2);
        ancestors[depth++] = node;
        frames[frameCount++] = frame;
    }

    /** Leaves the current node (the walker's step). */
    void pop() {
        ancestors[--depth] = null;
        frames[--frameCount] = null;
    }

    /** At module level outside the walk (file start and end): no ancestors, in the module's frame. */
    void atModuleLevel(Node module) {
        java.util.Arrays.fill(ancestors, 0, depth, null);
        java.util.Arrays.fill(frames, 0, frameCount, null);
        depth = 0;
        frames[0] = module;
        frameCount = 1;
    }

    /** Before the walk: no ancestors, no frames. */
    void clear() {
        java.util.Arrays.fill(ancestors, 0, depth, null);
        java.util.Arrays.fill(frames, 0, frameCount, null);
        depth = 0;
        frameCount = 0;
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
        for (int i = frameCount - 1; i >= 0; i--) {
            if (frames[i] instanceof Stmt.FunctionDef d) return d;
        }
        return null;
    }

    /** The innermost class whose body (or a method of which) contains the current node. */
    public Stmt.ClassDef enclosingClass() {
        for (int i = frameCount - 1; i >= 0; i--) {
            if (frames[i] instanceof Stmt.ClassDef c) return c;
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
        for (int i = depth - 2; i >= 0; i--) {
            Node a = ancestors[i];
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
        for (int i = depth - 2; i >= 0; i--) {
            Node a = ancestors[i];
            if (type.isInstance(a)) return type.cast(a);
            if (a == owner) break;
        }
        return null;
    }

    /** Whether the current node is inside a comprehension or generator expression of the current frame. */
    public boolean inComprehension() {
        Node owner = frameOwner();
        for (int i = depth - 2; i >= 0; i--) {
            Node a = ancestors[i];
            if (a == owner) return false;
            if (a instanceof Expr.ListComp || a instanceof Expr.SetComp || a instanceof Expr.DictComp
                    || a instanceof Expr.GeneratorExp) {
                return true;
            }
        }
        return false;
    }
}
