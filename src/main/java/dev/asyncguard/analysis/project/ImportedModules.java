package dev.asyncguard.analysis.project;

import dev.asyncguard.python.Parser;
import dev.asyncguard.python.ast.Alias;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Stmt;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
        Module module = new Parser().parse(source).module();
        Set<String> out = new LinkedHashSet<>();
        if (module == null) return out;
        String self = moduleOfPath.get(path);
        boolean init = ModuleNames.isPackageInit(path);
        Nodes.walk(module, n -> {
            switch (n) {
                case Stmt.Import i -> {
                    for (Alias a : i.names()) addWithPackages(out, a.name());
                }
                case Stmt.ImportFrom i -> {
                    String from = ".".repeat(i.level()) + (i.module() == null ? "" : i.module());
                    String base = from.startsWith(".") ? (self == null ? null : ProjectSummaries.absolute(from, self, init))
                            : from;
                    if (base != null) {
                        addWithPackages(out, base);
                        for (Alias a : i.names()) add(out, base + "." + a.name());
                    }
                }
                default -> { }
            }
        });
        out.remove(path);
        return out;
    }

    /** {@code a.b.c}: the module and the packages it sits in (their __init__ runs, and may re-export). */
    private void addWithPackages(Set<String> out, String module) {
        String m = module;
        while (true) {
            add(out, m);
            int dot = m.lastIndexOf('.');
            if (dot < 0) return;
            m = m.substring(0, dot);
        }
    }

    private void add(Set<String> out, String module) {
        String p = pathOfModule.get(module);
        if (p != null) out.add(p);
    }
}
