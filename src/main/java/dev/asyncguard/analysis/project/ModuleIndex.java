package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.analysis.names.Scope;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One file's view of the project while that file is walked: the qualified names of its own defs
 * and classes, the project-wide name a callee expression refers to, and the file's
 * {@link ModuleSummary} as the walk fills it in (what each function calls, what blocks in it).
 * Only the summary outlives the walk; this index and its trees are dropped after the file.
 */
public final class ModuleIndex {
    private final ProjectSummaries project;
    private final String path;
    private final String moduleName;
    private final boolean packageInit;
    private final NameResolver names;
    final Map<Stmt.FunctionDef, String> functions = new IdentityHashMap<>();
    final Map<Stmt.ClassDef, String> classes = new IdentityHashMap<>();

    // The summary being built: declared while indexing, calls and blocking lines while walking.
    final Map<String, ModuleSummary.Function> declared = new LinkedHashMap<>();
    final List<ModuleSummary.ClassSummary> classSummaries = new ArrayList<>();
    final Map<String, String> aliases = new HashMap<>();
    final List<String> starImports = new ArrayList<>();
    List<String> imports = List.of();
    /** Whether a method of the file may run a coroutine method as its program's only one (the file names asyncio). */
    boolean mayRunAlone = true;
    final Map<String, String> values = new HashMap<>();
    final Set<String> rebinds = new LinkedHashSet<>();
    private final Map<String, Set<String>> callees = new HashMap<>();
    private final Map<String, Map<String, ModuleSummary.Step>> blocks = new HashMap<>();

    ModuleIndex(ProjectSummaries project, String path, String moduleName, boolean packageInit, NameResolver names) {
        this.project = project;
        this.path = path;
        this.moduleName = moduleName;
        this.packageInit = packageInit;
        this.names = names;
    }

    public ProjectSummaries project() {
        return project;
    }

    public String path() {
        return path;
    }

    public String moduleName() {
        return moduleName;
    }

    public NameResolver names() {
        return names;
    }

    /** For the name resolver: what a function of another file returns, by this file's name for it. */
    public final java.util.function.Function<String, String> returnTypes = name -> {
        String absolute = absolute(name);
        return project().mayBeProjectName(absolute) ? project().returnedType(absolute) : null;
    };

    /** For the name resolver: the instance a module-level object of another file is, by this file's name for it. */
    public final java.util.function.Function<String, String> valueTypes = name -> {
        String absolute = absolute(name);
        return moduleName() != null && project().mayBeProjectName(absolute) && !absolute.startsWith(moduleName() + ".")
                ? project().moduleValue(absolute) : null;
    };

    /**
     * What the instances of each class of the file have as the attributes the class binds itself
     * ({@link NameResolver#ownMemberPath}), for subclasses in other files; once every class of the
     * file is named (an attribute may hold an instance of a class defined further down).
     */
    void indexAttributes() {
                Map<String, Stmt.ClassDef> defs = new HashMap<>();
        for (var e : classes.entrySet()) defs.put(e.getValue(), e.getKey());
        java.util.function.Function<Stmt.ClassDef, String> classNames = c -> c == null ? null : classes.get(c);
        for (int i = 0; i < classSummaries.size(); i++) {
            ModuleSummary.ClassSummary summary = classSummaries.get(i);
            Stmt.ClassDef def = defs.get(summary.qualified());
            if (def == null || !(names.scopeOf(def) instanceof dev.asyncguard.analysis.names.Scope scope)) continue;
            Set<String> members = new java.util.HashSet<>(scope.instanceAttributeNames());
            members.addAll(scope.boundNames());
            Map<String, String> attributes = new HashMap<>();
            for (String attr : members) {
                String p = names.ownMemberPath(def, attr, classNames);
                if (p == null) continue;
                String value = p.isEmpty() ? "" : absolute(p.substring(0, p.length() - 2));
                attributes.put(attr, value == null ? "" : project.shared(p.isEmpty() ? "" : value + "()"));
            }
            if (!attributes.isEmpty()) classSummaries.set(i, summary.withAttributes(attributes));
        }
    }

    /**
     * The assignments to attributes of other modules in these statements and every statement nested
     * in them, in source order. Assignments are statements, and statements sit only in the bodies of
     * statements (never in expressions), so the expressions, most of a file's nodes, are not visited.
     */
    void indexRebinds(List<Stmt> body, String moduleName) {
        for (Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> {
                    for (Expr t : a.targets()) rebind(t, moduleName);
                }
                case Stmt.AugAssign a -> rebind(a.target(), moduleName);
                case Stmt.AnnAssign a -> rebind(a.target(), moduleName);
                case Stmt.FunctionDef d -> indexRebinds(d.body(), moduleName);
                case Stmt.ClassDef c -> indexRebinds(c.body(), moduleName);
                case Stmt.For f -> {
                    indexRebinds(f.body(), moduleName);
                    indexRebinds(f.orelse(), moduleName);
                }
                case Stmt.While w -> {
                    indexRebinds(w.body(), moduleName);
                    indexRebinds(w.orelse(), moduleName);
                }
                case Stmt.If i -> {
                    indexRebinds(i.body(), moduleName);
                    indexRebinds(i.orelse(), moduleName);
                }
                case Stmt.With w -> indexRebinds(w.body(), moduleName);
                case Stmt.Match m -> {
                    for (var c : m.cases()) indexRebinds(c.body(), moduleName);
                }
                case Stmt.Try t -> {
                    indexRebinds(t.body(), moduleName);
                    for (var h : t.handlers()) indexRebinds(h.body(), moduleName);
                    indexRebinds(t.orelse(), moduleName);
                    indexRebinds(t.finalbody(), moduleName);
                }
                default -> { }
            }
        }
    }

    /** {@code h.client = ...} where {@code h} is another module of the project: that object is not known anywhere. */
    private void rebind(Expr target, String moduleName) {
        if (!(target instanceof Expr.Attribute a) || !(a.value() instanceof Expr.Name || a.value() instanceof Expr.Attribute)) return;
        String owner = absolute(names.valuePath(a.value()));
        if (owner != null && owner.indexOf('(') < 0 && !owner.equals(moduleName) && project.mayBeProjectName(owner)) {
            rebinds.add(owner + "." + a.attr());
        }
    }

    /** The qualified name of a def of this file at module level or in a class; null for defs nested in functions. */
    public String qualifiedName(Stmt.FunctionDef def) {
        return functions.get(def);
    }

    /** Whether the function is part of this file's summary (other files may call it). */
    public boolean summarizes(Stmt.FunctionDef def) {
        return def != null && functions.containsKey(def);
    }

    /**
     * Whether a callee path names a def of this file that is plainly not a coroutine function
     * (sync, undecorated): decided here, with no need to wait for the project.
     */
    public boolean namesPlainSyncFunctionHere(String calleePath) {
        ModuleSummary.Function f = declared.get(calleePath);
        return f != null && !f.isAsync() && f.decorators().isEmpty();
    }

    /** A (possibly relative) name made absolute from this module. */
    public String absolute(String name) {
        return moduleName == null ? (name != null && name.startsWith(".") ? null : name)
                : ProjectSummaries.absolute(name, moduleName, packageInit);
    }

    /** A class expression's project-wide name: a class of this file, or an imported name. */
    String classPath(Expr e) {
        if (e instanceof Expr.Name n && names.definition(n) instanceof Stmt.ClassDef c && classes.containsKey(c)) {
            return classes.get(c);
        }
        return absolute(names.qualifiedName(e));
    }

    /**
     * The project-wide value path of a callee ({@code pkg.settings.load_settings},
     * {@code pkg.models.Base.save} for {@code self.save()}, {@code pkg.models.Sub#super.save} for
     * {@code super().save()} in a subclass, resolved over the bases' MRO once the project is known,
     * {@code pkg.db.get_redis().get}), or null when it cannot name something of the analyzed files.
     * {@code enclosingClass} is the class the call is lexically in (for {@code super()}), or null.
     */
    public String calleePath(Expr callee, Stmt.ClassDef enclosingClass) {
        // The blocking rules ask about a coroutine's call one after another: the last answer is kept.
        if (callee == lastCallee && enclosingClass == lastEnclosingClass) return lastCalleePath;
        String p = calleePathOf(callee, enclosingClass);
        lastCallee = callee;
        lastEnclosingClass = enclosingClass;
        lastCalleePath = p;
        return p;
    }

    private Expr lastCallee;
    private Stmt.ClassDef lastEnclosingClass;
    private String lastCalleePath;

    private String calleePathOf(Expr callee, Stmt.ClassDef enclosingClass) {
        String p = null;
        if (callee instanceof Expr.Name n && names.definition(n) instanceof Stmt.FunctionDef d) {
            p = functions.get(d);
        } else if (callee instanceof Expr.Attribute a) {
            if (a.value() instanceof Expr.Call sup && sup.func() instanceof Expr.Name s && s.id().equals("super")
                    && sup.args().isEmpty() && enclosingClass != null && !enclosingClass.bases().isEmpty()) {
                String cls = classes.get(enclosingClass);
                p = cls == null ? null : cls + ProjectSummaries.SUPER + "." + a.attr();
            } else if (a.value() instanceof Expr.Name self && names.classOfSelf(self) instanceof Scope cls
                    && cls.instanceAttribute(a.attr()).isEmpty() && classes.get(cls.classDef()) instanceof String owner) {
                // self.m() is most calls of most methods: each class's paths are made once.
                return selfMethodPaths.computeIfAbsent(cls.classDef(), k -> new HashMap<>())
                        .computeIfAbsent(a.attr(), attr -> known(owner + "." + attr));
            } else if (a.value() instanceof Expr.Call made && made.func() instanceof Expr.Name n
                    && names.definition(n) instanceof Stmt.FunctionDef d && functions.containsKey(d)) {
                p = functions.get(d) + "()." + a.attr();
            } else if (names.instanceClass(a.value()) instanceof Stmt.ClassDef c && classes.get(c) instanceof String cls) {
                // conn.close() on an instance of a class of this file: its method, found over the
                // bases' MRO once the project is known (a base may be in another file).
                p = cls + "()." + a.attr();
            }
        }
        if (p == null) p = absolute(names.valuePath(callee));
        if (p == null) p = inheritedMemberPath(callee);
        if (moduleName != null && callee instanceof Expr.Name n && n.id().equals(p) && !names.isBound(n)
                && names.moduleScope().hasStarImport()) {
            // Bound nowhere in the file (nor a builtin): it may come from a star import, looked up in
            // this module's namespace once the project is known.
            p = moduleName + "." + n.id();
        }
        return p == null ? null : known(p);
    }

    /**
     * {@code self.worker.stop} in a class that does not bind {@code worker} itself but derives from a
     * class of another module: {@code pkg.sub.Sub().worker.stop}, the method of what the first class
     * of its MRO that binds {@code worker} puts there, found once the project is known; else null.
     */
    private String inheritedMemberPath(Expr callee) {
        return callee instanceof Expr.Attribute m && inheritedMember(m.value()) instanceof String member
                ? member + "." + m.attr() : null;
    }

    /**
     * {@code self.session} in a method of a class of this file that does not bind {@code session}
     * itself but derives from a class of another module, which may: the project-wide value path
     * {@code pkg.sub.Sub().session}, which {@link ProjectSummaries#moduleValue} answers once the
     * project is known (along Sub's MRO); null for anything else.
     */
    public String inheritedMember(Expr e) {
        if (!(e instanceof Expr.Attribute member) || !(member.value() instanceof Expr.Name self)
                || !(names.classOfSelf(self) instanceof Scope cls)
                || !cls.instanceAttribute(member.attr()).isEmpty() || !cls.bindings(member.attr()).isEmpty()
                || !(classes.get(cls.classDef()) instanceof String owner) || !dev.asyncguard.analysis.names.ClassBases.elsewhere(names, cls)) {
            return null;
        }
        return owner + "()." + member.attr();
    }

    /**
     * The same callee is named by many calls of a file: decided once, and one copy kept for the
     * summary and deferred findings; null when it cannot name something of the project.
     */
    private String known(String p) {
        String known = calleeNames.get(p);
        if (known == null) {
            known = project.mayBeProjectName(p) ? p : NOT_IN_PROJECT;
            calleeNames.put(p, known);
        }
        return known == NOT_IN_PROJECT ? null : known;
    }

    private final Map<Stmt.ClassDef, Map<String, String>> selfMethodPaths = new IdentityHashMap<>();

    /** Marks a callee path of {@link #calleeNames} that cannot name something of the project (no path is a NUL). */
    private static final String NOT_IN_PROJECT = "\0";
    private final Map<String, String> calleeNames = new HashMap<>();

    // ---- what the walk records into the summary ----

    /** A call in {@code function} (a def of this file), recorded once per call: what it may reach in the project. */
    public void recordCall(Stmt.FunctionDef function, Expr.Call call, Stmt.ClassDef enclosingClass) {
        recordCall(function, call, enclosingClass, null);
    }

    /**
     * As {@link #recordCall(Stmt.FunctionDef, Expr.Call, Stmt.ClassDef)}, with the call's ancestors
     * (outermost first, the call excluded) for whether it runs only when a parameter is not None.
     */
    public void recordCall(Stmt.FunctionDef function, Expr.Call call, Stmt.ClassDef enclosingClass,
                           List<dev.asyncguard.python.ast.Node> ancestors) {
        String callee = calleePath(call.func(), enclosingClass);
        if (callee == null) return;
        // A function's calls come one after another in the walk: its set is looked up once for them.
        if (function != calleesOwner) {
            String qn = functions.get(function);
            if (qn == null) return;
            calleesOwner = function;
            calleesOfOwner = callees.computeIfAbsent(qn, k -> new LinkedHashSet<>());
            argumentsOfOwner = arguments.computeIfAbsent(qn, k -> new HashMap<>());
            parametersOfOwner = ArgumentShapes.parameterNames(function);
            guardableOfOwner = ArgumentShapes.guardableParameters(function);
        }
        calleesOfOwner.add(callee);
        String guard = ancestors == null || parametersOfOwner.isEmpty() ? null
                : ArgumentShapes.guardedParameter(function, withCall(ancestors, call), guardableOfOwner);
        argumentsOfOwner.merge(callee, ArgumentShapes.guarded(argumentsOf(call, parametersOfOwner, function), guard),
                ArgumentShapes::merge);
    }

    /** The ancestors with the call at the end: a view, not a copy (asked at every call of a summarized function). */
    private static List<dev.asyncguard.python.ast.Node> withCall(List<dev.asyncguard.python.ast.Node> ancestors, Expr.Call call) {
        int size = ancestors.size();
        return new java.util.AbstractList<>() {
            @Override
            public dev.asyncguard.python.ast.Node get(int index) {
                return index == size ? call : ancestors.get(index);
            }

            @Override
            public int size() {
                return size + 1;
            }
        };
    }

    /** What a coroutine's call passes ({@link ArgumentShapes#shapeOf}; its arguments are values, none passed on). */
    public String argumentsOf(Expr.Call call) {
        return argumentsOf(call, Set.of(), null);
    }

    private String argumentsOf(Expr.Call call, Set<String> callerParameters, Stmt.FunctionDef caller) {
        // Cls.method(obj, ...) passes self itself: its positions are not the bound method's.
        return call.func() instanceof Expr.Attribute a && names.definition(a.value()) instanceof Stmt.ClassDef
                ? ArgumentShapes.UNKNOWN : ArgumentShapes.shapeOf(call, callerParameters, caller);
    }

    private Stmt.FunctionDef calleesOwner;
    private Set<String> calleesOfOwner;
    private Map<String, String> argumentsOfOwner;
    private Set<String> parametersOfOwner;
    private Set<String> guardableOfOwner;
    /** Per function, per callee, what its calls pass ({@link ArgumentShapes#shapeOf}, merged over the calls). */
    private final Map<String, Map<String, String>> arguments = new HashMap<>();

    /**
     * A line of {@code function} that blocks for the rule {@code code}: the first of the strongest
     * evidence is kept (a sure one over a brief one or one that returns soon).
     */
    public void recordBlocking(String code, Stmt.FunctionDef function, String what, int line,
                               dev.asyncguard.analysis.Confidence confidence, boolean returnsSoon,
                               boolean dependsOnArguments, String needs) {
        String qn = functions.get(function);
        if (qn == null) return;
        blocks.computeIfAbsent(qn, k -> new HashMap<>()).merge(code,
                new ModuleSummary.Step(project.shared(what), path, line, confidence, returnsSoon, dependsOnArguments, needs),
                (known, later) -> later.strongerThan(known) ? later : known);
    }

    /** A {@code return} in {@code function}'s own body: a call's instance is its obvious type when it is the only value returned. */
    public void recordReturn(Stmt.FunctionDef function, Expr value) {
        String qn = functions.get(function);
        if (qn == null) return;
        String p = null;
        if (value instanceof Expr.Call call) {
            String callee = absolute(names.qualifiedName(call.func()));
            p = callee == null ? null : callee + "()";
        }
        String before = returned.putIfAbsent(qn, p == null ? CONFLICT : p);
        if (before != null && !before.equals(p)) returned.put(qn, CONFLICT);
    }

    /** A {@code yield} in {@code function}'s own body: calling it makes a generator, its body does not run. */
    public void recordYield(Stmt.FunctionDef function) {
        String qn = functions.get(function);
        if (qn != null) generators.add(qn);
    }

    private static final String CONFLICT = "";
    private final Map<String, String> returned = new HashMap<>();
    private final Set<String> generators = new java.util.HashSet<>();

    /** Records which modules this file may import from (for a review's next files to summarize). */
    public void recordImports(dev.asyncguard.python.ast.Module module) {
        imports = ImportedModules.candidates(module, moduleName, packageInit);
    }

    /** The file's summary, as recorded so far (complete once every rule has seen the file). */
    public ModuleSummary summary() {
        List<ModuleSummary.Function> out = new ArrayList<>(declared.size());
        for (ModuleSummary.Function f : declared.values()) {
            String qn = f.qualified();
            Set<String> called = callees.get(qn);
            Map<String, ModuleSummary.Step> blocking = blocks.get(qn);
            String value = returned.get(qn);
            String returns = f.returns() != null ? f.returns() : value == null || value.equals(CONFLICT) ? null : value;
            Map<String, String> passed = arguments.get(qn);
            out.add(new ModuleSummary.Function(qn, f.line(), f.isAsync(), generators.contains(qn),
                    f.decorators(), f.returnsAsyncWrapper(), returns,
                    called == null ? List.of() : List.copyOf(called), blocking == null ? Map.of() : blocking,
                    f.parameters(), passed == null ? Map.of() : passed));
        }
        return new ModuleSummary(path, moduleName == null ? "" : moduleName, out, classSummaries, aliases,
                starImports, imports, values, List.copyOf(rebinds));
    }
}
