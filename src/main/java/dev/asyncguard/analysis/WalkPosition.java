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
 * ancestors and the frame each runs in. Only {@link TreeWalker} moves it; rules read it through
 * {@link RuleContext}.
 */
final class WalkPosition {
    private final Preorder tree;
    // The walker keeps these in step with the node being visited.
    final ArrayList<Node> ancestors = new ArrayList<>();
    /** The frame owner (Module, FunctionDef, ClassDef or Lambda) of each entry in {@link #ancestors}, plus the current node. */
    final ArrayList<Node> frames = new ArrayList<>();
    int position;

    WalkPosition(Preorder tree) {
        this.tree = tree;
    }

    Preorder tree() {
        return tree;
    }

    int position() {
        return position;
    }

    List<Node> ancestors() {
        return Collections.unmodifiableList(ancestors.subList(0, Math.max(0, ancestors.size() - 1)));
    }

    Node parent() {
        return ancestors.size() >= 2 ? ancestors.get(ancestors.size() - 2) : null;
    }

    Node frameOwner() {
        return frames.get(frames.size() - 1);
    }

    FrameKind frame() {
        return kindOf(frameOwner());
    }

    static FrameKind kindOf(Node owner) {
        return switch (owner) {
            case Stmt.FunctionDef d -> d.isAsync() ? FrameKind.COROUTINE : FrameKind.FUNCTION;
            case Stmt.ClassDef c -> FrameKind.CLASS_BODY;
            case Expr.Lambda l -> FrameKind.LAMBDA;
            default -> FrameKind.MODULE;
        };
    }

    Stmt.FunctionDef enclosingFunction() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Stmt.FunctionDef d) return d;
        }
        return null;
    }

    Stmt.ClassDef enclosingClass() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Stmt.ClassDef c) return c;
        }
        return null;
    }

    List<Node> enclosingBlocks() {
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

    <T extends Node> T nearestInFrame(Class<T> type) {
        Node owner = frameOwner();
        for (int i = ancestors.size() - 2; i >= 0; i--) {
            Node a = ancestors.get(i);
            if (type.isInstance(a)) return type.cast(a);
            if (a == owner) break;
        }
        return null;
    }

    boolean inComprehension() {
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
