package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the files of one analysis run know about each other's functions: a summary per function,
 * recorded while its file is analyzed (each file is parsed and walked once), read when every file
 * is done. A summary says whether the function is a coroutine function and, per blocking rule,
 * whether it blocks and through which chain. Findings that depend on other files are recorded as
 * {@link Pending} and decided at the end, so the cost stays one walk per file plus a pass over the
 * call graph, in which each function's answer is computed once (cycles and depth bounded).
 *
 * <p>Only strings are kept across files (qualified names, lines), never trees.
 */
public final class ProjectSummaries {
    /** How many calls deep a blocking chain is followed across functions. */
    public static final int MAX_CHAIN = 8;
    private static final int MAX_ALIASES = 6;
    private static final Set<String> TRANSPARENT_DECORATORS = Set.of("builtins.staticmethod",
            "builtins.classmethod", "abc.abstractmethod", "typing.override", "typing_extensions.override",
            "functools.wraps");

    /** The line that blocks, directly in a function: what (e.g. {@code builtins.open()}), where. */
    public record Step(String what, String path, int line) {}

    /** A finding decided once every file is summarized: {@code decide} returns its message, or null for none. */
    public record Pending(Function<ProjectSummaries, String> decide, Function<String, Finding> finding) {}

    private record FunctionInfo(String name, String path, int line, boolean isAsync, boolean generator,
                                List<String> decorators, boolean returnsAsyncWrapper, String returns) {}

    private record ClassInfo(List<String> bases, Set<String> methods, Set<String> otherNames) {}

    private record Blocking(Step direct, List<String> callees) {}

    private final Map<String, String> moduleOfPath;
    private final Set<String> roots = new HashSet<>();
    private final Map<String, FunctionInfo> functions = new HashMap<>();
    private final Map<String, ClassInfo> classes = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, Map<String, Blocking>> blocking = new HashMap<>();
    private final Map<String, Map<String, Optional<String>>> chains = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private boolean truncated;

    /** {@code moduleOfPath}: each file's module name, as {@link ModuleNames#of} gives. */
    public ProjectSummaries(Map<String, String> moduleOfPath) {
        this.moduleOfPath = Map.copyOf(moduleOfPath);
        for (String m : moduleOfPath.values()) roots.add(m.contains(".") ? m.substring(0, m.indexOf('.')) : m);
    }

    /** A project of these files, module names from their paths. */
    public static ProjectSummaries forPaths(java.util.Collection<String> paths) {
        return new ProjectSummaries(ModuleNames.of(paths));
    }

    public String moduleOf(String path) {
        return moduleOfPath.get(path);
    }

    /** Whether a qualified name can refer to something of the analyzed files (its top-level module is one of theirs). */
    public boolean mayBeProjectName(String qualified) {
        if (qualified == null) return false;
        int dot = qualified.indexOf('.');
        String root = dot < 0 ? qualified : qualified.substring(0, dot);
        return roots.contains(root.replace("()", ""));
    }

    /** {@code .settings.load} in module {@code pkg.api} is {@code pkg.settings.load}; absolute names stay. */
    public static String absolute(String name, String module, boolean packageInit) {
        if (name == null || !name.startsWith(".")) return name;
        int level = 0;
        while (level < name.length() && name.charAt(level) == '.') level++;
        List<String> parts = new ArrayList<>(List.of(module.split("\\.")));
        if (!packageInit) parts.remove(parts.size() - 1);
        for (int i = 1; i < level; i++) {
            if (parts.isEmpty()) return null;
            parts.remove(parts.size() - 1);
        }
        String rest = name.substring(level);
        String base = String.join(".", parts);
        if (rest.isEmpty()) return base.isEmpty() ? null : base;
        return base.isEmpty() ? rest : base + "." + rest;
    }

    // ---- recording, while each file is analyzed ----

    /** Indexes the functions, classes and imports at the top of one file; the index answers for that file's walk. */
    public synchronized ModuleIndex indexModule(String path, Module module, NameResolver names) {
        String moduleName = moduleOfPath.get(path);
        ModuleIndex index = new ModuleIndex(this, path, moduleName, ModuleNames.isPackageInit(path), names);
        if (moduleName == null) return index;
        indexBody(index, module.body(), moduleName);
        return index;
    }

    private void indexBody(ModuleIndex index, List<Stmt> body, String prefix) {
        for (Stmt s : body) {
            switch (s) {
                case Stmt.FunctionDef d -> {
                    String qn = prefix + "." + d.name();
                    index.functions.put(d, qn);
                    List<String> decorators = new ArrayList<>();
                    for (Expr dec : d.decorators()) {
                        Expr callee = dec instanceof Expr.Call c ? c.func() : dec;
                        String p = index.names().definition(callee) instanceof Stmt.FunctionDef local
                                && index.functions.containsKey(local) ? index.functions.get(local)
                                : index.absolute(index.names().qualifiedName(callee));
                        decorators.add(p == null ? "?" : p);
                    }
                    String returns = d.returns() != null ? index.absolute(index.names().qualifiedName(d.returns())) : null;
                    if (returns != null) returns = returns + "()";
                    else returns = returnedValue(index, d);
                    functions.put(qn, new FunctionInfo(d.name(), index.path(), d.range().startLine(), d.isAsync(),
                            isGenerator(d), decorators, returnsAsyncWrapper(index, d), returns));
                }
                case Stmt.ClassDef c when prefix.equals(index.moduleName()) -> {
                    String qn = prefix + "." + c.name();
                    index.classes.put(c, qn);
                    List<String> bases = new ArrayList<>();
                    for (Expr b : c.bases()) {
                        String p = index.classPath(b);
                        bases.add(p == null ? "?" : p);
                    }
                    Set<String> methods = new HashSet<>();
                    Set<String> others = new HashSet<>();
                    for (Stmt m : c.body()) {
                        if (m instanceof Stmt.FunctionDef f) methods.add(f.name());
                        if (m instanceof Stmt.Assign a) {
                            for (Expr t : a.targets()) if (t instanceof Expr.Name n) others.add(n.id());
                        }
                    }
                    classes.put(qn, new ClassInfo(bases, methods, others));
                    indexBody(index, c.body(), qn);
                }
                case Stmt.ImportFrom i when prefix.equals(index.moduleName()) -> {
                    String from = ".".repeat(i.level()) + (i.module() == null ? "" : i.module());
                    for (var a : i.names()) {
                        if (a.name().equals("*")) continue;
                        String target = index.absolute(from.endsWith(".") ? from + a.name() : from + "." + a.name());
                        if (target != null) aliases.put(prefix + "." + a.boundName(), target);
                    }
                }
                default -> { }
            }
        }
    }

    /** {@code return redis.Redis(...)} as the only value a function returns: the instance's value path. */
    private static String returnedValue(ModuleIndex index, Stmt.FunctionDef d) {
        String[] found = {null};
        boolean[] conflict = {false};
        walkSameScope(d.body(), n -> {
            if (n instanceof Stmt.Return r && r.value() instanceof Expr.Call call) {
                String callee = index.absolute(index.names().qualifiedName(call.func()));
                String p = callee == null ? null : callee + "()";
                if (found[0] != null && !found[0].equals(p)) conflict[0] = true;
                found[0] = p;
            } else if (n instanceof Stmt.Return) {
                conflict[0] = true;
            }
        });
        return conflict[0] ? null : found[0];
    }

    private static boolean isGenerator(Stmt.FunctionDef d) {
        boolean[] yields = {false};
        walkSameScope(d.body(), n -> {
            if (n instanceof Expr.Yield || n instanceof Expr.YieldFrom) yields[0] = true;
        });
        return yields[0];
    }

    /** A decorator whose wrapper is an {@code async def} under {@code @functools.wraps}, returned by name. */
    private static boolean returnsAsyncWrapper(ModuleIndex index, Stmt.FunctionDef d) {
        Set<String> wrappers = new HashSet<>();
        for (Stmt s : d.body()) {
            if (s instanceof Stmt.FunctionDef inner && inner.isAsync() && inner.decorators().stream().anyMatch(dec ->
                    dec instanceof Expr.Call c && "functools.wraps".equals(index.names().qualifiedName(c.func())))) {
                wrappers.add(inner.name());
            }
        }
        if (wrappers.isEmpty()) return false;
        for (Stmt s : d.body()) {
            if (s instanceof Stmt.Return r && r.value() instanceof Expr.Name n && wrappers.contains(n.id())) return true;
        }
        return false;
    }

    private static void walkSameScope(List<Stmt> body, java.util.function.Consumer<Node> visitor) {
        Deque<Node> todo = new ArrayDeque<>(body);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            visitor.accept(n);
            if (n instanceof Stmt.FunctionDef || n instanceof Stmt.ClassDef || n instanceof Expr.Lambda) continue;
            Nodes.forEachChild(n, todo::push);
        }
    }

    /**
     * What one sync function of the project does, for the blocking rule {@code code}: the first line
     * that blocks directly in it (null if none) and the project functions it calls (qualified names).
     */
    public synchronized void recordFunction(String code, String qualified, Step direct, List<String> callees) {
        blocking.computeIfAbsent(code, k -> new HashMap<>()).put(qualified, new Blocking(direct, List.copyOf(callees)));
    }

    public synchronized void defer(Pending p) {
        pending.add(p);
    }

    // ---- questions, once every file is recorded ----

    /** The findings that waited for the whole project, decided now. */
    public synchronized List<Finding> decidePending() {
        List<Finding> out = new ArrayList<>();
        for (Pending p : pending) {
            String message = p.decide().apply(this);
            if (message != null) out.add(p.finding().apply(message));
        }
        pending.clear();
        return out;
    }

    /**
     * {@code load_settings() blocks: it calls builtins.open() at pkg/settings.py:14} when the
     * project function a call refers to blocks for rule {@code code}; null when it does not (or
     * when that is not known).
     */
    public synchronized String blockingChain(String code, String calleePath) {
        String qn = resolveFunction(calleePath, 0);
        if (qn == null) return null;
        String rest = chainFrom(code, qn, new ArrayDeque<>());
        return rest == null ? null : functions.get(qn).name() + "() blocks: it calls " + rest;
    }

    /** What the function calls down to the blocking line, e.g. {@code read() → builtins.open() at a.py:3}. */
    private String chainFrom(String code, String qn, Deque<String> stack) {
        Map<String, Optional<String>> memo = chains.computeIfAbsent(code, k -> new HashMap<>());
        Optional<String> known = memo.get(qn);
        if (known != null) return known.orElse(null);
        if (stack.size() >= MAX_CHAIN || stack.contains(qn)) {
            truncated = true;
            return null;
        }
        boolean outer = truncated;
        truncated = false;
        stack.push(qn);
        String result = null;
        try {
            Blocking b = blocking.getOrDefault(code, Map.of()).get(qn);
            if (b != null && isPlain(qn)) {
                if (b.direct() != null) {
                    result = b.direct().what() + " at " + b.direct().path() + ":" + b.direct().line();
                } else {
                    for (String callee : b.callees()) {
                        String next = resolveFunction(callee, 0);
                        if (next == null) continue;
                        String rest = chainFrom(code, next, stack);
                        if (rest != null) {
                            result = functions.get(next).name() + "() → " + rest;
                            break;
                        }
                    }
                }
            }
        } finally {
            stack.pop();
        }
        if (!truncated || result != null) memo.put(qn, Optional.ofNullable(result));
        truncated |= outer;
        return result;
    }

    /** A sync function that runs its body when called: not a generator, no decorator that could wrap it. */
    private boolean isPlain(String qn) {
        FunctionInfo f = functions.get(qn);
        return f != null && !f.isAsync() && !f.generator()
                && TRANSPARENT_DECORATORS.containsAll(f.decorators());
    }

    /**
     * The name of the project's coroutine function a call refers to ({@code fetch}), or null:
     * {@code async def} (not a generator) under transparent decorators, or any def under a decorator
     * of the project that returns an {@code async def} wrapped with {@code functools.wraps}.
     */
    public synchronized String coroutineFunction(String calleePath) {
        String qn = resolveFunction(calleePath, 0);
        if (qn == null) return null;
        FunctionInfo f = functions.get(qn);
        for (String d : f.decorators()) {
            String decorator = resolveFunction(d, 0);
            if (decorator != null && functions.get(decorator).returnsAsyncWrapper()) return f.name();
        }
        if (!f.isAsync() || f.generator() || !TRANSPARENT_DECORATORS.containsAll(f.decorators())) return null;
        return f.name();
    }

    /** The project function a value path refers to: through re-exports, classes, inheritance and cheap return types. */
    String resolveFunction(String path, int depth) {
        if (path == null || depth > MAX_ALIASES) return null;
        if (functions.containsKey(path)) return path;
        String alias = aliases.get(path);
        if (alias != null) return resolveFunction(alias, depth + 1);
        int dot = path.lastIndexOf('.');
        if (dot < 0) return null;
        String owner = path.substring(0, dot);
        String attr = path.substring(dot + 1);
        if (owner.endsWith("()")) {
            String made = owner.substring(0, owner.length() - 2);
            String cls = resolveClass(made, depth + 1);
            if (cls != null) return method(cls, attr, 0);
            String factory = resolveFunction(made, depth + 1);
            String returned = factory == null ? null : functions.get(factory).returns();
            return returned == null ? null : resolveFunction(returned + "." + attr, depth + 1);
        }
        String cls = resolveClass(owner, depth + 1);
        return cls == null ? null : method(cls, attr, 0);
    }

    private String resolveClass(String path, int depth) {
        if (path == null || depth > MAX_ALIASES) return null;
        if (classes.containsKey(path)) return path;
        String alias = aliases.get(path);
        return alias == null ? null : resolveClass(alias, depth + 1);
    }

    /** The method {@code name} of a class or, when it has none, of its bases in order; null when unknown. */
    private String method(String cls, String name, int depth) {
        ClassInfo info = classes.get(cls);
        if (info == null || depth > MAX_ALIASES || info.otherNames().contains(name)) return null;
        if (info.methods().contains(name)) return cls + "." + name;
        for (String base : info.bases()) {
            String b = resolveClass(base, 0);
            if (b == null) return null;
            String m = method(b, name, depth + 1);
            if (m != null) return m;
        }
        return null;
    }

    /** The type a function of the project returns, when obvious (for rules that match on value paths). */
    public synchronized String returnedType(String functionPath) {
        String qn = resolveFunction(functionPath, 0);
        return qn == null ? null : functions.get(qn).returns();
    }

    /** For messages and tests: the number of functions summarized. */
    public synchronized int functionCount() {
        return functions.size();
    }
}
