package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.analysis.names.Scope;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One file's view of the project while that file is walked: the qualified names of its own defs
 * and classes, and the project-wide name a callee expression refers to. Dropped after the file.
 */
public final class ModuleIndex {
    private final ProjectSummaries project;
    private final String path;
    private final String moduleName;
    private final boolean packageInit;
    private final NameResolver names;
    final Map<Stmt.FunctionDef, String> functions = new IdentityHashMap<>();
    final Map<Stmt.ClassDef, String> classes = new IdentityHashMap<>();

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

    /** The qualified name of a def of this file at module level or in a top-level class; null for nested ones. */
    public String qualifiedName(Stmt.FunctionDef def) {
        return functions.get(def);
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
     * {@code pkg.models.Base.save} for {@code self.save()} or {@code super().save()} in a subclass,
     * {@code pkg.db.get_redis().get}), or null when it cannot name something of the analyzed files.
     * {@code enclosingClass} is the class the call is lexically in (for {@code super()}), or null.
     */
    public String calleePath(Expr callee, Stmt.ClassDef enclosingClass) {
        String p = null;
        if (callee instanceof Expr.Name n && names.definition(n) instanceof Stmt.FunctionDef d) {
            p = functions.get(d);
        } else if (callee instanceof Expr.Attribute a) {
            if (a.value() instanceof Expr.Call sup && sup.func() instanceof Expr.Name s && s.id().equals("super")
                    && sup.args().isEmpty() && enclosingClass != null && !enclosingClass.bases().isEmpty()) {
                String base = classPath(enclosingClass.bases().get(0));
                p = base == null ? null : base + "." + a.attr();
            } else if (a.value() instanceof Expr.Name self && names.classOfSelf(self) instanceof Scope cls
                    && cls.instanceAttribute(a.attr()).isEmpty() && classes.containsKey(cls.classDef())) {
                p = classes.get(cls.classDef()) + "." + a.attr();
            } else if (a.value() instanceof Expr.Call made && made.func() instanceof Expr.Name n
                    && names.definition(n) instanceof Stmt.FunctionDef d && functions.containsKey(d)) {
                p = functions.get(d) + "()." + a.attr();
            }
        }
        if (p == null) p = absolute(names.valuePath(callee));
        return project.mayBeProjectName(p) ? p : null;
    }
}
