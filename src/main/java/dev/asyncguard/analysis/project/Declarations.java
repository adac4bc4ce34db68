package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one file declares that the project's other files may refer to, indexed before its walk: its
 * functions (module level and in classes, with their decorators and declared return types), classes
 * at any nesting (bases, other names, what their instances have), the names it imports, and its
 * module-level objects. The index ({@link ModuleIndex}) then answers for the file's walk and collects
 * its summary. No lock: only the project's fixed module names and its shared strings are used.
 */
final class Declarations {
    private Declarations() {}

    /** The index of the file at {@code path}, module {@code moduleName} (null: not a module of the project, nothing indexed). */
    static ModuleIndex index(ProjectSummaries project, String path, String moduleName, Module module, NameResolver names,
                             Set<String> words) {
        ModuleIndex index = new ModuleIndex(project, path, moduleName, ModuleNames.isPackageInit(path), names);
        if (moduleName == null) return index;
        index.mayRunAlone = words == null || words.contains(RUNS_ALONE_WORD);
        indexBody(index, module.body(), moduleName);
        index.indexAttributes();
        indexObjects(index, module, moduleName);
        return index;
    }

    /**
     * The module-level objects of one file other files may use ({@code client = httpx.Client()}),
     * and the names of other modules it assigns ({@code h.client = ...}): such an object is then
     * not known anywhere. Objects made by the project's own classes and functions are left out.
     */
    private static void indexObjects(ModuleIndex index, Module module, String moduleName) {
        NameResolver names = index.names();
        for (String name : names.moduleScope().boundNames()) {
            String value = index.absolute(names.moduleValuePath(name));
            if (value != null && !index.project().mayBeProjectName(value)) index.values.put(moduleName + "." + name, index.project().shared(value));
        }
        index.indexRebinds(module.body(), moduleName);
    }

    private static void indexBody(ModuleIndex index, List<Stmt> body, String prefix) {
        for (Stmt s : body) {
            switch (s) {
                case Stmt.FunctionDef d -> {
                    String qn = prefix + "." + d.name();
                    index.functions.put(d, qn);
                    List<String> decorators = d.decorators().isEmpty() ? List.of() : new ArrayList<>(d.decorators().size());
                    for (Expr dec : d.decorators()) {
                        Expr callee = dec instanceof Expr.Call c ? c.func() : dec;
                        String p = index.names().definition(callee) instanceof Stmt.FunctionDef local
                                && index.functions.containsKey(local) ? index.functions.get(local)
                                : index.absolute(index.names().qualifiedName(callee));
                        decorators.add(p == null ? "?" : index.project().shared(p));
                    }
                    // Whether it yields and what it returns come from the file's walk (FunctionFacts).
                    String returns = d.returns() != null ? index.absolute(index.names().qualifiedName(d.returns())) : null;
                    index.declared.put(qn, new ModuleSummary.Function(qn, d.range().startLine(), d.isAsync(),
                            false, decorators, returnsAsyncWrapper(index, d), returns == null ? null : returns + "()",
                            List.of(), Map.of(), ArgumentShapes.parameters(d), Map.of()));
                }
                case Stmt.ClassDef c -> {
                    String qn = prefix + "." + c.name();
                    index.classes.put(c, qn);
                    List<String> bases = new ArrayList<>();
                    for (Expr b : c.bases()) {
                        String p = index.classPath(b);
                        bases.add(p == null ? "?" : p);
                    }
                    Set<String> others = new HashSet<>();
                    Set<String> runAlone = new HashSet<>();
                    for (Stmt m : c.body()) {
                        if (m instanceof Stmt.ClassDef inner) others.add(inner.name());
                        if (m instanceof Stmt.Assign a) {
                            for (Expr t : a.targets()) if (t instanceof Expr.Name n) others.add(n.id());
                        }
                        if (m instanceof Stmt.FunctionDef method && !method.isAsync() && index.mayRunAlone) {
                            runAlone.addAll(runsAlone(index, method));
                        }
                    }
                    index.classSummaries.add(new ModuleSummary.ClassSummary(qn, bases, others, runAlone));
                    indexBody(index, c.body(), qn);
                }
                case Stmt.ImportFrom i when prefix.equals(index.moduleName()) -> {
                    String from = ".".repeat(i.level()) + (i.module() == null ? "" : i.module());
                    for (var a : i.names()) {
                        if (a.name().equals("*")) {
                            String module = index.absolute(from);
                            if (module != null) index.starImports.add(module);
                            continue;
                        }
                        String target = index.absolute(from.endsWith(".") ? from + a.name() : from + "." + a.name());
                        if (target != null) index.aliases.put(prefix + "." + a.boundName(), index.project().shared(target));
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * The word every file with a {@link #runsAlone(ModuleIndex, Stmt.FunctionDef)} call has: the call's
     * qualified name is {@code asyncio.run}, which only a name bound by an import of asyncio resolves to.
     */
    private static final String RUNS_ALONE_WORD = "asyncio";

    /**
     * The coroutine methods a plain method runs as its program's only coroutine:
     * {@code asyncio.run(self.async_run(...))} in its body.
     */
    private static Set<String> runsAlone(ModuleIndex index, Stmt.FunctionDef method) {
        Set<String> found = new HashSet<>();
        if (method.args().args().isEmpty()) return found;
        String self = method.args().args().get(0).name();
        dev.asyncguard.python.ast.Nodes.walk(method, n -> {
            if (n instanceof Expr.Call run && run.args().size() == 1 && run.args().get(0) instanceof Expr.Call started
                    && started.func() instanceof Expr.Attribute a && a.value() instanceof Expr.Name owner
                    && owner.id().equals(self) && "asyncio.run".equals(index.names().qualifiedName(run.func()))) {
                found.add(a.attr());
            }
        });
        return found;
    }

    /** A decorator whose wrapper is an {@code async def} under {@code @functools.wraps}, returned by name. */
    private static boolean returnsAsyncWrapper(ModuleIndex index, Stmt.FunctionDef d) {
        // Asked of every def: most have no async def in their body, and allocate nothing.
        Set<String> wrappers = null;
        for (Stmt s : d.body()) {
            if (s instanceof Stmt.FunctionDef inner && inner.isAsync() && inner.decorators().stream().anyMatch(dec ->
                    dec instanceof Expr.Call c && "functools.wraps".equals(index.names().qualifiedName(c.func())))) {
                if (wrappers == null) wrappers = new HashSet<>();
                wrappers.add(inner.name());
            }
        }
        if (wrappers == null) return false;
        for (Stmt s : d.body()) {
            if (s instanceof Stmt.Return r && r.value() instanceof Expr.Name n && wrappers.contains(n.id())) return true;
        }
        return false;
    }
}
