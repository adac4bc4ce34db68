package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.List;

/**
 * The single traversal of a file for all rules. Iterative (deeply nested expressions must not
 * overflow the Java stack), it keeps the context's ancestor and frame stacks in step and calls
 * the handlers subscribed to each node's type on entry and exit.
 */
final class TreeWalker {
    private TreeWalker() {}

    static void walk(Module module, RuleContext ctx, Subscriptions subs) {
        ArrayList<Node> stack = new ArrayList<>();
        ArrayList<Boolean> leaving = new ArrayList<>();
        List<Node> children = new ArrayList<>();
        stack.add(module);
        leaving.add(false);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Node node = stack.remove(top);
            boolean isLeave = leaving.remove(top);
            if (isLeave) {
                dispatch(subs.leave(node.getClass()), node, ctx);
                ctx.ancestors.remove(ctx.ancestors.size() - 1);
                ctx.frames.remove(ctx.frames.size() - 1);
                continue;
            }
            Node parent = ctx.ancestors.isEmpty() ? null : ctx.ancestors.get(ctx.ancestors.size() - 1);
            Node frame = parent == null ? node : frameOf(parent, node, ctx.frames.get(ctx.frames.size() - 1));
            ctx.ancestors.add(node);
            ctx.frames.add(frame);
            dispatch(subs.enter(node.getClass()), node, ctx);
            stack.add(node);
            leaving.add(true);
            children.clear();
            Nodes.forEachChild(node, children::add);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.add(children.get(i));
                leaving.add(false);
            }
        }
    }

    /**
     * The frame a child runs in: a def's or class's body statements and a lambda's body run in
     * their own frame; decorators, defaults, annotations and bases run where the def is.
     */
    private static Node frameOf(Node parent, Node child, Node parentFrame) {
        return switch (parent) {
            case Stmt.FunctionDef d when child instanceof Stmt -> d;
            case Stmt.ClassDef c when child instanceof Stmt -> c;
            case Expr.Lambda l when child instanceof Expr -> l;
            default -> parentFrame;
        };
    }

    static void dispatch(List<Subscriptions.Entry> entries, Node node, RuleContext ctx) {
        for (int i = 0; i < entries.size(); i++) {
            Subscriptions.Entry e = entries.get(i);
            ctx.reportingRule = e.rule();
            try {
                e.handler().accept(node, ctx);
            } catch (RuntimeException | StackOverflowError ex) {
                throw new RuleFailure(e.rule().code(), ctx.path(), node == null ? null : node.range(), ex);
            } finally {
                ctx.reportingRule = null;
            }
        }
    }
}
