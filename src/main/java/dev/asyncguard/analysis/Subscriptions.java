package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the rules of one file want to be told about: node types on entry and on exit, the start
 * and the end of the file. Node types are the concrete AST records (e.g. {@code Expr.Call.class}),
 * so that dispatch is one map lookup per node.
 */
public final class Subscriptions {

    /** A handler with the rule it belongs to, so that what it reports is attributed. */
    record Entry(RuleMetadata rule, BiConsumer<Node, RuleContext> handler) {}

    private final Map<Class<?>, List<Entry>> onEnter = new HashMap<>();
    private final Map<Class<?>, List<Entry>> onLeave = new HashMap<>();
    private final List<Entry> fileStart = new ArrayList<>();
    private final List<Entry> fileEnd = new ArrayList<>();
    private RuleMetadata current;
    private boolean needsMet = true;
    /** The words of the file's code ({@code ParseResult#words()}); null when not known. */
    private final java.util.Set<String> words;

    Subscriptions() {
        this(null);
    }

    /** {@code words}: the words of the file's code, as {@link #mayHave} reads them; null when not known. */
    Subscriptions(java.util.Set<String> words) {
        this.words = words;
    }

    void subscribeAll(RuleMetadata rule, Rule instance) {
        subscribeAll(rule, instance, true);
    }

    /** As {@link #subscribeAll(RuleMetadata, Rule)}; {@code needsMet}: what {@link #needsMet()} answers meanwhile. */
    void subscribeAll(RuleMetadata rule, Rule instance, boolean needsMet) {
        current = rule;
        this.needsMet = needsMet;
        try {
            instance.subscribe(this);
        } finally {
            current = null;
            this.needsMet = true;
        }
    }

    /**
     * Whether the file has a word the subscribing rule needs ({@link RuleInfo#needs()}): false only for
     * a rule that reports {@link RuleInfo#acrossModules()} in a file without them, which then subscribes
     * only what finds calls into other modules of the project (its findings about the file's own code
     * cannot occur there).
     */
    public boolean needsMet() {
        return needsMet;
    }

    /**
     * Whether the file's code may contain one of {@code names} as a word: a name, an attribute's name or
     * a keyword, as the parser lists them (not the contents of strings or comments); true when its words
     * are not known. A handler that does nothing unless a node spells one of them (a call of a method so
     * named, a {@code yield}) need not be subscribed where none is: a file whose handlers are all on
     * statements is walked over its statements only ({@link TreeWalker}).
     */
    public boolean mayHave(java.util.Set<String> names) {
        if (words == null) return true;
        for (String n : names) if (words.contains(n)) return true;
        return false;
    }

    /** Calls {@code handler} for every node of exactly this record type, before its children. */
    public <T extends Node> void on(Class<T> type, BiConsumer<? super T, RuleContext> handler) {
        add(onEnter, type, handler);
    }

    /** Calls {@code handler} for every node of this record type, after its children. */
    public <T extends Node> void onLeave(Class<T> type, BiConsumer<? super T, RuleContext> handler) {
        add(onLeave, type, handler);
    }

    /** Before the walk; the context is at module level. */
    public void onFileStart(Consumer<RuleContext> handler) {
        fileStart.add(new Entry(requireRule(), (node, ctx) -> handler.accept(ctx)));
    }

    /** After the walk; the context is at module level again. */
    public void onFileEnd(Consumer<RuleContext> handler) {
        fileEnd.add(new Entry(requireRule(), (node, ctx) -> handler.accept(ctx)));
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> void add(Map<Class<?>, List<Entry>> map, Class<T> type,
                                      BiConsumer<? super T, RuleContext> handler) {
        if (type.isInterface()) {
            // Dispatch is by the node's concrete class; an interface would silently never match.
            throw new IllegalArgumentException("subscribe to a concrete node record, not " + type.getName());
        }
        // The handler itself, its type erased (no wrapper to call through at every node): the walk hands it
        // only nodes of exactly this type.
        BiConsumer<Node, RuleContext> erased = (BiConsumer<Node, RuleContext>) (BiConsumer<?, ?>) handler;
        map.computeIfAbsent(type, k -> new ArrayList<>()).add(new Entry(requireRule(), erased));
        enterTable = null;
        leaveTable = null;
    }

    private RuleMetadata requireRule() {
        if (current == null) throw new IllegalStateException("subscriptions are made from Rule.subscribe");
        return current;
    }

    /**
     * The handlers by node type as arrays, made once the rules have subscribed (the walk asks at every
     * node: one identity-keyed lookup, then a loop over an array, no list interface calls).
     */
    private Map<Class<?>, Entry[]> enterTable;
    private Map<Class<?>, Entry[]> leaveTable;
    static final Entry[] NONE = new Entry[0];

    private static Map<Class<?>, Entry[]> table(Map<Class<?>, List<Entry>> byType) {
        Map<Class<?>, Entry[]> out = new java.util.IdentityHashMap<>(Math.max(4, byType.size() * 2));
        byType.forEach((type, entries) -> out.put(type, entries.toArray(NONE)));
        return out;
    }

    /** The handlers of entering a node of exactly this type (none: an empty array). */
    Entry[] enter(Class<?> type) {
        if (enterTable == null) enterTable = table(onEnter);
        Entry[] found = enterTable.get(type);
        return found == null ? NONE : found;
    }

    /** As {@link #enter}, for leaving it; null when no rule subscribes to leaving any node (as a rule none does). */
    Entry[] leave(Class<?> type) {
        if (onLeave.isEmpty()) return null;
        if (leaveTable == null) leaveTable = table(onLeave);
        Entry[] found = leaveTable.get(type);
        return found == null ? NONE : found;
    }

    /**
     * Whether every handler is on a statement type: then no handler can run inside an expression (a
     * statement is never part of one), and the walk may pass over expressions' subtrees.
     */
    boolean statementsOnly() {
        for (Class<?> type : onEnter.keySet()) if (!Stmt.class.isAssignableFrom(type)) return false;
        for (Class<?> type : onLeave.keySet()) if (!Stmt.class.isAssignableFrom(type)) return false;
        return true;
    }

    /** Whether some rule subscribes to leaving a node. */
    boolean anyLeave() {
        return !onLeave.isEmpty();
    }

    Entry[] fileStart() {
        return fileStart.toArray(NONE);
    }

    Entry[] fileEnd() {
        return fileEnd.toArray(NONE);
    }
}
