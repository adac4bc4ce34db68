package dev.asyncguard.analysis.names;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

/** Where a class's bases are: whether it derives (directly or through bases of its file) from a class of another module. */
public final class ClassBases {
    private ClassBases() {}

    /**
     * Whether {@code cls}, or a base class of this file it derives from, has a base that is not a
     * class of this file (a class of another module, which may bind attributes its instances use).
     */
    public static boolean elsewhere(NameResolver names, Scope cls) {
        return elsewhere(names, cls, 0);
    }

    private static boolean elsewhere(NameResolver names, Scope cls, int level) {
        if (level >= 4 || !(cls.node() instanceof Stmt.ClassDef def)) return false;
        for (Expr base : def.bases()) {
            if (names.definition(base) instanceof Stmt.ClassDef local && names.scopeOf(local) instanceof Scope s) {
                if (elsewhere(names, s, level + 1)) return true;
            } else if (names.qualifiedName(base) instanceof String name && !name.equals("builtins.object")) {
                return true;
            }
        }
        return false;
    }
}
