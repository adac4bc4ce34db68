package dev.asyncguard.python.ast;

import java.util.Arrays;

/**
 * A tree laid out flat: every node in preorder (parents before children, children in source
 * order, as {@link Nodes#walk} visits them), with where each node's subtree ends. Built with one
 * traversal, it lets the analysis scan a whole file, or one subtree, as an array loop, and skip a
 * subtree in one step, instead of walking the records again for each question.
 */
public final class Preorder {
    private final Node[] nodes;
    private final int[] ends;

    private Preorder(Node[] nodes, int[] ends) {
        this.nodes = nodes;
        this.ends = ends;
    }

    public static Preorder of(Node root) {
        Builder b = new Builder();
        b.add(root);
        return new Preorder(Arrays.copyOf(b.nodes, b.size), Arrays.copyOf(b.ends, b.size));
    }

    public int size() {
        return nodes.length;
    }

    public Node node(int index) {
        return nodes[index];
    }

    /** The index just past the subtree of the node at {@code index}: its descendants are the indices between. */
    public int end(int index) {
        return ends[index];
    }

    /** The index of {@code child}, a direct child of the node at {@code parent}; -1 when it is none. */
    public int childIndex(int parent, Node child) {
        for (int i = parent + 1, stop = ends[parent]; i < stop; i = ends[i]) {
            if (nodes[i] == child) return i;
        }
        return -1;
    }

    /** Depth-first with an explicit stack of open subtrees: nesting depth is not bounded by the Java stack. */
    private static final class Builder {
        Node[] nodes = new Node[256];
        int[] ends = new int[256];
        int size;
        private final NodeStack pending = new NodeStack();
        private int[] open = new int[64];
        private int openCount;
        /** Popped in place of a node whose subtree is complete. */
        private static final Node CLOSE = new Stmt.Pass(SourceRange.NONE);

        void add(Node root) {
            pending.push(root);
            while (!pending.isEmpty()) {
                Node n = pending.pop();
                if (n == CLOSE) {
                    ends[open[--openCount]] = size;
                    continue;
                }
                if (size == nodes.length) {
                    nodes = Arrays.copyOf(nodes, size * 2);
                    ends = Arrays.copyOf(ends, size * 2);
                }
                int index = size++;
                nodes[index] = n;
                ends[index] = size;
                pending.push(CLOSE);
                if (pending.pushChildren(n) == 0) {
                    pending.pop(); // a leaf: its subtree is itself
                } else {
                    if (openCount == open.length) open = Arrays.copyOf(open, openCount * 2);
                    open[openCount++] = index;
                }
            }
        }
    }

}
