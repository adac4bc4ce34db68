package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

/**
 * Not a rule: what the project's summaries learn from the file's one walk besides calls, so that
 * no function body is walked a second time: whether a def yields (a generator does not run its
 * body when called) and the one value it returns ({@code return redis.Redis(...)}). The analyzer
 * subscribes it whenever a file is analyzed or summarized for a project; it reports nothing.
 */
public final class FunctionFacts implements Rule {
    @Override
    public void subscribe(Subscriptions on) {
        on.on(Stmt.Return.class, (r, ctx) -> {
            if (ctx.walk().frameOwner() instanceof Stmt.FunctionDef d && ctx.deferral().project() != null) {
                ctx.deferral().project().recordReturn(d, r.value());
            }
        });
        // A yield is spelled with its keyword: a file without the word has none (and is walked faster without these).
        if (on.mayHave(YIELD)) {
            on.on(Expr.Yield.class, FunctionFacts::yields);
            on.on(Expr.YieldFrom.class, FunctionFacts::yields);
        }
    }

    private static final java.util.Set<String> YIELD = java.util.Set.of("yield");

    private static void yields(Expr e, RuleContext ctx) {
        if (ctx.walk().frameOwner() instanceof Stmt.FunctionDef d && ctx.deferral().project() != null) ctx.deferral().project().recordYield(d);
    }
}
