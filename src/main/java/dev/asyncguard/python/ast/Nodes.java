package dev.asyncguard.python.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Generic traversal: the direct children of any node, in source order. */
public final class Nodes {
    private Nodes() {}

    public static List<Node> children(Node node) {
        List<Node> out = new ArrayList<>();
        forEachChild(node, out::add);
        return out;
    }

    /** Visits {@code node} and every descendant, parents before children. */
    public static void walk(Node node, Consumer<Node> visitor) {
        // An explicit stack: deeply nested expressions must not overflow the Java stack.
        ArrayList<Node> stack = new ArrayList<>();
        stack.add(node);
        List<Node> kids = new ArrayList<>();
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            visitor.accept(n);
            kids.clear();
            forEachChild(n, kids::add);
            for (int i = kids.size() - 1; i >= 0; i--) stack.add(kids.get(i));
        }
    }

    public static void forEachChild(Node node, Consumer<Node> f) {
        switch (node) {
            case Module m -> all(m.body(), f);
            case Stmt s -> stmtChildren(s, f);
            case Expr e -> exprChildren(e, f);
            case Pattern p -> patternChildren(p, f);
            case Arguments a -> {
                List<Arg> positional = new ArrayList<>(a.posonlyargs());
                positional.addAll(a.args());
                all(positional, f);
                all(a.defaults(), f);
                one(a.vararg(), f);
                for (int i = 0; i < a.kwonlyargs().size(); i++) {
                    f.accept(a.kwonlyargs().get(i));
                    if (i < a.kwDefaults().size()) one(a.kwDefaults().get(i), f);
                }
                one(a.kwarg(), f);
            }
            case Arg a -> one(a.annotation(), f);
            case Keyword k -> one(k.value(), f);
            case Alias ignored -> { }
            case WithItem w -> {
                one(w.contextExpr(), f);
                one(w.optionalVars(), f);
            }
            case ExceptHandler h -> {
                one(h.type(), f);
                all(h.body(), f);
            }
            case Comprehension c -> {
                one(c.target(), f);
                one(c.iter(), f);
                all(c.ifs(), f);
            }
            case MatchCase c -> {
                one(c.pattern(), f);
                one(c.guard(), f);
                all(c.body(), f);
            }
            case TypeParam t -> {
                one(t.bound(), f);
                one(t.defaultValue(), f);
            }
        }
    }

    private static void stmtChildren(Stmt s, Consumer<Node> f) {
        switch (s) {
            case Stmt.FunctionDef d -> {
                all(d.decorators(), f);
                all(d.typeParams(), f);
                f.accept(d.args());
                one(d.returns(), f);
                all(d.body(), f);
            }
            case Stmt.ClassDef c -> {
                all(c.decorators(), f);
                all(c.typeParams(), f);
                all(c.bases(), f);
                all(c.keywords(), f);
                all(c.body(), f);
            }
            case Stmt.Return r -> one(r.value(), f);
            case Stmt.Delete d -> all(d.targets(), f);
            case Stmt.Assign a -> {
                all(a.targets(), f);
                one(a.value(), f);
            }
            case Stmt.TypeAlias t -> {
                f.accept(t.name());
                all(t.typeParams(), f);
                one(t.value(), f);
            }
            case Stmt.AugAssign a -> {
                one(a.target(), f);
                one(a.value(), f);
            }
            case Stmt.AnnAssign a -> {
                one(a.target(), f);
                one(a.annotation(), f);
                one(a.value(), f);
            }
            case Stmt.For l -> {
                one(l.target(), f);
                one(l.iter(), f);
                all(l.body(), f);
                all(l.orelse(), f);
            }
            case Stmt.While w -> {
                one(w.test(), f);
                all(w.body(), f);
                all(w.orelse(), f);
            }
            case Stmt.If i -> {
                one(i.test(), f);
                all(i.body(), f);
                all(i.orelse(), f);
            }
            case Stmt.With w -> {
                all(w.items(), f);
                all(w.body(), f);
            }
            case Stmt.Match m -> {
                one(m.subject(), f);
                all(m.cases(), f);
            }
            case Stmt.Raise r -> {
                one(r.exc(), f);
                one(r.cause(), f);
            }
            case Stmt.Try t -> {
                all(t.body(), f);
                all(t.handlers(), f);
                all(t.orelse(), f);
                all(t.finalbody(), f);
            }
            case Stmt.Assert a -> {
                one(a.test(), f);
                one(a.msg(), f);
            }
            case Stmt.Import i -> all(i.names(), f);
            case Stmt.ImportFrom i -> all(i.names(), f);
            case Stmt.ExprStmt e -> one(e.value(), f);
            case Stmt.Global ignored -> { }
            case Stmt.Nonlocal ignored -> { }
            case Stmt.Pass ignored -> { }
            case Stmt.Break ignored -> { }
            case Stmt.Continue ignored -> { }
        }
    }

    private static void exprChildren(Expr e, Consumer<Node> f) {
        switch (e) {
            case Expr.BoolOp b -> all(b.values(), f);
            case Expr.NamedExpr n -> {
                f.accept(n.target());
                one(n.value(), f);
            }
            case Expr.BinOp b -> {
                one(b.left(), f);
                one(b.right(), f);
            }
            case Expr.UnaryOp u -> one(u.operand(), f);
            case Expr.Lambda l -> {
                f.accept(l.args());
                one(l.body(), f);
            }
            case Expr.IfExp i -> {
                one(i.body(), f);
                one(i.test(), f);
                one(i.orelse(), f);
            }
            case Expr.Dict d -> {
                for (int i = 0; i < d.values().size(); i++) {
                    one(d.keys().get(i), f);
                    f.accept(d.values().get(i));
                }
            }
            case Expr.SetExpr s -> all(s.elts(), f);
            case Expr.ListComp c -> {
                one(c.elt(), f);
                all(c.generators(), f);
            }
            case Expr.SetComp c -> {
                one(c.elt(), f);
                all(c.generators(), f);
            }
            case Expr.DictComp c -> {
                one(c.key(), f);
                one(c.value(), f);
                all(c.generators(), f);
            }
            case Expr.GeneratorExp c -> {
                one(c.elt(), f);
                all(c.generators(), f);
            }
            case Expr.Await a -> one(a.value(), f);
            case Expr.Yield y -> one(y.value(), f);
            case Expr.YieldFrom y -> one(y.value(), f);
            case Expr.Compare c -> {
                one(c.left(), f);
                all(c.comparators(), f);
            }
            case Expr.Call c -> {
                one(c.func(), f);
                all(c.args(), f);
                all(c.keywords(), f);
            }
            case Expr.FormattedValue v -> {
                one(v.value(), f);
                one(v.formatSpec(), f);
            }
            case Expr.Interpolation v -> {
                one(v.value(), f);
                one(v.formatSpec(), f);
            }
            case Expr.JoinedStr j -> all(j.values(), f);
            case Expr.TemplateStr t -> all(t.values(), f);
            case Expr.Constant ignored -> { }
            case Expr.Attribute a -> one(a.value(), f);
            case Expr.Subscript s -> {
                one(s.value(), f);
                one(s.slice(), f);
            }
            case Expr.Starred s -> one(s.value(), f);
            case Expr.Name ignored -> { }
            case Expr.ListExpr l -> all(l.elts(), f);
            case Expr.Tuple t -> all(t.elts(), f);
            case Expr.Slice s -> {
                one(s.lower(), f);
                one(s.upper(), f);
                one(s.step(), f);
            }
        }
    }

    private static void patternChildren(Pattern p, Consumer<Node> f) {
        switch (p) {
            case Pattern.MatchValue v -> one(v.value(), f);
            case Pattern.MatchSingleton s -> f.accept(s.value());
            case Pattern.MatchSequence s -> all(s.patterns(), f);
            case Pattern.MatchMapping m -> {
                for (int i = 0; i < m.keys().size(); i++) {
                    f.accept(m.keys().get(i));
                    f.accept(m.patterns().get(i));
                }
            }
            case Pattern.MatchClass c -> {
                one(c.cls(), f);
                all(c.patterns(), f);
                all(c.kwdPatterns(), f);
            }
            case Pattern.MatchStar ignored -> { }
            case Pattern.MatchAs a -> one(a.pattern(), f);
            case Pattern.MatchOr o -> all(o.patterns(), f);
        }
    }

    private static void one(Node n, Consumer<Node> f) {
        if (n != null) f.accept(n);
    }

    private static void all(List<? extends Node> nodes, Consumer<Node> f) {
        for (Node n : nodes) if (n != null) f.accept(n);
    }
}
