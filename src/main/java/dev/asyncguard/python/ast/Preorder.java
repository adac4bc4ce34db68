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
        b.accept(root);
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

    /**
     * Depth-first. Recursive while shallow (a third faster than the explicit stack, C1-compiled,
     * over CPython's library); below {@link #MAX_RECURSION} levels a subtree is laid out with an
     * explicit stack of open subtrees, so nesting depth is not bounded by the Java stack.
     */
    private static final class Builder implements java.util.function.Consumer<Node> {
        private static final int MAX_RECURSION = 256;
        Node[] nodes = new Node[256];
        int[] ends = new int[256];
        int size;
        private int depth;

        /** Lays out {@code n} and its subtree at the end of the arrays. */
        @Override
        public void accept(Node n) {
            if (depth >= MAX_RECURSION) {
                add(n);
                return;
            }
            int index = append(n);
            depth++;
            n.forEachChild(this);
            depth--;
            ends[index] = size;
        }

        private int append(Node n) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            int index = size++;
            nodes[index] = n;
            ends[index] = size;
            return index;
        }
        private final NodeStack pending = new NodeStack();
        private int[] open = new int[64];
        private int openCount;
        /** Popped in place of a node whose subtree is complete. */
        private static final Node CLOSE = new Stmt.Pass(SourceRange.NONE);

        /** The subtree of {@code root} without recursion. */
        void add(Node root) {
            pending.push(root);
            while (!pending.isEmpty()) {
                Node n = pending.pop();
                if (n == CLOSE) {
                    ends[open[--openCount]] = size;
                    continue;
                }
                int index = append(n);
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
