package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.names.Scope;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which def of this file a call runs, one step beyond {@code NameResolver.definition}: methods
 * inherited from a base class of the file (generic bases such as {@code Mixin[T]} included),
 * {@code super().m()}, and {@code obj.m()} where {@code obj} is an instance of a class of the file
 * (built by a call, a parameter annotation, or {@code self.obj = Cls(...)} in a method). Anything
 * less certain gives null.
 */
final class LocalDefinitions {
    private static final int MAX_BASES = 8;

    private LocalDefinitions() {}

    static Stmt.FunctionDef calledFunction(RuleContext ctx, Expr.Call call) {
        return function(ctx, call.func());
    }

    /** The def of this file that {@code func} names, called or not ({@code f}, {@code self.m}, {@code obj.m}, {@code super().m}). */
    static Stmt.FunctionDef function(RuleContext ctx, Expr func) {
        if (ctx.names().definition(func) instanceof Stmt.FunctionDef d) return d;
        if (!(func instanceof Expr.Attribute a)) return null;
        Stmt.ClassDef owner;
        if (a.value() instanceof Expr.Call sup && sup.func() instanceof Expr.Name s && s.id().equals("super")
                && sup.args().isEmpty() && ctx.names().qualifiedName(s) != null
                && ctx.names().qualifiedName(s).equals("builtins.super")) {
            Stmt.ClassDef enclosing = ctx.walk().enclosingClass();
            if (enclosing == null) return null;
            for (Expr base : enclosing.bases()) {
                Stmt.FunctionDef m = method(ctx, classNamed(ctx, base), a.attr(), 0);
                if (m != null) return m;
            }
            return null;
        }
        if (a.value() instanceof Expr.Name self && ctx.names().classOfSelf(self) instanceof Scope cls) {
            // Assigned on the instance (self.m = ...): not the method.
            if (!cls.instanceAttribute(a.attr()).isEmpty()) return null;
            owner = cls.classDef();
        } else {
            owner = ctx.names().instanceClass(a.value());
        }
        return method(ctx, owner, a.attr(), 0);
    }

    /** The class of this file a base names; a generic base {@code Mixin[T]} names {@code Mixin}. */
    private static Stmt.ClassDef classNamed(RuleContext ctx, Expr e) {
        if (e instanceof Expr.Subscript s) e = s.value();
        return e != null && ctx.names().definition(e) instanceof Stmt.ClassDef c ? c : null;
    }

    /** {@code Generic[T]}, {@code Protocol}, {@code object}: bases that define no method a class calls. */
    private static boolean definesNothing(RuleContext ctx, Expr base) {
        String name = ctx.names().qualifiedName(base instanceof Expr.Subscript s ? s.value() : base);
        return name != null && (name.equals("typing.Generic") || name.equals("typing.Protocol")
                || name.equals("typing_extensions.Protocol") || name.equals("builtins.object"));
    }

    /** The method {@code name} of {@code cls} or, when it has none, of its bases of this file; null when ambiguous. */
    static Stmt.FunctionDef method(RuleContext ctx, Stmt.ClassDef cls, String name, int depth) {
        if (cls == null || depth > MAX_BASES) return null;
        Members members = ctx.facts().get(ClassMembers.class, c -> new ClassMembers()).of(cls);
        if (members.assigned().contains(name)) return null;
        Stmt.FunctionDef found = members.defs().get(name);
        if (found != null) return found;
        for (Expr base : cls.bases()) {
            if (definesNothing(ctx, base)) continue;
            Stmt.ClassDef baseClass = classNamed(ctx, base);
            if (baseClass == null) return null;
            Stmt.FunctionDef m = method(ctx, baseClass, name, depth + 1);
            if (m != null) return m;
        }
        return null;
    }

    /** What a class body binds by name: the last def of each name, and the names plain assignments bind. */
    private record Members(Map<String, Stmt.FunctionDef> defs, Set<String> assigned) {}

    /** The members of the file's classes, each body read once however many calls ask about its methods. */
    private static final class ClassMembers {
        private final Map<Stmt.ClassDef, Members> byClass = new IdentityHashMap<>();

        Members of(Stmt.ClassDef cls) {
            Members known = byClass.get(cls);
            if (known != null) return known;
            Map<String, Stmt.FunctionDef> defs = new HashMap<>();
            Set<String> assigned = new HashSet<>();
            for (Stmt s : cls.body()) {
                if (s instanceof Stmt.FunctionDef d) defs.put(d.name(), d);
                if (s instanceof Stmt.Assign as) {
                    for (Expr t : as.targets()) if (t instanceof Expr.Name n) assigned.add(n.id());
                }
            }
            Members members = new Members(defs, assigned);
            byClass.put(cls, members);
            return members;
        }
    }
}
