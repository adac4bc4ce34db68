package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;


/**
 * The single traversal of a file for all rules. Iterative (deeply nested expressions must not
 * overflow the Java stack), it keeps the context's ancestor and frame stacks in step and calls
 * the handlers subscribed to each node's type on entry and exit.
 */
final class TreeWalker {
    private TreeWalker() {}

    static void walk(Module module, RuleContext ctx, Subscriptions subs) {
        // The file's nodes are already laid out in preorder: the walk is a loop over them that
        // leaves each open node once the index passes the end of its subtree.
        WalkPosition at = ctx.walk();
        Preorder tree = at.tree();
        if (tree.size() == 0 || tree.node(0) != module) throw new IllegalArgumentException("the context's tree is not this module's");
        boolean leaving = subs.anyLeave();
        // Handlers on statements only (as in most files without the words of most rules): an expression's
        // subtree holds no statement, and is passed over whole. The statements' ancestors, frames and
        // indexes are the same as in a full walk.
        boolean statementsOnly = subs.statementsOnly();
        int[] open = new int[64];
        int depth = 0;
        for (int i = 0, size = tree.size(); i <= size; i++) {
            while (depth > 0 && (i == size || tree.end(open[depth - 1]) <= i)) {
                at.index = open[--depth];
                if (leaving) {
                    Node left = at.ancestors[at.depth - 1];
                    dispatch(subs.leave(left.getClass()), left, ctx);
                }
                at.pop();
            }
            if (i == size) break;
            Node node = tree.node(i);
            if (statementsOnly && node instanceof Expr) {
                i = tree.end(i) - 1;
                continue;
            }
            Node frame = at.depth == 0 ? node : frameOf(at.ancestors[at.depth - 1], node, at.frames[at.frameCount - 1]);
            at.push(node, frame);
            if (depth == open.length) open = java.util.Arrays.copyOf(open, depth * 2);
            open[depth++] = i;
            at.index = i;
            Subscriptions.Entry[] handlers = subs.enter(node.getClass());
            if (handlers.length != 0) dispatch(handlers, node, ctx);
        }
    }

    /**
     * The frame a child runs in: a def's or class's body statements and a lambda's body run in
     * their own frame; decorators, defaults, annotations and bases run where the def is.
     */
    private static Node frameOf(Node parent, Node child, Node parentFrame) {
        if (parent instanceof Stmt.FunctionDef || parent instanceof Stmt.ClassDef) {
            return child instanceof Stmt ? parent : parentFrame;
        }
        return parent instanceof Expr.Lambda && child instanceof Expr ? parent : parentFrame;
    }

    static void dispatch(Subscriptions.Entry[] entries, Node node, RuleContext ctx) {
        for (Subscriptions.Entry e : entries) {
            ctx.reporter().reportingRule = e.rule();
            try {
                e.handler().accept(node, ctx);
            } catch (RuntimeException | StackOverflowError ex) {
                throw new RuleFailure(e.rule().code(), ctx.path(), node == null ? null : node.range(), ex);
            } finally {
                ctx.reporter().reportingRule = null;
            }
        }
    }
}
