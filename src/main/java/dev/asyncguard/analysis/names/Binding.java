package dev.asyncguard.analysis.names;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.SourceRange;

/**
 * One place where a name gets a value in a scope.
 *
 * @param kind        how it is bound
 * @param node        the binding statement or node (the import alias, the assignment, the def, the parameter)
 * @param value       the expression whose value the name takes, when the target is exactly the name
 *                    (null for unpacking, loops, augmented assignment)
 * @param annotation  the declared type (parameters, annotated assignments), or null
 * @param imported    for imports: the qualified name bound, e.g. {@code time.sleep}; relative
 *                    imports start with dots, e.g. {@code ..models.User}
 * @param range       where the binding happens (used for "the last binding before this use")
 * @param scope       the scope the name lives in
 */
public record Binding(String name, BindingKind kind, Node node, Expr value, Expr annotation, String imported,
                      SourceRange range, Scope scope) {

    public enum BindingKind {
        IMPORT, ASSIGNMENT, ANNOTATED, AUGMENTED, PARAMETER, LOOP_TARGET, WITH_TARGET, EXCEPT_TARGET,
        FUNCTION, CLASS, NAMED_EXPR, COMPREHENSION_TARGET, MATCH_CAPTURE, TYPE_ALIAS, DELETE
    }

    /** True for {@code x = None} (and {@code x: T = None}): a placeholder, not what the name is for. */
    public boolean isNonePlaceholder() {
        return value instanceof Expr.Constant c && c.kind() == Expr.ConstantKind.NONE
                && (kind == BindingKind.ASSIGNMENT || (kind == BindingKind.ANNOTATED && annotation == null));
    }

    /** True for a value written as a literal, undeclared ({@code self.count = 0}, {@code self.items = []}). */
    public boolean isLiteral() {
        return annotation == null && (value instanceof Expr.Constant || value instanceof Expr.ListExpr
                || value instanceof Expr.Dict || value instanceof Expr.Tuple || value instanceof Expr.SetExpr
                || value instanceof Expr.JoinedStr || value instanceof Expr.ListComp || value instanceof Expr.DictComp);
    }
}
