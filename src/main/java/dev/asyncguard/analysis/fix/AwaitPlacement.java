package dev.asyncguard.analysis.fix;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Keyword;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

/**
 * Where an {@code await ...} expression may replace a call without changing how the rest of the
 * line parses: as a whole statement, an assignment's value, a return value or an argument it
 * needs no parentheses; elsewhere (an attribute of it, an operand) it gets them.
 */
public final class AwaitPlacement {
    private AwaitPlacement() {}

    /** True when the call is a whole expression statement, the whole value of an assignment or of a return. */
    public static boolean isWholeStatementOrAssignedValue(Expr.Call call, Node parent) {
        return switch (parent) {
            case Stmt.ExprStmt s -> s.value() == call;
            case Stmt.Assign a -> a.value() == call;
            case Stmt.AnnAssign a -> a.value() == call;
            case Stmt.Return r -> r.value() == call;
            case null, default -> false;
        };
    }

    /** {@code awaitExpr} wrapped in parentheses unless the parent lets it stand bare. */
    public static String inPlace(String awaitExpr, Expr.Call call, Node parent) {
        boolean bare = switch (parent) {
            case Stmt.ExprStmt s -> true;
            case Stmt.Assign a -> true;
            case Stmt.AnnAssign a -> true;
            case Stmt.AugAssign a -> true;
            case Stmt.Return r -> true;
            case Keyword k -> true;
            case Expr.Call c -> c.func() != call;
            case Expr.Tuple t -> true;
            case Expr.ListExpr l -> true;
            case null, default -> false;
        };
        return bare ? awaitExpr : "(" + awaitExpr + ")";
    }
}
