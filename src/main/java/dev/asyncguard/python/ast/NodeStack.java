package dev.asyncguard.python.ast;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The stack of an iterative traversal (deeply nested expressions must not overflow the Java
 * stack): {@link #pushChildren} pushes a node's children so that they pop in source order.
 * Array-backed, so that a walk allocates nothing per node.
 */
public final class NodeStack {
    /** Small at first: most walks are of a statement or an expression, and a rule makes thousands of them per file. */
    private Node[] items = new Node[16];
    private int size;
    private final Consumer<Node> pusher = this::push;

    public void push(Node node) {
        if (size == items.length) items = Arrays.copyOf(items, size * 2);
        items[size++] = node;
    }

    public Node pop() {
        Node n = items[--size];
        items[size] = null;
        return n;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Pushes the direct children of {@code node}, the first child on top; returns how many. */
    public int pushChildren(Node node) {
        int from = size;
        node.forEachChild(pusher);
        for (int i = from, j = size - 1; i < j; i++, j--) {
            Node t = items[i];
            items[i] = items[j];
            items[j] = t;
        }
        return size - from;
    }
}
