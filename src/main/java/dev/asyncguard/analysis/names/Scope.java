package dev.asyncguard.analysis.names;

import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Python scope: the module, a class body, a function, a lambda or a comprehension, with the
 * names bound in it. Class scopes also collect the instance attributes their methods assign
 * ({@code self.x = ...}).
 */
public final class Scope {
    public enum Kind { MODULE, CLASS, FUNCTION, LAMBDA, COMPREHENSION }

    private final Kind kind;
    private final Node node;
    private final Scope parent;
    final Map<String, List<Binding>> bindings = new HashMap<>();
    final Map<String, List<Binding>> instanceAttributes = new HashMap<>();
    final Set<String> globals = new HashSet<>();
    final Set<String> nonlocals = new HashSet<>();
    boolean starImport;

    Scope(Kind kind, Node node, Scope parent) {
        this.kind = kind;
        this.node = node;
        this.parent = parent;
    }

    public Kind kind() {
        return kind;
    }

    /** The Module, FunctionDef, Lambda, ClassDef or comprehension expression that opens this scope. */
    public Node node() {
        return node;
    }

    public Scope parent() {
        return parent;
    }

    /** The bindings of {@code name} in this scope, in source order (empty if none). */
    public List<Binding> bindings(String name) {
        return bindings.getOrDefault(name, List.of());
    }

    public Set<String> boundNames() {
        return bindings.keySet();
    }

    /** For a class scope: the assignments to {@code self.<attribute>} in its methods, in source order. */
    public List<Binding> instanceAttribute(String attribute) {
        return instanceAttributes.getOrDefault(attribute, List.of());
    }

    /** The names of the instance attributes the methods of this class assign ({@code self.x = ...}). */
    public Set<String> instanceAttributeNames() {
        return java.util.Collections.unmodifiableSet(instanceAttributes.keySet());
    }

    public boolean declaresGlobal(String name) {
        return globals.contains(name);
    }

    public boolean declaresNonlocal(String name) {
        return nonlocals.contains(name);
    }

    /** Whether this scope (the module) has {@code from x import *}: unknown names may come from it. */
    public boolean hasStarImport() {
        return starImport;
    }

    public boolean isClassBody() {
        return kind == Kind.CLASS;
    }

    public Stmt.ClassDef classDef() {
        return node instanceof Stmt.ClassDef c ? c : null;
    }

    void add(Binding binding) {
        bindings.computeIfAbsent(binding.name(), k -> new ArrayList<>(2)).add(binding);
    }

    void addInstanceAttribute(Binding binding) {
        instanceAttributes.computeIfAbsent(binding.name(), k -> new ArrayList<>(2)).add(binding);
    }
}
