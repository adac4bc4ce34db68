package dev.asyncguard.analysis.names;

import dev.asyncguard.analysis.names.Binding.BindingKind;
import dev.asyncguard.python.ast.Arg;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What names in one module really refer to. The central question is {@link #valuePath}: for
 * {@code from time import sleep as nap; nap} it answers {@code time.sleep}; for
 * {@code db = sqlite3.connect(p); db} it answers {@code sqlite3.connect()} (a call result);
 * for {@code with open(p) as fh: fh} it answers {@code builtins.open()}; for a parameter
 * {@code loop: asyncio.AbstractEventLoop} it answers {@code asyncio.AbstractEventLoop()}.
 *
 * <p>When a name is bound to something unknown (a parameter without annotation, a local from an
 * unknown call, a tuple unpacking) the answer is null, never the name's spelling: a parameter
 * called {@code time} is not the {@code time} module. A name bound nowhere in the file resolves
 * to its spelling ({@code builtins.open} for builtins), so that a snippet that forgot an import
 * is still checked.
 */
public final class NameResolver {
    private static final int MAX_DEPTH = 24;
    private static final String UNKNOWN = "\0";

    private final ScopeBuilder tree;
    private final DeclaredTypes declaredTypes = new DeclaredTypes(this);
    // Identity maps: bindings and nodes are records whose structural hashCode would walk whole subtrees.
    private Map<Binding, String> bindingPaths = new IdentityHashMap<>();
    private final Set<Binding> evaluating = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Expr.Name, Binding> chosen = new IdentityHashMap<>();
    private int depth;

    private NameResolver(Module module, Preorder order) {
        this.tree = new ScopeBuilder(module, order);
    }

    public static NameResolver of(Module module) {
        return new NameResolver(module, Preorder.of(module));
    }

    /** As {@link #of(Module)}, for a module already laid out in preorder ({@code order} must be {@code Preorder.of(module)}). */
    public static NameResolver of(Module module, Preorder order) {
        return new NameResolver(module, order);
    }

    /** Whether the module defines any {@code async def}: rules about coroutines can skip files without. */
    public boolean hasCoroutines() {
        return tree.hasCoroutines;
    }

    public Scope moduleScope() {
        return tree.module;
    }

    /** The scope a Module, FunctionDef, ClassDef, Lambda or comprehension opens; null for other nodes. */
    public Scope scopeOf(Node scopeNode) {
        return tree.scopes.get(scopeNode);
    }

    /** The scope a name appears in. */
    public Scope scopeOfName(Expr.Name name) {
        return tree.nameScopes.getOrDefault(name, tree.module);
    }

    /**
     * The qualified name an expression refers to ({@code time.sleep}, {@code builtins.open},
     * {@code asyncio}), or null when it is not a plain module-level object (a call result, an
     * unknown local, a parameter).
     */
    public String qualifiedName(Expr e) {
        if (!(e instanceof Expr.Name) && !(e instanceof Expr.Attribute)) return null;
        // The rules that match on callees ask about the same callee one after another.
        if (e == lastQualified && depth == 0) return lastQualifiedName;
        String path = valuePath(e);
        String name = path == null || path.contains("()") || path.contains("[]") ? null : path;
        if (depth == 0) {
            lastQualified = e;
            lastQualifiedName = name;
        }
        return name;
    }

    private Expr lastQualified;
    private String lastQualifiedName;

    /**
     * The value path of an expression: a qualified name, then {@code ()} per call and
     * {@code .attr} per attribute, in the canonical form of {@link KnownTypes}; null when unknown.
     */
    public String valuePath(Expr e) {
        if (e == null || depth > MAX_DEPTH) return null;
        if (depth == 0) {
            // Many rules ask about the same callee: answer each top-level question once.
            String cached = exprPaths.get(e);
            if (cached != null) return cached == UNKNOWN ? null : cached;
            String path = computeValuePath(e);
            exprPaths.put(e, path == null ? UNKNOWN : path);
            return path;
        }
        return computeValuePath(e);
    }

    private Map<Expr, String> exprPaths = new IdentityHashMap<>();

    private String computeValuePath(Expr e) {
        depth++;
        try { // the three most asked kinds before the type switch (an invokedynamic call under C1)
            if (e instanceof Expr.Name n) return projectValue(namePath(n));
            if (e instanceof Expr.Attribute a) return projectValue(attributePath(a));
            if (e instanceof Expr.Call c) return callPath(c);
            return switch (e) {
                case Expr.Subscript s -> {
                    String item = declaredTypes.itemPath(s.value());
                    if (item != null) yield item;
                    String base = valuePath(s.value());
                    yield base == null ? null : KnownTypes.canonical(base + "[]");
                }
                case Expr.BinOp b when b.op().equals("/") -> {
                    String left = valuePath(b.left());
                    yield KnownTypes.PATH.equals(left) ? KnownTypes.PATH : null;
                }
                case Expr.BoolOp b when b.op().equals("or") -> agreedOperands(b.values());
                case Expr.IfExp i -> agreedOperands(List.of(i.body(), i.orelse()));
                default -> null;
            };
        } finally {
            depth--;
        }
    }

    /**
     * {@code client or httpx.Client()}, {@code a if c else b}: the value path all operands agree on
     * ({@code None} operands aside); null when one is unknown or they differ.
     */
    private String agreedOperands(List<Expr> operands) {
        String agreed = null;
        for (int i = 0; i < operands.size(); i++) {
            Expr e = operands.get(i);
            if (DeclaredTypes.isNone(e)) continue;
            String p = valuePath(e);
            if (p == null || (agreed != null && !agreed.equals(p))) return null;
            agreed = p;
        }
        return agreed;
    }

    /**
     * The default value of a function's parameter ({@code c} in {@code def f(c=httpx.Client())}, also
     * keyword-only); null when it has none, or for a lambda's or anything that is not a parameter.
     */
    public Expr parameterDefault(Binding b) {
        if (b.kind() != BindingKind.PARAMETER || !(b.node() instanceof Arg arg)
                || !(tree.parameterOwners.get(arg) instanceof Stmt.FunctionDef def)) {
            return null;
        }
        return ParameterDefaults.of(def.args(), arg);
    }

    /**
     * What a parameter declared without a type is when the caller leaves it out, as long as that is
     * an instance ({@code c=httpx.Client()}, {@code c=DEFAULT_CLIENT} bound to one): the callers of such
     * a function pass one of the same kind. A default that is a function or a constant says nothing.
     */
    private String defaultInstancePath(Binding b) {
        Expr d = parameterDefault(b);
        if (d == null || DeclaredTypes.isNone(d)) return null;
        String p = valuePath(d);
        return p != null && p.endsWith("()") ? p : null;
    }

    /** The binding a name use refers to, chosen as {@link #valuePath} does; null when unbound or ambiguous. */
    public Binding binding(Expr.Name name) {
        if (chosen.containsKey(name)) return chosen.get(name);
        List<Binding> visible = visibleBindings(name.id(), scopeOfName(name));
        Binding b = visible == null ? null : choose(visible, name.range(), scopeOfName(name));
        chosen.put(name, b);
        return b;
    }

    /** Whether {@code name}, seen from where it is used, is bound anywhere in the file. */
    public boolean isBound(Expr.Name name) {
        return visibleBindings(name.id(), scopeOfName(name)) != null;
    }

    /**
     * The bindings of {@code name} as seen from {@code from} (Python's LEGB without builtins):
     * null when the name is not bound in any visible scope.
     */
    public List<Binding> visibleBindings(String name, Scope from) {
        Scope s = from;
        if (s.declaresGlobal(name)) return nonEmpty(tree.module.bindings(name));
        boolean first = true;
        while (s != null) {
            boolean visible = first || s.kind() != Scope.Kind.CLASS;
            if (visible && !s.bindings(name).isEmpty() && !s.declaresGlobal(name) && !s.declaresNonlocal(name)) {
                return s.bindings(name);
            }
            if (s.declaresGlobal(name)) return nonEmpty(tree.module.bindings(name));
            first = false;
            s = s.parent();
        }
        return null;
    }

    private static List<Binding> nonEmpty(List<Binding> l) {
        return l.isEmpty() ? null : l;
    }

    /**
     * The function or class definition of this file that {@code e} names: a def in scope, or
     * {@code self.method} in a method. Null when {@code e} is anything else.
     */
    public Stmt definition(Expr e) {
        if (e instanceof Expr.Name n) {
            Binding b = binding(n);
            if (b != null && (b.kind() == BindingKind.FUNCTION || b.kind() == BindingKind.CLASS)) {
                return (Stmt) b.node();
            }
            return null;
        }
        if (e instanceof Expr.Attribute a && a.value() instanceof Expr.Name self) {
            Scope cls = classOfSelf(self);
            if (cls == null) return null;
            List<Binding> members = cls.bindings(a.attr());
            if (members.size() == 1 && members.get(0).kind() == BindingKind.FUNCTION) {
                return (Stmt) members.get(0).node();
            }
        }
        return null;
    }

    /**
     * The one expression that a name or {@code self.attr} was assigned (placeholders {@code = None}
     * aside), e.g. the {@code queue.Queue(maxsize=10)} call, so that a rule can read its arguments;
     * null when there is not exactly one.
     */
    public Expr assignedValue(Expr e) {
        List<Binding> candidates;
        if (e instanceof Expr.Name n) {
            Binding b = binding(n);
            candidates = b == null ? List.of() : List.of(b);
        } else if (e instanceof Expr.Attribute a && a.value() instanceof Expr.Name self && classOfSelf(self) != null) {
            Scope cls = classOfSelf(self);
            candidates = !cls.instanceAttribute(a.attr()).isEmpty() ? cls.instanceAttribute(a.attr()) : cls.bindings(a.attr());
        } else {
            return null;
        }
        Expr only = null;
        for (Binding b : candidates) {
            if (b.isNonePlaceholder()) continue;
            if (only != null || b.value() == null) return null;
            only = b.value();
        }
        return only;
    }

    /**
     * The class of this file that {@code e} is an instance of: a name or {@code self.attr} bound to
     * a call of the class or of a function of the file declared to return it ({@code -> Conn}, awaited if async), or
     * declared with it ({@code c: Conn}, {@code c: Conn | None}, {@code c: "Conn"}); null when not known.
     */
    public Stmt.ClassDef instanceClass(Expr e) {
        return instanceClass(e, 0);
    }

    private Stmt.ClassDef instanceClass(Expr e, int level) {
        if (level > 4) return null;
        if (e instanceof Expr.Subscript s) {
            // self.workers[0] with workers: list[Worker]; table[key] with table: dict[str, Worker].
            Expr item = declaredTypes.itemAnnotation(s.value());
            return item == null ? null : declaredClass(item);
        }
        Binding b = switch (e) {
            case Expr.Name n -> binding(n);
            case Expr.Attribute a when a.value() instanceof Expr.Name self && classOfSelf(self) instanceof Scope cls ->
                    onlyBinding(cls.instanceAttribute(a.attr()));
            default -> null;
        };
        return bindingClass(b, level);
    }

    /** The class of this file the value of a binding is an instance of, as {@link #instanceClass(Expr)} says. */
    private Stmt.ClassDef bindingClass(Binding b, int level) {
        if (b == null) return null;
        if (b.annotation() != null) return declaredClass(b.annotation());
        if (b.kind() == BindingKind.LOOP_TARGET) {
            // for w in self.workers, with workers: list[Worker] (also .values(), .items(), enumerate, zip).
            return b.node() instanceof Stmt.For loop && declaredTypes.loopTargetAnnotation(loop, b.name()) instanceof Expr element
                    ? declaredClass(element) : null;
        }
        Expr value = b.kind() == BindingKind.PARAMETER ? parameterDefault(b) : b.value();
        // self.conn = conn, where conn is a parameter declared "conn: Conn" (or any name known to hold one).
        if (value instanceof Expr.Name || value instanceof Expr.Subscript) return instanceClass(value, level + 1);
        boolean awaited = value instanceof Expr.Await;
        Expr made = awaited ? ((Expr.Await) value).value() : value;
        if (!(made instanceof Expr.Call c)) return null;
        return switch (definition(c.func())) {
            case Stmt.ClassDef d when !awaited -> d;
            // conn = make_conn() / conn = await open_conn() with "-> Conn": what the function declares it returns.
            case Stmt.FunctionDef f when f.returns() != null && f.isAsync() == awaited && f.decorators().isEmpty() ->
                    declaredClass(f.returns());
            case null, default -> null;
        };
    }

    /** The class of this file an annotation declares ({@code Conn}, {@code Conn | None}, {@code "Conn"}); null when none. */
    private Stmt.ClassDef declaredClass(Expr annotation) {
        Expr declared = declaredTypes.unwrapOptional(annotation);
        // Worker[int], a generic class of this file: a Worker.
        if (declared instanceof Expr.Subscript generic) declared = generic.value();
        if (declared instanceof Expr.Constant k && k.value() instanceof String text) {
            // c: "Conn" (or "Conn | None", "Optional[Conn]"), a forward reference to a class of this module.
            String type = DeclaredTypes.stringAnnotationType(text.trim());
            if (type == null) return null;
            List<Binding> named = tree.module.bindings(type);
            return named.size() == 1 && named.get(0).node() instanceof Stmt.ClassDef c ? c : null;
        }
        return definition(declared) instanceof Stmt.ClassDef c ? c : null;
    }

    private static Binding onlyBinding(List<Binding> bindings) {
        Binding found = null;
        for (Binding b : bindings) {
            if (b.isNonePlaceholder()) continue;
            if (found != null) return null;
            found = b;
        }
        return found;
    }

    /** The class scope when {@code name} is the first parameter of one of its methods ({@code self}). */
    public Scope classOfSelf(Expr.Name name) {
        Binding b = binding(name);
        if (b == null || b.kind() != BindingKind.PARAMETER || !(b.node() instanceof Arg arg)) return null;
        return tree.selfParameters.get(arg);
    }

    /**
     * A spelling that, at the place of {@code near}, refers to the qualified name {@code qualified}
     * (e.g. {@code asyncio} for {@code import asyncio}, {@code aio} for {@code import asyncio as
     * aio}, {@code sleep} for {@code from asyncio import sleep}); null when the file binds none
     * that is visible there unshadowed. Fixes use it so that the code they write is valid.
     */
    public String spellingOf(String qualified, Expr near) {
        Scope at = scopeNear(near);
        for (Scope s = at; s != null; s = s.parent()) {
            for (String name : s.boundNames()) {
                for (Binding b : s.bindings(name)) {
                    if (b.kind() == BindingKind.IMPORT && qualified.equals(b.imported())) {
                        List<Binding> seen = visibleBindings(name, at);
                        if (seen != null && seen.stream().allMatch(x -> x.kind() == BindingKind.IMPORT
                                && qualified.equals(x.imported()))) {
                            return name;
                        }
                    }
                }
            }
        }
        return null;
    }

    private Scope scopeNear(Expr near) {
        Expr.Name[] found = new Expr.Name[1];
        if (near != null) {
            Nodes.walk(near, n -> {
                if (found[0] == null && n instanceof Expr.Name name) found[0] = name;
            });
        }
        return found[0] == null ? tree.module : scopeOfName(found[0]);
    }

    // ---- value paths ----

    private String namePath(Expr.Name n) {
        Scope scope = scopeOfName(n);
        List<Binding> visible = visibleBindings(n.id(), scope);
        if (visible == null) {
            return PythonBuiltins.NAMES.contains(n.id()) ? "builtins." + n.id() : n.id();
        }
        Binding b = binding(n);
        if (b != null) return bindingPath(b);
        return agreedPath(visible);
    }

    private String attributePath(Expr.Attribute a) {
        if (a.value() instanceof Expr.Name self) {
            Scope cls = classOfSelf(self);
            if (cls != null) return memberPath(cls, a.attr(), 0);
            // Service.client: a class-level attribute of a class of this file, read through the class.
            Binding b = binding(self);
            if (b != null && b.kind() == BindingKind.CLASS && tree.scopes.get(b.node()) instanceof Scope classScope) {
                return classMemberPath(classScope, a.attr(), 0);
            }
        }
        String base = valuePath(a.value());
        if (depth == 1 && base != null) {
            // x.m: rules that asked about the callee ask about its receiver x next (a top-level
            // question, answered once): the path just computed is that answer.
            exprPaths.putIfAbsent(a.value(), base);
        }
        return base == null ? null : KnownTypes.canonical(base + "." + a.attr());
    }

    private String callPath(Expr.Call c) {
        // waiters.popleft() with waiters: deque[asyncio.Future[None]]: a future.
        String item = declaredTypes.methodItemPath(c);
        if (item != null) return item;
        if (c.func() instanceof Expr.Name n) {
            Binding b = binding(n);
            if (b != null && b.kind() == BindingKind.CLASS && b.node() instanceof Stmt.ClassDef cls) {
                // An instance of a local subclass behaves as an instance of its (single known) base.
                for (Expr base : cls.bases()) {
                    String basePath = qualifiedName(base);
                    if (basePath != null) return KnownTypes.canonical(basePath + "()");
                }
                return null;
            }
            if (b != null && b.kind() == BindingKind.FUNCTION && b.node() instanceof Stmt.FunctionDef def
                    && !def.isAsync() && keepsReturnType(def)) {
                return returnedPath(def);
            }
        }
        // self.make_client(): a method of this class (or a base class of this file) that obviously returns one.
        if (c.func() instanceof Expr.Attribute a && a.value() instanceof Expr.Name self && classOfSelf(self) != null
                && methodOf(classOfSelf(self), a.attr(), 0) instanceof Stmt.FunctionDef def && !def.isAsync()
                && keepsReturnType(def)) {
            return returnedPath(def);
        }
        String func = valuePath(c.func());
        if (func != null) {
            String wrapped = KnownTypes.wrapping(func + "()", valuePath(wrappedStream(c)));
            if (wrapped != null) return wrapped;
        }
        if (func != null && projectReturns != null && !func.contains("()")) {
            String returned = projectReturns.apply(func);
            if (returned != null) return KnownTypes.canonical(returned);
        }
        return func == null ? null : KnownTypes.canonical(func + "()");
    }

    /** Decorators that leave what a function returns as it is: caches, and the method kinds. */
    private static final java.util.Set<String> TYPE_KEEPING_DECORATORS = java.util.Set.of("functools.lru_cache",
            "functools.cache", "builtins.staticmethod", "builtins.classmethod", "staticmethod", "classmethod");

    private boolean keepsReturnType(Stmt.FunctionDef def) {
        for (Expr d : def.decorators()) {
            String name = qualifiedName(d instanceof Expr.Call call ? call.func() : d);
            if (name == null || !TYPE_KEEPING_DECORATORS.contains(name)) return false;
        }
        return true;
    }

    /** The one def named {@code name} in the class, else in its base classes of this file; null when not exactly one. */
    private Stmt.FunctionDef methodOf(Scope cls, String name, int level) {
        List<Binding> members = cls.bindings(name);
        if (!members.isEmpty()) {
            return members.size() == 1 && members.get(0).node() instanceof Stmt.FunctionDef def ? def : null;
        }
        if (level >= MAX_BASES || !(cls.node() instanceof Stmt.ClassDef classDef)) return null;
        for (Expr base : classDef.bases()) {
            if (definition(base) instanceof Stmt.ClassDef baseDef && tree.scopes.get(baseDef) instanceof Scope baseScope
                    && !baseScope.bindings(name).isEmpty()) {
                return methodOf(baseScope, name, level + 1);
            }
        }
        return null;
    }

    /** The stream a call may wrap: its first positional argument, or {@code fileobj=}/{@code buffer=}/{@code raw=}. */
    private static Expr wrappedStream(Expr.Call c) {
        if (!c.args().isEmpty()) return c.args().get(0) instanceof Expr.Starred ? null : c.args().get(0);
        for (dev.asyncguard.python.ast.Keyword k : c.keywords()) {
            if ("fileobj".equals(k.name()) || "buffer".equals(k.name()) || "raw".equals(k.name())) return k.value();
        }
        return null;
    }

    /**
     * What a function of this file returns when that is obvious: its return annotation, or the one
     * value path all its {@code return} statements agree on (a constructor call such as
     * {@code redis.Redis(...)}); null otherwise.
     */
    private String returnedPath(Stmt.FunctionDef def) {
        String memo = returnPaths.get(def);
        if (memo != null) return memo == UNKNOWN ? null : memo;
        String path = computeReturnedPath(def);
        returnPaths.put(def, path == null ? UNKNOWN : path);
        return path;
    }

    private Map<Stmt.FunctionDef, String> returnPaths = new IdentityHashMap<>();

    private String computeReturnedPath(Stmt.FunctionDef def) {
        if (def.returns() != null) return declaredTypes.annotationPath(def.returns());
        String[] agreed = {null};
        boolean[] unknown = {false};
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(def.body());
        while (!todo.isEmpty() && !unknown[0]) {
            Node n = todo.pop();
            if (n instanceof Stmt.Return r) {
                String p = r.value() instanceof Expr.Call ? valuePath(r.value()) : null;
                if (p == null || (agreed[0] != null && !agreed[0].equals(p))) unknown[0] = true;
                agreed[0] = p;
            }
            if (n instanceof Expr.Yield || n instanceof Expr.YieldFrom) unknown[0] = true;
            if (n instanceof Stmt.FunctionDef || n instanceof Stmt.ClassDef || n instanceof Expr.Lambda) continue;
            Nodes.forEachChild(n, todo::push);
        }
        return unknown[0] ? null : agreed[0];
    }

    private java.util.function.Function<String, String> projectReturns;
    private java.util.function.Function<String, String> projectValues;

    /**
     * A name of another file of the project that is a module-level object there ({@code
     * app.http.client} for {@code client = httpx.Client()} in {@code app/http.py}) stands for that
     * object's value path; any other path is returned as it is.
     */
    private String projectValue(String path) {
        if (projectValues == null || path == null || path.indexOf('(') >= 0 || path.indexOf('[') >= 0) return path;
        String value = projectValues.apply(path);
        return value == null ? path : KnownTypes.canonical(value);
    }

    /**
     * The instance a module-level name of this file is bound to wherever it is used ({@code
     * httpx.Client()} for {@code client = httpx.Client()}), for other files of the project: only
     * names bound by plain assignments (placeholders {@code = None} aside, rebinding by {@code
     * global} statements included) that all agree on one value path made by a call; null otherwise.
     */
    public String moduleValuePath(String name) {
        List<Binding> bindings = tree.module.bindings(name);
        if (bindings.isEmpty()) return null;
        for (Binding b : bindings) {
            if (b.kind() != BindingKind.ASSIGNMENT && b.kind() != BindingKind.ANNOTATED) return null;
            if (b.kind() == BindingKind.ASSIGNMENT && b.value() == null) return null;
        }
        String path = agreedPath(bindings);
        return path != null && path.contains("()") ? path : null;
    }

    /**
     * Lets calls of functions of other files of the project have the type those functions
     * obviously return ({@code returns}: qualified name -> value path, e.g. {@code app.db.get_redis
     * -> redis.Redis()}), and names of module-level objects of other files have their types
     * ({@code values}: qualified name -> value path, e.g. {@code app.http.client ->
     * httpx.Client()}). Answers given before are forgotten.
     */
    public void useProjectTypes(java.util.function.Function<String, String> returns,
                                java.util.function.Function<String, String> values) {
        if (projectReturns == returns && projectValues == values) return;
        projectReturns = returns;
        projectValues = values;
        lastQualified = null;
        exprPaths.clear();
        bindingPaths.clear();
        returnPaths.clear();
    }

    /**
     * The names that {@link #useProjectTypes} would be asked about (functions for their return
     * types, names for the module-level objects they stand for) while the value paths of
     * {@code exprs} are computed, each as {@code asProjectName} maps it (null: not a project name,
     * left out). When the project knows the type of none of them, those paths are the same
     * with the project's types as without. Computed afresh (answers remembered so far would
     * hide questions); the resolver is left as it was.
     */
    public java.util.Set<String> projectReturnsAsked(java.util.function.Function<String, String> asProjectName,
                                                     Expr... exprs) {
        java.util.Set<String> asked = new java.util.LinkedHashSet<>();
        var savedExprs = exprPaths;
        var savedBindings = bindingPaths;
        var savedReturns = returnPaths;
        var savedProjectReturns = projectReturns;
        var savedProjectValues = projectValues;
        Expr savedLast = lastQualified;
        exprPaths = new IdentityHashMap<>();
        bindingPaths = new IdentityHashMap<>();
        returnPaths = new IdentityHashMap<>();
        lastQualified = null;
        projectReturns = name -> {
            String projectName = asProjectName.apply(name);
            if (projectName != null) asked.add(projectName);
            return null;
        };
        projectValues = projectReturns;
        try {
            for (Expr e : exprs) valuePath(e);
        } finally {
            exprPaths = savedExprs;
            bindingPaths = savedBindings;
            returnPaths = savedReturns;
            projectReturns = savedProjectReturns;
            projectValues = savedProjectValues;
            lastQualified = savedLast;
        }
        return asked;
    }

    /**
     * {@code self.session} where the base class {@code base} of another file of the project binds it
     * ({@code self.session = requests.Session()} in its {@code __init__}): asked of the project as the
     * value path {@code pkg.base.Base().session}; null when not known (or not in a project).
     */
    private String projectMember(Expr base, String attr) {
        if (projectValues == null) return null;
        String name = qualifiedName(base);
        if (name == null || name.startsWith("builtins.")) return null;
        String p = projectValues.apply(name + "()." + attr);
        return p == null ? null : KnownTypes.canonical(p);
    }

    /** Base classes followed at most this deep (a class of this file deriving from one of this file). */
    private static final int MAX_BASES = 4;

    /**
     * {@code self.attr}: the instance attributes assigned in the class's methods, else class-level
     * names (a property: what its getter returns), else the same of the base classes defined in this file.
     */
    private String memberPath(Scope cls, String attr, int level) {
        List<Binding> assigned = cls.instanceAttribute(attr);
        if (!assigned.isEmpty()) return agreedPath(assigned);
        return classMemberPath(cls, attr, level, true);
    }

    /** {@code Cls.attr}: a class-level name of the class, else of its base classes defined in this file. */
    private String classMemberPath(Scope cls, String attr, int level) {
        return classMemberPath(cls, attr, level, false);
    }

    private String classMemberPath(Scope cls, String attr, int level, boolean onInstance) {
        List<Binding> classLevel = cls.bindings(attr);
        if (!classLevel.isEmpty()) {
            if (onInstance && classLevel.size() == 1 && classLevel.get(0).node() instanceof Stmt.FunctionDef def) {
                return isProperty(def) && !def.isAsync() ? returnedPath(def) : null;
            }
            return agreedPath(classLevel);
        }
        if (level >= MAX_BASES || !(cls.node() instanceof Stmt.ClassDef def)) return null;
        for (Expr base : def.bases()) {
            if (!(definition(base) instanceof Stmt.ClassDef baseDef) || !(tree.scopes.get(baseDef) instanceof Scope baseScope)) {
                // A base class of another module of the project: what its instances have as attr there.
                String inherited = onInstance ? projectMember(base, attr) : null;
                if (inherited != null) return inherited;
                continue;
            }
            String p = onInstance ? memberPath(baseScope, attr, level + 1) : classMemberPath(baseScope, attr, level + 1);
            // The first base that binds the name decides (Python's MRO for single and simple multiple inheritance).
            if (p != null || !baseScope.bindings(attr).isEmpty() || (onInstance && !baseScope.instanceAttribute(attr).isEmpty())) {
                return p;
            }
        }
        return null;
    }

    /**
     * What instances of {@code cls} have as {@code attr} as the class itself binds it, for subclasses in
     * other files: a value path ({@code requests.Session()}; a class of this file by {@code classNames}, then
     * {@code ()}), "" when bound to something not known, null when not bound (a method aside).
     */
    public String ownMemberPath(Stmt.ClassDef cls, String attr, java.util.function.Function<Stmt.ClassDef, String> classNames) {
        if (!(tree.scopes.get(cls) instanceof Scope scope)) return null;
        List<Binding> assigned = scope.instanceAttribute(attr);
        List<Binding> classLevel = scope.bindings(attr);
        if (assigned.isEmpty() && classLevel.isEmpty()) return null;
        if (assigned.isEmpty() && classLevel.stream().anyMatch(b -> b.kind() == BindingKind.FUNCTION)) {
            if (classLevel.size() != 1 || !(classLevel.get(0).node() instanceof Stmt.FunctionDef def) || !isProperty(def)) {
                return null;
            }
        }
        List<Binding> binding = !assigned.isEmpty() ? assigned : classLevel;
        if (binding.stream().allMatch(Binding::isLiteral)) return "";
        Binding only = onlyBinding(binding);
        Stmt.ClassDef made = only == null || only.kind() == BindingKind.FUNCTION ? null : bindingClass(only, 0);
        String madeName = made == null ? null : classNames.apply(made);
        if (madeName != null) return madeName + "()";
        String p = memberPath(scope, attr, MAX_BASES); // its own bindings: no base at the deepest level
        return p != null && p.endsWith("()") ? p : "";
    }

    /** The decorators that make a method read as an attribute: {@code @property}, {@code @functools.cached_property}. */
    private static final java.util.Set<String> PROPERTIES = java.util.Set.of("builtins.property",
            "functools.cached_property", "property", "cached_property");

    private boolean isProperty(Stmt.FunctionDef def) {
        for (Expr d : def.decorators()) {
            String name = qualifiedName(d);
            if (name != null && PROPERTIES.contains(name)) return true;
        }
        return false;
    }

    /**
     * The binding that reaches a use in the same scope: the last non-placeholder binding that ends
     * before the use. For uses in nested scopes (which run later) there is none: the bindings
     * must agree.
     */
    private Binding choose(List<Binding> visible, SourceRange use, Scope useScope) {
        Binding last = null;
        for (Binding b : visible) {
            if (b.isNonePlaceholder()) continue;
            if (b.scope() == useScope && before(b.range(), use)) last = b;
        }
        if (last != null) return last;
        Binding only = null;
        for (Binding b : visible) {
            if (b.isNonePlaceholder()) continue;
            if (only != null) return null;
            only = b;
        }
        return only;
    }

    private static boolean before(SourceRange binding, SourceRange use) {
        return binding.endLine() < use.startLine()
                || (binding.endLine() == use.startLine() && binding.endColumn() <= use.startColumn());
    }

    /**
     * The path all (non-placeholder) bindings agree on, else null. A declared type wins over the
     * assignments: {@code self.conn: sqlite3.Connection | None = None} in {@code __init__} and
     * {@code self.conn = sqlite3.connect(p)} later say the same thing in two spellings.
     */
    private String agreedPath(List<Binding> bindings) {
        String declared = null;
        for (Binding b : bindings) {
            if (b.annotation() == null || (b.kind() != BindingKind.ANNOTATED && b.kind() != BindingKind.PARAMETER)
                    || declaredTypes.isTypeAliasMarker(b.annotation())) {
                continue;
            }
            String p = declaredTypes.annotationPath(b.annotation());
            if (p == null || (declared != null && !declared.equals(p))) {
                declared = null;
                break;
            }
            declared = p;
        }
        if (declared != null) return declared;
        String agreed = null;
        for (Binding b : bindings) {
            if (b.isNonePlaceholder()) continue;
            String p = bindingPath(b);
            if (p == null) return null;
            if (agreed != null && !agreed.equals(p)) return null;
            agreed = p;
        }
        return agreed;
    }

    /** What a binding makes its name refer to. */
    public String bindingPath(Binding b) {
        String memo = bindingPaths.get(b);
        if (memo != null) return memo == UNKNOWN ? null : memo;
        if (!evaluating.add(b)) return null;
        String path;
        try {
            path = switch (b.kind()) {
                case IMPORT -> b.imported();
                case ASSIGNMENT, NAMED_EXPR -> valuePath(b.value());
                case WITH_TARGET -> {
                    String entered = declaredTypes.enteredPath(b.value());
                    yield entered != null ? entered : valuePath(b.value());
                }
                // type Client = httpx.Client: the name stands for the class.
                case TYPE_ALIAS -> b.node() instanceof Stmt.TypeAlias t && t.typeParams().isEmpty() ? valuePath(t.value()) : null;
                case ANNOTATED, PARAMETER -> {
                    // Client: TypeAlias = httpx.Client: the same.
                    if (b.kind() == BindingKind.ANNOTATED && b.value() != null && declaredTypes.isTypeAliasMarker(b.annotation())) {
                        yield valuePath(b.value());
                    }
                    String declared = declaredTypes.annotationPath(b.annotation());
                    if (declared != null) yield declared;
                    if (b.value() != null) yield valuePath(b.value());
                    yield b.annotation() == null ? defaultInstancePath(b) : null;
                }
                case LOOP_TARGET -> b.node() instanceof Stmt.For loop
                        && declaredTypes.loopTargetAnnotation(loop, b.name()) instanceof Expr element
                        ? declaredTypes.annotationPath(element) : null;
                default -> null;
            };
        } finally {
            evaluating.remove(b);
        }
        // Results that depend on an in-progress evaluation are not memoized as unknown forever.
        if (path != null || evaluating.isEmpty()) bindingPaths.put(b, path == null ? UNKNOWN : path);
        return path;
    }

}
