package dev.asyncguard.python.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Generic traversal: the direct children of any node, in source order. */
public final class Nodes {
    private Nodes() {}

    public static List<Node> children(Node node) {
        List<Node> out = new ArrayList<>();
        node.forEachChild(out::add);
        return out;
    }

    /** Visits {@code node} and every descendant, parents before children. */
    public static void walk(Node node, Consumer<Node> visitor) {
        NodeStack stack = new NodeStack();
        stack.push(node);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            visitor.accept(n);
            stack.pushChildren(n);
        }
    }

    public static void forEachChild(Node node, Consumer<Node> f) {
        node.forEachChild(f);
    }

    // Shared by the records' forEachChild. Index loops: an iterator per list is an allocation
    // the one-shot CLI's C1-compiled code does not optimize away.

    static void one(Node n, Consumer<? super Node> f) {
        if (n != null) f.accept(n);
    }

    static void all(List<? extends Node> nodes, Consumer<? super Node> f) {
        for (int i = 0, size = nodes.size(); i < size; i++) {
            Node n = nodes.get(i);
            if (n != null) f.accept(n);
        }
    }
}
