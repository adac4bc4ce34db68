package dev.asyncguard.analysis.names;

import dev.asyncguard.analysis.names.Binding.BindingKind;
import dev.asyncguard.python.ast.Alias;
import dev.asyncguard.python.ast.Arg;
import dev.asyncguard.python.ast.Arguments;
import dev.asyncguard.python.ast.Comprehension;
import dev.asyncguard.python.ast.ExceptHandler;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Pattern;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;
import dev.asyncguard.python.ast.WithItem;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One pass over a module that builds its scopes (Python's rules: function scopes, class bodies
 * that nested functions do not see, comprehensions, {@code global}/{@code nonlocal}) and records,
 * for every name and parameter, the scope it appears in.
 */
final class ScopeBuilder {
    final Map<Node, Scope> scopes = new IdentityHashMap<>();
    final Map<Expr.Name, Scope> nameScopes;
    /** The first parameter of each method: the instance (or, for classmethods, the class). */
    final Map<Arg, Scope> selfParameters = new IdentityHashMap<>();
    final Map<Arg, Stmt.FunctionDef> parameterOwners = new IdentityHashMap<>();
    final Scope module;
    /** Whether the module defines any {@code async def}, at any depth. */
    boolean hasCoroutines;

    /** The module's nodes in preorder: statement lists are visited as loops over it. */
    private final Preorder order;

    ScopeBuilder(Module m, Preorder order) {
        if (order.size() == 0 || order.node(0) != m) throw new IllegalArgumentException("the preorder is not this module's");
        this.order = order;
        // About one node in three is a name: sized once rather than grown by rehashing.
        nameScopes = new IdentityHashMap<>(Math.max(32, order.size() / 3));
        module = new Scope(Scope.Kind.MODULE, m, null);
        scopes.put(m, module);
        visitRange(1, order.end(0), module);
    }

    /**
     * Visits the sibling subtrees between {@code from} and {@code to} in the preorder, all in scope
     * {@code s}: as {@link #visit} would one by one, but a loop over the array. A node that opens a
     * scope is handed to its handler, which visits its parts in their scopes; the loop then jumps
     * past its subtree. Any other node binds what it binds, and its children follow it in the array.
     */
    private void visitRange(int from, int to, Scope s) {
        for (int i = from; i < to; ) {
            Node n = order.node(i);
            if (n instanceof Expr.Name name) {
                nameScopes.put(name, s);
                i++;
                continue;
            }
            // An instanceof chain, not a type switch: under C1 (the CLI's compiler) a pattern switch is an
            // invokedynamic call that is not inlined, at nearly every node of every file.
            if (n instanceof Stmt.FunctionDef d) {
                function(d, i, s);
            } else if (n instanceof Stmt.ClassDef c) {
                classDef(c, i, s);
            } else if (n instanceof Expr.Lambda || n instanceof Expr.ListComp || n instanceof Expr.SetComp
                    || n instanceof Expr.GeneratorExp || n instanceof Expr.DictComp) {
                visit(n, s);
            } else {
                bindingsOf(n, s);
                i++;
                continue;
            }
            i = order.end(i);
        }
    }

    /** Visits the statements of a def's or class's body, the last of its children, in scope {@code s}. */
    private void visitBody(List<Stmt> body, int owner, Scope s) {
        if (owner < 0) {
            for (Stmt st : body) visit(st, s);
        } else if (!body.isEmpty()) {
            visitRange(order.childIndex(owner, body.get(0)), order.end(owner), s);
        }
    }

    private void visit(Node n, Scope s) {
        // Names are the most frequent nodes: answered before the type switch tests the others.
        if (n instanceof Expr.Name name) {
            nameScopes.put(name, s);
            return;
        }
        switch (n) {
            case Stmt.FunctionDef d -> function(d, -1, s);
            case Stmt.ClassDef c -> classDef(c, -1, s);
            case Expr.Lambda l -> {
                outerParts(l.args(), s);
                Scope ls = new Scope(Scope.Kind.LAMBDA, l, s);
                scopes.put(l, ls);
                bindParameters(l.args(), ls, null);
                visit(l.body(), ls);
            }
            case Expr.ListComp c -> comprehension(c, c.generators(), s, c.elt());
            case Expr.SetComp c -> comprehension(c, c.generators(), s, c.elt());
            case Expr.GeneratorExp c -> comprehension(c, c.generators(), s, c.elt());
            case Expr.DictComp c -> comprehension(c, c.generators(), s, c.key(), c.value());
            default -> {
                bindingsOf(n, s);
                Scope outer = childScope;
                childScope = s;
                n.forEachChild(visitChild);
                childScope = outer;
            }
        }
    }

    // The scope the children of the node being visited are in: one visitor for the whole walk
    // rather than a lambda allocated per node.
    private Scope childScope;
    private final Consumer<Node> visitChild = child -> visit(child, childScope);

    /** {@code at}: the def's index in the preorder, or -1 when it is visited outside a statement list. */
    private void function(Stmt.FunctionDef d, int at, Scope s) {
        if (d.isAsync()) hasCoroutines = true;
        bind(s, d.name(), BindingKind.FUNCTION, d, null, null, null, d.range());
        for (Expr dec : d.decorators()) visit(dec, s);
        outerParts(d.args(), s);
        if (d.returns() != null) visit(d.returns(), s);
        Scope fs = new Scope(Scope.Kind.FUNCTION, d, s);
        scopes.put(d, fs);
        Scope owningClass = s.isClassBody() && !isStaticMethod(d) ? s : null;
        bindParameters(d.args(), fs, owningClass);
        for (Arg a : d.args().all()) parameterOwners.put(a, d);
        visitBody(d.body(), at, fs);
    }

    private static boolean isStaticMethod(Stmt.FunctionDef d) {
        for (Expr dec : d.decorators()) {
            if (dec instanceof Expr.Name n && n.id().equals("staticmethod")) return true;
        }
        return false;
    }

    private void classDef(Stmt.ClassDef c, int at, Scope s) {
        for (Expr dec : c.decorators()) visit(dec, s);
        for (Expr base : c.bases()) visit(base, s);
        c.keywords().forEach(k -> visit(k, s));
        Scope cs = new Scope(Scope.Kind.CLASS, c, s);
        scopes.put(c, cs);
        visitBody(c.body(), at, cs);
        // The class name is bound once its body has run.
        bind(s, c.name(), BindingKind.CLASS, c, null, null, null, c.range());
    }

    /** Defaults and annotations run in the scope that defines the function. */
    private void outerParts(Arguments args, Scope s) {
        for (Expr d : args.defaults()) visit(d, s);
        for (Expr d : args.kwDefaults()) if (d != null) visit(d, s);
        for (Arg a : args.all()) if (a.annotation() != null) visit(a.annotation(), s);
    }

    private void bindParameters(Arguments args, Scope fs, Scope owningClass) {
        List<Arg> all = args.all();
        for (Arg a : all) {
            bind(fs, a.name(), BindingKind.PARAMETER, a, null, a.annotation(), null, a.range());
        }
        List<Arg> positional = new java.util.ArrayList<>(args.posonlyargs());
        positional.addAll(args.args());
        if (owningClass != null && !positional.isEmpty()) selfParameters.put(positional.get(0), owningClass);
    }

    private void comprehension(Expr c, List<Comprehension> generators, Scope s, Expr... results) {
        // The first iterable is evaluated in the enclosing scope, everything else inside.
        if (!generators.isEmpty()) visit(generators.get(0).iter(), s);
        Scope cs = new Scope(Scope.Kind.COMPREHENSION, c, s);
        scopes.put(c, cs);
        for (int i = 0; i < generators.size(); i++) {
            Comprehension g = generators.get(i);
            bindTarget(g.target(), null, BindingKind.COMPREHENSION_TARGET, g.target(), g.target().range(), cs);
            visit(g.target(), cs);
            if (i > 0) visit(g.iter(), cs);
            for (Expr cond : g.ifs()) visit(cond, cs);
        }
        for (Expr r : results) if (r != null) visit(r, cs);
    }

    /** The bindings a non-scope node introduces into {@code s}. */
    private void bindingsOf(Node n, Scope s) {
        // Of the expressions only the walrus binds; most nodes are other expressions.
        if (n instanceof Expr && !(n instanceof Expr.NamedExpr)) return;
        // Most other nodes bind nothing: the type switch (an invokedynamic call under C1) only for those that may.
        if (!(n instanceof Stmt) && !(n instanceof WithItem) && !(n instanceof ExceptHandler) && !(n instanceof Expr.NamedExpr)
                && !(n instanceof Pattern)) {
            return;
        }
        if (n instanceof Stmt.ExprStmt || n instanceof Stmt.Return || n instanceof Stmt.If || n instanceof Stmt.Pass
                || n instanceof Stmt.Raise || n instanceof Stmt.Try || n instanceof Stmt.With || n instanceof Stmt.While) {
            return;
        }
        if (n instanceof Stmt.Assign a) {
            // The most frequent binding statement, before the switch.
            for (Expr t : a.targets()) bindTarget(t, a.value(), BindingKind.ASSIGNMENT, a, a.range(), s);
            return;
        }
        switch (n) {
            case Stmt.Assign a -> {
                for (Expr t : a.targets()) bindTarget(t, a.value(), BindingKind.ASSIGNMENT, a, a.range(), s);
            }
            case Stmt.AnnAssign a -> {
                if (a.target() instanceof Expr.Name name) {
                    bind(targetScope(s, name.id()), name.id(), BindingKind.ANNOTATED, a, a.value(), a.annotation(),
                            null, a.range());
                } else if (a.target() instanceof Expr.Attribute attr) {
                    instanceAttribute(attr, a.value(), a.annotation(), BindingKind.ANNOTATED, a, s);
                }
            }
            case Stmt.AugAssign a -> bindTarget(a.target(), null, BindingKind.AUGMENTED, a, a.range(), s);
            case Stmt.For f -> bindTarget(f.target(), null, BindingKind.LOOP_TARGET, f, f.target().range(), s);
            case WithItem w -> {
                if (w.optionalVars() != null) {
                    bindTarget(w.optionalVars(), w.contextExpr(), BindingKind.WITH_TARGET, w, w.range(), s);
                }
            }
            case ExceptHandler h -> {
                if (h.name() != null) {
                    bind(targetScope(s, h.name()), h.name(), BindingKind.EXCEPT_TARGET, h, null, h.type(), null,
                            h.type() != null ? h.type().range() : h.range());
                }
            }
            case Stmt.Import i -> {
                for (Alias a : i.names()) {
                    String qualified = a.asname() != null ? a.name() : a.boundName();
                    bind(targetScope(s, a.boundName()), a.boundName(), BindingKind.IMPORT, a, null, null, qualified,
                            i.range());
                }
            }
            case Stmt.ImportFrom i -> {
                String from = ".".repeat(i.level()) + (i.module() == null ? "" : i.module());
                for (Alias a : i.names()) {
                    if (a.name().equals("*")) {
                        s.starImport = true;
                        continue;
                    }
                    String qualified = from.endsWith(".") ? from + a.name() : from + "." + a.name();
                    bind(targetScope(s, a.boundName()), a.boundName(), BindingKind.IMPORT, a, null, null, qualified,
                            i.range());
                }
            }
            case Stmt.Global g -> s.globals.addAll(g.names());
            case Stmt.Nonlocal nl -> s.nonlocals.addAll(nl.names());
            case Stmt.Delete d -> {
                for (Expr t : d.targets()) bindTarget(t, null, BindingKind.DELETE, d, d.range(), s);
            }
            case Stmt.TypeAlias t -> bind(s, t.name().id(), BindingKind.TYPE_ALIAS, t, null, null, null, t.range());
            case Expr.NamedExpr ne -> {
                Scope target = s;
                while (target.kind() == Scope.Kind.COMPREHENSION && target.parent() != null) target = target.parent();
                bind(targetScope(target, ne.target().id()), ne.target().id(), BindingKind.NAMED_EXPR, ne, ne.value(),
                        null, null, ne.range());
            }
            case Pattern.MatchAs m -> {
                if (m.name() != null) bind(s, m.name(), BindingKind.MATCH_CAPTURE, m, null, null, null, m.range());
            }
            case Pattern.MatchStar m -> {
                if (m.name() != null) bind(s, m.name(), BindingKind.MATCH_CAPTURE, m, null, null, null, m.range());
            }
            case Pattern.MatchMapping m -> {
                if (m.rest() != null) bind(s, m.rest(), BindingKind.MATCH_CAPTURE, m, null, null, null, m.range());
            }
            default -> { }
        }
    }

    private void bindTarget(Expr target, Expr value, BindingKind kind, Node node, SourceRange range, Scope s) {
        switch (target) {
            case Expr.Name name -> bind(targetScope(s, name.id()), name.id(), kind, node, value, null, null, range);
            case Expr.Tuple t -> unpack(t.elts(), value, kind, node, range, s);
            case Expr.ListExpr t -> unpack(t.elts(), value, kind, node, range, s);
            case Expr.Starred st -> bindTarget(st.value(), null, kind, node, range, s);
            case Expr.Attribute attr -> instanceAttribute(attr, value, null, kind, node, s);
            default -> { }
        }
    }

    /**
     * {@code a, b = x, y}: element by element when the value is a display of as many elements and
     * neither side has a starred one ({@code (p1, p2) = (Path(a), Path(b))} binds {@code p1} to
     * {@code Path(a)}); otherwise each target is bound to an unknown value.
     */
    private void unpack(List<Expr> targets, Expr value, BindingKind kind, Node node, SourceRange range, Scope s) {
        List<Expr> values = switch (value) {
            case Expr.Tuple v -> v.elts();
            case Expr.ListExpr v -> v.elts();
            case null, default -> null;
        };
        boolean pairwise = kind == BindingKind.ASSIGNMENT && values != null && values.size() == targets.size()
                && targets.stream().noneMatch(e -> e instanceof Expr.Starred)
                && values.stream().noneMatch(e -> e instanceof Expr.Starred);
        for (int i = 0; i < targets.size(); i++) {
            if (pairwise) {
                bindTarget(targets.get(i), values.get(i), kind, node, range, s);
            } else {
                bindTarget(targets.get(i), null, kind == BindingKind.ASSIGNMENT ? BindingKind.LOOP_TARGET : kind,
                        node, range, s);
            }
        }
    }

    /** {@code self.x = value} inside a method: an attribute of the instances of the enclosing class. */
    private void instanceAttribute(Expr.Attribute attr, Expr value, Expr annotation, BindingKind kind, Node node,
                                   Scope s) {
        if (!(attr.value() instanceof Expr.Name self)) return;
        Scope fs = s;
        while (fs != null && fs.kind() != Scope.Kind.FUNCTION) fs = fs.parent();
        if (fs == null || !(fs.node() instanceof Stmt.FunctionDef method)) return;
        List<Arg> positional = new java.util.ArrayList<>(method.args().posonlyargs());
        positional.addAll(method.args().args());
        if (positional.isEmpty() || !positional.get(0).name().equals(self.id())) return;
        Scope cls = selfParameters.get(positional.get(0));
        if (cls == null) return;
        cls.addInstanceAttribute(new Binding(attr.attr(), kind == BindingKind.AUGMENTED ? kind : kind, node, value,
                annotation, null, node.range(), fs));
    }

    /** Where an assignment in {@code s} to {@code name} lands, honouring global and nonlocal. */
    private Scope targetScope(Scope s, String name) {
        if (s.declaresGlobal(name)) return module;
        if (s.declaresNonlocal(name)) {
            for (Scope p = s.parent(); p != null && p.kind() != Scope.Kind.MODULE; p = p.parent()) {
                if (p.kind() != Scope.Kind.CLASS && !p.bindings(name).isEmpty()) return p;
            }
        }
        return s;
    }

    private void bind(Scope s, String name, BindingKind kind, Node node, Expr value, Expr annotation,
                      String imported, SourceRange range) {
        s.add(new Binding(name, kind, node, value, annotation, imported, range, s));
    }
}
