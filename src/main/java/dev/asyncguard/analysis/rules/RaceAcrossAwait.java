package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.FrameKind;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Arg;
import dev.asyncguard.python.ast.Ctx;
import dev.asyncguard.python.ast.ExceptHandler;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.MatchCase;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;
import dev.asyncguard.python.ast.WithItem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AG401: shared state (an attribute of {@code self}, a {@code global} or {@code nonlocal} name)
 * read, then an {@code await}, then written from what was read. Statements are followed in
 * source order; a local that holds a value read from shared state carries the number of awaits
 * seen when it was read, so that the write can tell whether the value went stale. Writes that
 * do not depend on the old value ({@code self.x = await make()} under {@code if self.x is None}),
 * a value that passes through the awaited call ({@code self.x = await resolve(self.x)}, an
 * idempotent lazy lookup), writes inside {@code async with <lock>}, and writes in a method that
 * every caller in the file calls while holding such a lock are not reported. An await in a branch
 * that then raises or returns does not reach the code after the branch. Entries of a dict held in
 * {@code self} ({@code n = self.counts.get(k); await ...; self.counts[k] = n + 1}) are shared
 * state too, one per key expression. A stale value that reaches the write only through a parameter
 * defaulting to the shared value ({@code if offset is None: offset = self._offset}) is LOW.
 */
@RuleInfo(code = "AG401", name = "race-across-await", needs = "async", severity = Severity.WARNING,
        inTests = false, inScripts = false,
        summary = "Shared state read, then await, then written from the stale value.")
public final class RaceAcrossAwait implements Rule {

    private static final Fix HOLD_A_LOCK = Fix.display("Hold an asyncio.Lock across the read, the await and the write",
            """
            async with self._lock:
                if self.balance >= amount:
                    await self.ledger.record(-amount)
                    self.balance -= amount""");

    /** Builtins whose result is (a measure of) their argument's value, so a stale argument gives a stale result. */
    private static final Set<String> VALUE_BUILTINS = Set.of("builtins.len", "builtins.int", "builtins.float",
            "builtins.str", "builtins.min", "builtins.max", "builtins.sum", "builtins.abs", "builtins.round",
            "builtins.list", "builtins.dict", "builtins.set", "builtins.tuple", "builtins.sorted", "builtins.bool",
            "builtins.frozenset");

    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.FunctionDef.class, (def, ctx) -> {
            if (def.isAsync()) new Scan(ctx, def).run();
        });
    }

    /**
     * For each method name called as {@code x.name(...)} in the file: whether every such call is
     * lexically inside {@code async with <asyncio lock>} (true) or some call is not (false).
     */
    private record CallersHoldLock(Map<String, Boolean> byMethod) {
        static CallersHoldLock of(RuleContext ctx) {
            Map<String, Boolean> byMethod = new HashMap<>();
            // Outside every async with <lock> nothing is locked: a loop over the file's preorder,
            // each such with visited on its own.
            var tree = ctx.walk().tree();
            for (int i = 0, size = tree.size(); i < size; ) {
                Node n = tree.node(i);
                if (locks(ctx, n)) {
                    visit(ctx, n, false, byMethod);
                    i = tree.end(i);
                    continue;
                }
                if (n instanceof Expr.Call c && c.func() instanceof Expr.Attribute a) {
                    byMethod.merge(a.attr(), false, Boolean::logicalAnd);
                }
                i++;
            }
            return new CallersHoldLock(byMethod);
        }

        private static boolean locks(RuleContext ctx, Node n) {
            return n instanceof Stmt.With w && w.isAsync()
                    && w.items().stream().anyMatch(i -> AsyncioObjects.isAsyncLock(ctx, i.contextExpr()));
        }

        private static void visit(RuleContext ctx, Node n, boolean locked, Map<String, Boolean> byMethod) {
            if (n instanceof Expr.Call c && c.func() instanceof Expr.Attribute a) {
                byMethod.merge(a.attr(), locked, Boolean::logicalAnd);
            }
            if (n instanceof Stmt.With w && locks(ctx, n)) {
                for (WithItem item : w.items()) visit(ctx, item.contextExpr(), locked, byMethod);
                for (Stmt b : w.body()) visit(ctx, b, true, byMethod);
                return;
            }
            // A nested def or lambda runs later, when the lock may be free again.
            boolean inner = locked && !(n instanceof Stmt.FunctionDef || n instanceof Expr.Lambda);
            Nodes.forEachChild(n, child -> visit(ctx, child, inner, byMethod));
        }

        boolean allLocked(String method) {
            return Boolean.TRUE.equals(byMethod.get(method));
        }
    }

    /**
     * A local holding values read from shared state: for each key, how many awaits had run when it
     * was read; {@code copyOf} is the key when the local is a plain copy of it ({@code saved = self.x}).
     */
    private record Taint(Map<String, Integer> readAt, String copyOf) {}

    /** An enclosing {@code if} whose test used shared state: for each key, how many awaits had run when it was read. */
    private record Check(Map<String, Integer> readAt) {}

    private static final class Scan {
        private final RuleContext ctx;
        private final Stmt.FunctionDef def;
        private final String self;
        private final Set<String> sharedNames = new HashSet<>();
        private final Map<String, Taint> taints = new HashMap<>();
        private final Deque<Check> checks = new ArrayDeque<>();
        private int awaits;
        private int lockDepth;

        Scan(RuleContext ctx, Stmt.FunctionDef def) {
            this.ctx = ctx;
            this.def = def;
            this.self = selfName(ctx, def);
            FrameNodes.walkStatements(def.body(), n -> {
                if (n instanceof Stmt.Global g) sharedNames.addAll(g.names());
                if (n instanceof Stmt.Nonlocal nl) sharedNames.addAll(nl.names());
            });
        }

        void run() {
            if (self == null && sharedNames.isEmpty()) return;
            if (self != null && ctx.facts().get(CallersHoldLock.class, CallersHoldLock::of).allLocked(def.name())) {
                // Every caller holds the lock across this whole method.
                lockDepth++;
            }
            statements(def.body());
        }

        /** Runs a branch; when it always leaves (raise, return), its awaits do not reach the code after it. */
        private void branch(List<Stmt> body) {
            int before = awaits;
            statements(body);
            if (leaves(body)) awaits = before;
        }

        /**
         * A block that ends by raising or returning, or by awaiting a coroutine of this file that
         * always raises ({@code await self._fail(...)}).
         */
        private boolean leaves(List<Stmt> body) {
            if (body.isEmpty()) return false;
            Stmt last = body.get(body.size() - 1);
            if (last instanceof Stmt.Raise || last instanceof Stmt.Return) return true;
            return last instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Await aw
                    && aw.value() instanceof Expr.Call call
                    && AsyncioObjects.calledFunction(ctx, call) instanceof Stmt.FunctionDef f && alwaysRaises(f);
        }

        private static boolean alwaysRaises(Stmt.FunctionDef f) {
            return !f.body().isEmpty() && f.body().get(f.body().size() - 1) instanceof Stmt.Raise
                    && !FrameNodes.any(f.body(), n -> n instanceof Stmt.Return);
        }

        private void statements(List<Stmt> body) {
            for (Stmt s : body) statement(s);
        }

        private void statement(Stmt s) {
            switch (s) {
                case Stmt.FunctionDef d -> { }
                case Stmt.ClassDef c -> { }
                case Stmt.Assign a -> assign(a.targets(), a.value(), a);
                case Stmt.AnnAssign a -> {
                    if (a.value() != null) assign(List.of(a.target()), a.value(), a);
                }
                case Stmt.AugAssign a -> augAssign(a);
                case Stmt.If i -> {
                    awaits += suspensions(i.test());
                    checks.push(new Check(readTimes(i.test())));
                    branch(i.body());
                    checks.pop();
                    branch(i.orelse());
                }
                case Stmt.While w -> {
                    awaits += suspensions(w.test());
                    statements(w.body());
                    statements(w.orelse());
                }
                case Stmt.For f -> {
                    awaits += suspensions(f.iter()) + (f.isAsync() ? 1 : 0);
                    forget(f.target());
                    statements(f.body());
                    statements(f.orelse());
                }
                case Stmt.With w -> with(w);
                case Stmt.Try t -> {
                    statements(t.body());
                    for (ExceptHandler h : t.handlers()) branch(h.body());
                    statements(t.orelse());
                    statements(t.finalbody());
                }
                case Stmt.Match m -> {
                    awaits += suspensions(m.subject());
                    for (MatchCase c : m.cases()) statements(c.body());
                }
                default -> awaits += suspensions(s);
            }
        }

        private void with(Stmt.With w) {
            boolean locked = false;
            for (WithItem item : w.items()) {
                awaits += suspensions(item.contextExpr());
                if (w.isAsync() && AsyncioObjects.isAsyncLock(ctx, item.contextExpr())) locked = true;
                if (item.optionalVars() != null) forget(item.optionalVars());
            }
            if (w.isAsync()) awaits++;
            if (locked) lockDepth++;
            statements(w.body());
            if (locked) lockDepth--;
            if (w.isAsync()) awaits++;
        }

        private void assign(List<Expr> targets, Expr value, Stmt stmt) {
            int before = awaits;
            Set<String> keysInValue = keysUsed(value);
            Map<String, Integer> staleFrom = taintedKeysUsed(value);
            awaits += suspensions(value);
            for (Expr target : targets) {
                String key = key(target);
                if (key != null) {
                    if (lockDepth == 0 && !restores(value, key)) {
                        boolean direct = (readsKeyBeforeSuspension(value, key) && keysInValue.contains(key))
                                || (keysInValue.contains(key) && subtracts(value) && checkedBeforeAwait(key));
                        if (direct || stale(staleFrom, key)) {
                            report(stmt, key, false, !direct && onlyThroughParameters(value, key));
                        }
                    }
                } else if (target instanceof Expr.Name local) {
                    Map<String, Integer> readAt = new HashMap<>(staleFrom);
                    for (String k : keysReadDirectly(value)) readAt.merge(k, before, Math::min);
                    String copyOf = copyOf(value);
                    if (readAt.isEmpty()) taints.remove(local.id()); else taints.put(local.id(), new Taint(readAt, copyOf));
                } else {
                    forget(target);
                }
            }
        }

        private void augAssign(Stmt.AugAssign a) {
            String key = key(a.target());
            Map<String, Integer> staleFrom = taintedKeysUsed(a.value());
            int before = awaits;
            boolean suspendsInValue = suspensions(a.value()) > 0;
            if (key != null && lockDepth == 0
                    && (suspendsInValue || stale(staleFrom, key) || (a.op().equals("-") && checkedBeforeAwait(key)))) {
                // self.d[k] += await f(): the entry is read, the task suspends, the entry is written, in one statement.
                report(a, key, suspendsInValue, false);
            }
            awaits += suspensions(a.value());
            if (key == null && a.target() instanceof Expr.Name local) {
                Map<String, Integer> readAt = new HashMap<>(staleFrom);
                for (String k : keysReadDirectly(a.value())) readAt.merge(k, before, Math::min);
                Taint old = taints.get(local.id());
                if (old != null) old.readAt().forEach((k, at) -> readAt.merge(k, at, Math::min));
                if (!readAt.isEmpty()) taints.put(local.id(), new Taint(readAt, null));
            }
        }

        /**
         * The key a value is a copy of: {@code self.x}, or a fallback to it ({@code arg or self.x},
         * {@code arg if arg is not None else self.x}): storing it back keeps the caller's value or
         * the one that was there.
         */
        private String copyOf(Expr value) {
            if (key(value) != null) return key(value);
            List<Expr> options = switch (value) {
                case Expr.BoolOp b when b.op().equals("or") -> b.values();
                case Expr.IfExp i -> List.of(i.body(), i.orelse());
                default -> List.of();
            };
            String found = null;
            for (Expr option : options) {
                String k = key(option);
                if (k == null) continue;
                if (found != null) return null;
                found = k;
            }
            return found;
        }

        /**
         * {@code self.x = saved} where {@code saved} is a plain copy of {@code self.x}: putting back
         * a saved value (save, change, await, restore) is intended, not a lost update.
         */
        private boolean restores(Expr value, String key) {
            return value instanceof Expr.Name n && taints.get(n.id()) instanceof Taint t && key.equals(t.copyOf());
        }

        /**
         * Check-then-act is reported for reservations, the write taking away from what was checked
         * ({@code if self.balance >= n: await ...; self.balance -= n}); counters and backoffs that
         * grow after a check ({@code self.retries += 1}) belong to one task in practice.
         */
        private static boolean subtracts(Expr value) {
            return value instanceof Expr.BinOp b && b.op().equals("-");
        }

        /** Whether a local used in the write holds a value of {@code key} read before an await that has run since. */
        private boolean stale(Map<String, Integer> staleFrom, String key) {
            Integer at = staleFrom.get(key);
            return at != null && awaits > at;
        }

        /** Whether an enclosing {@code if} tested {@code key} and an await has run since. */
        private boolean checkedBeforeAwait(String key) {
            for (Check c : checks) {
                Integer at = c.readAt().get(key);
                if (at != null && awaits > at) return true;
            }
            return false;
        }

        /**
         * An entry of a dict ({@code self.counts[k]}) is LOW unless the read, the await and the write
         * are one statement, or the key is a constant every task uses: two tasks race on it only when
         * they use the same key at once, which the code rarely shows (keys are often per connection
         * or per request).
         * Also LOW ({@code throughParameters}): the stale value reaches the write only through parameters
         * that fall back to the shared value ({@code if offset is None: offset = self._offset}): callers
         * can pass the value themselves, and the default serves sequential use, as a file's position does.
         */
        private void report(Stmt write, String key, boolean oneStatement, boolean throughParameters) {
            boolean entry = key.endsWith("]") && !key.matches(".*\\[(['\"]|b['\"]|-?[0-9]).*");
            Confidence confidence = (entry && !oneStatement) || throughParameters || readsInTurn(def.name())
                    ? Confidence.LOW : Confidence.HIGH;
            ctx.reporter().report(write, "'" + key + "' is written from a value read before an await: another task may have "
                    + "changed it meanwhile, and this write overwrites that change", HOLD_A_LOCK, confidence);
        }

        /**
         * A method that consumes a stream in turn ({@code __anext__}, {@code read}, {@code readline},
         * {@code readexactly}, {@code recv}, {@code receive_*}): its protocol has one reader at a time
         * (asyncio's {@code StreamReader} raises when a second read starts while one waits), so the
         * state it carries from one call to the next (a buffer, what is left over) is not shared
         * between tasks at once. Also LOW. The same names after a coroutine prefix ({@code co_read},
         * {@code _co_read_id}, {@code async_readline}: libraries that keep a sync twin of each reader).
         */
        private static boolean readsInTurn(String method) {
            String m = method.startsWith("_") && !method.startsWith("__") ? method.substring(1) : method;
            if (m.startsWith("co_")) m = m.substring("co_".length());
            else if (m.startsWith("async_")) m = m.substring("async_".length());
            return m.equals("__anext__") || m.equals("read") || m.startsWith("read_") || m.equals("readall") || m.equals("readline")
                    || m.equals("readlines") || m.equals("readexactly") || m.equals("readuntil") || m.equals("readinto")
                    || m.equals("readchunk") || m.equals("recv") || m.startsWith("recv_") || m.equals("receive")
                    || m.startsWith("receive_");
        }

        /** Every local in {@code value} that carries {@code key} is a parameter of the function. */
        private boolean onlyThroughParameters(Expr value, String key) {
            Set<String> parameters = new HashSet<>();
            def.args().posonlyargs().forEach(a -> parameters.add(a.name()));
            def.args().args().forEach(a -> parameters.add(a.name()));
            def.args().kwonlyargs().forEach(a -> parameters.add(a.name()));
            boolean[] onlyParameters = {true};
            flow(value, x -> {
                if (x instanceof Expr.Name name && key(name) == null && taints.get(name.id()) instanceof Taint t
                        && t.readAt().containsKey(key) && !parameters.contains(name.id())) {
                    onlyParameters[0] = false;
                }
            });
            return onlyParameters[0];
        }

        private void forget(Expr target) {
            FrameNodes.walk(target, n -> {
                if (n instanceof Expr.Name name) taints.remove(name.id());
            });
        }

        /**
         * Shared state this expression names: {@code self.x}, a global/nonlocal name, or an entry of
         * a dict held in {@code self} ({@code self.x[k]}, read also as {@code self.x.get(k)}) for a
         * key that is a name, a constant or an attribute.
         */
        private String key(Expr e) {
            if (e instanceof Expr.Attribute a && a.value() instanceof Expr.Name n && n.id().equals(self)) {
                return self + "." + a.attr();
            }
            if (e instanceof Expr.Name n && sharedNames.contains(n.id())) return n.id();
            if (e instanceof Expr.Subscript x && x.value() instanceof Expr.Attribute a && key(a) != null) {
                return entryKey(a, x.slice());
            }
            if (e instanceof Expr.Call c && c.func() instanceof Expr.Attribute get && get.attr().equals("get")
                    && get.value() instanceof Expr.Attribute a && key(a) != null && !c.args().isEmpty()) {
                return entryKey(a, c.args().get(0));
            }
            return null;
        }

        private String entryKey(Expr.Attribute dict, Expr index) {
            boolean simple = index instanceof Expr.Name || index instanceof Expr.Constant
                    || (index instanceof Expr.Attribute ia && ia.value() instanceof Expr.Name);
            return simple ? key(dict) + "[" + ctx.source().slice(index.range()) + "]" : null;
        }

        /** Keys whose current value flows into the value of {@code e} (see {@link #flow}). */
        private Set<String> keysReadDirectly(Expr e) {
            Set<String> out = new HashSet<>();
            flow(e, x -> {
                if (key(x) != null) out.add(key(x));
            });
            return out;
        }

        /**
         * Visits the key reads and tainted locals whose value flows into the value of {@code e}:
         * through operators, comparisons, items, attributes, displays and a few value-preserving
         * builtins ({@code len}, {@code int}, ...). A call of anything else makes a new value (a
         * socket from a port number is not the port number), and so does {@code await}.
         */
        private void flow(Expr e, java.util.function.Consumer<Expr> sink) {
            if (e == null) return;
            switch (e) {
                case Expr.Name n -> {
                    if (n.ctx() == Ctx.LOAD && (key(n) != null || taints.containsKey(n.id()))) sink.accept(n);
                }
                case Expr.Attribute a -> {
                    if (a.ctx() == Ctx.LOAD && key(a) != null) sink.accept(a); else flow(a.value(), sink);
                }
                case Expr.Subscript x -> {
                    if (x.ctx() == Ctx.LOAD && key(x) != null) sink.accept(x);
                    flow(x.value(), sink);
                }
                case Expr.BinOp b -> { flow(b.left(), sink); flow(b.right(), sink); }
                case Expr.UnaryOp u -> flow(u.operand(), sink);
                case Expr.BoolOp b -> b.values().forEach(v -> flow(v, sink));
                case Expr.Compare c -> { flow(c.left(), sink); c.comparators().forEach(v -> flow(v, sink)); }
                case Expr.IfExp i -> { flow(i.body(), sink); flow(i.orelse(), sink); }
                case Expr.Tuple t -> t.elts().forEach(v -> flow(v, sink));
                case Expr.ListExpr l -> l.elts().forEach(v -> flow(v, sink));
                case Expr.SetExpr x -> x.elts().forEach(v -> flow(v, sink));
                case Expr.Dict d -> d.values().forEach(v -> flow(v, sink));
                case Expr.Starred x -> flow(x.value(), sink);
                case Expr.NamedExpr x -> flow(x.value(), sink);
                case Expr.JoinedStr j -> j.values().forEach(v -> flow(v, sink));
                case Expr.FormattedValue f -> flow(f.value(), sink);
                case Expr.Call c when key(c) != null -> sink.accept(c);
                case Expr.Call c -> {
                    if (c.func() instanceof Expr.Name f && VALUE_BUILTINS.contains("builtins." + f.id())
                            && AsyncioObjects.calls(ctx, c, "builtins." + f.id())) {
                        c.args().forEach(v -> flow(v, sink));
                    }
                }
                default -> { }
            }
        }

        /** Key reads anywhere in {@code e} except as the receiver of a method call. */
        private List<Expr> keyReads(Expr e) {
            Set<Node> receivers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            List<Expr> reads = new ArrayList<>();
            FrameNodes.walk(e, n -> {
                if (n instanceof Expr.Call c && c.func() instanceof Expr.Attribute m) receivers.add(m.value());
                if (n instanceof Expr x && (isLoad(x) || x instanceof Expr.Call) && key(x) != null
                        && !receivers.contains(x)) {
                    reads.add(x);
                }
            });
            return reads;
        }

        /** Keys read directly or through tainted locals. */
        private Set<String> keysUsed(Expr e) {
            return readTimes(e).keySet();
        }

        /** Keys {@code e} uses, with when they were read: now for direct reads, earlier through tainted locals. */
        private Map<String, Integer> readTimes(Expr e) {
            Map<String, Integer> out = taintedKeysUsed(e);
            for (String k : keysReadDirectly(e)) out.merge(k, awaits, Math::min);
            return out;
        }

        /** For each key reaching {@code e} through a tainted local: the earliest await count at its read. */
        private Map<String, Integer> taintedKeysUsed(Expr e) {
            Map<String, Integer> out = new HashMap<>();
            flow(e, x -> {
                if (x instanceof Expr.Name name && key(name) == null && taints.containsKey(name.id())) {
                    taints.get(name.id()).readAt().forEach((k, at) -> out.merge(k, at, Math::min));
                }
            });
            return out;
        }

        /** A key read that is evaluated before an await in the same expression suspends. */
        private boolean readsKeyBeforeSuspension(Expr e, String key) {
            List<SourceRange> suspensionEnds = new ArrayList<>();
            FrameNodes.walk(e, n -> {
                if (n instanceof Expr.Await a) suspensionEnds.add(a.range());
            });
            for (SourceRange r : keyReads(e).stream().filter(x -> key.equals(key(x))).map(Expr::range).toList()) {
                for (SourceRange a : suspensionEnds) {
                    if (before(r, a)) return true;
                }
            }
            return false;
        }

        private static boolean isLoad(Expr e) {
            return switch (e) {
                case Expr.Attribute a -> a.ctx() == Ctx.LOAD;
                case Expr.Name n -> n.ctx() == Ctx.LOAD;
                case Expr.Subscript x -> x.ctx() == Ctx.LOAD;
                default -> false;
            };
        }

        private static boolean before(SourceRange read, SourceRange await) {
            return read.startLine() < await.endLine()
                    || (read.startLine() == await.endLine() && read.startColumn() < await.endColumn());
        }

        private static int suspensions(Node n) {
            int[] count = {0};
            FrameNodes.walk(n, x -> {
                if (FrameNodes.isSuspension(x)) count[0]++;
            });
            return count[0];
        }

        /** The name of a method's instance parameter, or null for functions, static and class methods. */
        private static String selfName(RuleContext ctx, Stmt.FunctionDef def) {
            if (ctx.walk().frame() != FrameKind.CLASS_BODY) return null;
            for (Expr d : def.decorators()) {
                String name = ctx.names().qualifiedName(d);
                if ("builtins.staticmethod".equals(name) || "builtins.classmethod".equals(name)) return null;
            }
            List<Arg> positional = new ArrayList<>(def.args().posonlyargs());
            positional.addAll(def.args().args());
            return positional.isEmpty() ? null : positional.get(0).name();
        }
    }
}
