package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Set;

/**
 * Code a test runs to provoke the failure a rule predicts: the call sits in a raises-check
 * ({@code with self.assertRaises(...):}, {@code with pytest.raises(...):}), or its function makes
 * the same method call in one (a test of a library's own check, which calls the method once where
 * the check must raise and once where it must not). The author wants the failure there; a finding
 * would only be dismissed.
 */
final class ExpectedFailures {
    private ExpectedFailures() {}

    /** The names of the context managers that expect an exception: unittest's and pytest's. */
    private static final Set<String> RAISES_CHECKS = Set.of("assertRaises", "assertRaisesRegex", "assertRaisesRegexp", "raises");

    /** Whether the visited call (a method call named {@code method}) is one its function makes to provoke a failure. */
    static boolean provoked(RuleContext ctx, String method) {
        List<Node> up = ctx.walk().ancestors();
        for (int i = up.size() - 1; i >= 0; i--) {
            Node a = up.get(i);
            if (a instanceof Stmt.FunctionDef def) return callsUnderRaisesCheck(def.body(), method);
            if (a instanceof Stmt.ClassDef || a instanceof Expr.Lambda) return false;
            if (a instanceof Stmt.With w && isRaisesCheck(w)) return true;
        }
        return false;
    }

    /** Whether a raises-check among these statements (not in nested defs) holds a call of {@code method}. */
    private static boolean callsUnderRaisesCheck(List<Stmt> body, String method) {
        return FrameNodes.any(body, n -> n instanceof Stmt.With w && isRaisesCheck(w)
                && FrameNodes.any(w.body(), c -> c instanceof Expr.Call call && method.equals(Calls.method(call))));
    }

    /** {@code with self.assertRaises(E):}, {@code with pytest.raises(E, match=...):}, {@code with raises(E):}. */
    private static boolean isRaisesCheck(Stmt.With w) {
        for (var item : w.items()) {
            if (!(item.contextExpr() instanceof Expr.Call c)) continue;
            String name = c.func() instanceof Expr.Attribute at ? at.attr() : c.func() instanceof Expr.Name n ? n.id() : null;
            if (name != null && RAISES_CHECKS.contains(name)) return true;
        }
        return false;
    }
}
