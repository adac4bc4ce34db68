package dev.asyncguard.analysis.project;

import dev.asyncguard.python.Parser;
import dev.asyncguard.python.ast.Alias;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Stmt;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which files of a tree a Python file imports from ({@code import pkg.settings},
 * {@code from .settings import x}, {@code from . import settings}, imports inside functions too):
 * what a review needs to fetch besides the changed files so that their calls into unchanged
 * modules are summarized.
 */
public final class ImportedModules {
    private final Map<String, String> pathOfModule = new HashMap<>();
    private final Map<String, String> moduleOfPath;

    /** {@code treePaths}: every Python file of the tree (repository-relative). */
    public ImportedModules(Collection<String> treePaths) {
        this.moduleOfPath = ModuleNames.of(treePaths);
        moduleOfPath.forEach((path, module) -> pathOfModule.putIfAbsent(module, path));
    }

    /** The tree's files that {@code path} (its content {@code source}) imports from; never itself. */
    public Set<String> of(String path, byte[] source) {
        return of(path, new Parser().parse(source).module());
    }

    /** The tree's files that {@code path} imports from, its tree {@code module} parsed already (null: none). */
    public Set<String> of(String path, Module module) {
        if (module == null) return new LinkedHashSet<>();
        Set<String> out = paths(candidates(module, moduleOfPath.get(path), ModuleNames.isPackageInit(path)));
        out.remove(path);
        return out;
    }

    /** The tree's files among modules a file may import from ({@link #candidates}), in their order. */
    public Set<String> paths(Collection<String> candidates) {
        Set<String> out = new LinkedHashSet<>();
        for (String m : candidates) {
            String p = pathOfModule.get(m);
            if (p != null) out.add(p);
        }
        return out;
    }

    /**
     * The modules a file may import from, as absolute dotted names: each imported module with the
     * packages it sits in (their {@code __init__} runs, and may re-export), and for
     * {@code from m import n} also {@code m.n} (a submodule). {@code self} is the file's module name
     * (null: relative imports are left out).
     */
    public static List<String> candidates(Module module, String self, boolean packageInit) {
        Set<String> out = new LinkedHashSet<>();
        // Statements only: an import is a statement, and no expression holds one (a walk of every
        // node spends most of its time in expressions).
        dev.asyncguard.python.ast.NodeStack stack = new dev.asyncguard.python.ast.NodeStack();
        stack.push(module);
        while (!stack.isEmpty()) {
            dev.asyncguard.python.ast.Node n = stack.pop();
            if (n instanceof Module || n instanceof Stmt || n instanceof dev.asyncguard.python.ast.ExceptHandler
                    || n instanceof dev.asyncguard.python.ast.MatchCase) {
                stack.pushChildren(n);
            }
            // At every statement and its direct children: instanceof tests (under C1 a type switch is a call not inlined).
            if (n instanceof Stmt.Import i) {
                for (Alias a : i.names()) addWithPackages(out, a.name());
            } else if (n instanceof Stmt.ImportFrom i) {
                String from = ".".repeat(i.level()) + (i.module() == null ? "" : i.module());
                String base = from.startsWith(".")
                        ? (self == null ? null : ProjectSummaries.absolute(from, self, packageInit)) : from;
                if (base != null) {
                    addWithPackages(out, base);
                    for (Alias a : i.names()) if (!a.name().equals("*")) out.add(base + "." + a.name());
                }
            }
        }
        return List.copyOf(out);
    }

    private static void addWithPackages(Set<String> out, String module) {
        String m = module;
        while (true) {
            out.add(m);
            int dot = m.lastIndexOf('.');
            if (dot < 0) return;
            m = m.substring(0, dot);
        }
    }
}
