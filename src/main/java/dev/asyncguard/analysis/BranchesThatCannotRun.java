package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.List;

/**
 * The branches of a file that cannot run: the body of {@code if False:} (or {@code if 0:}, {@code if None:},
 * {@code if not True:}) and the {@code else} of {@code if True:} (or {@code if 1:}). Code generated for
 * two flavours keeps the other one there (psycopg writes its async modules with {@code if True:  # ASYNC}
 * and the sync twin's line in the {@code else}); a finding in such a branch describes code that never
 * runs, so the rules report none there ({@link Reporter}, {@link ProjectDeferral}). Found once a file, on
 * the first finding: most files have no such branch and many report nothing.
 */
final class BranchesThatCannotRun {
    private final List<SourceRange> ranges;

    private BranchesThatCannotRun(List<SourceRange> ranges) {
        this.ranges = ranges;
    }

    static BranchesThatCannotRun of(Preorder tree) {
        List<SourceRange> ranges = new ArrayList<>();
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (!(tree.node(i) instanceof Stmt.If branch)) continue;
            Boolean truth = truth(branch.test());
            if (truth == null) continue;
            List<Stmt> never = truth ? branch.orelse() : branch.body();
            if (!never.isEmpty()) ranges.add(never.get(0).range().union(never.get(never.size() - 1).range()));
        }
        return new BranchesThatCannotRun(ranges);
    }

    /** Whether {@code anchor} starts inside a branch that cannot run. */
    boolean contains(SourceRange anchor) {
        for (SourceRange r : ranges) {
            if (after(anchor, r.startLine(), r.startColumn()) && !after(anchor, r.endLine(), r.endColumn() + 1)) return true;
        }
        return false;
    }

    private static boolean after(SourceRange anchor, int line, int column) {
        return anchor.startLine() > line || (anchor.startLine() == line && anchor.startColumn() >= column);
    }

    /** The truth of a test that is a constant ({@code True}, {@code 0}, {@code not False}...); null for any other. */
    private static Boolean truth(Expr test) {
        return switch (test) {
            case Expr.Constant c when c.kind() == Expr.ConstantKind.TRUE -> true;
            case Expr.Constant c when c.kind() == Expr.ConstantKind.FALSE || c.kind() == Expr.ConstantKind.NONE -> false;
            case Expr.Constant c when c.kind() == Expr.ConstantKind.INT && c.value() instanceof java.math.BigInteger n -> n.signum() != 0;
            case Expr.UnaryOp u when u.op().equals("not") && truth(u.operand()) instanceof Boolean b -> !b;
            default -> null;
        };
    }
}
