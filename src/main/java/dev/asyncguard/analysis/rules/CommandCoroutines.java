package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The coroutine functions of a file that a command-line framework runs as one command of a
 * one-shot program: an {@code async def} under a {@code command} decorator of click, asyncclick,
 * typer, cloup or rich-click ({@code @click.command()}, {@code @cli.command()}, {@code @app.command()}),
 * and the coroutine functions of the file that only such commands name; each starting no
 * concurrent work of its own. The loop runs that command alone and the program ends with it: a
 * blocking call there stalls nothing else, as in a script (where the blocking rules are off).
 */
final class CommandCoroutines {
    private static final Set<String> FRAMEWORKS = Set.of("click", "asyncclick", "typer", "cloup", "rich_click");

    private final Set<Node> alone = Collections.newSetFromMap(new IdentityHashMap<>());

    private CommandCoroutines() {}

    static CommandCoroutines of(RuleContext ctx) {
        CommandCoroutines found = new CommandCoroutines();
        if (!importsFramework(ctx.module().body())) return found;
        Preorder tree = ctx.walk().tree();
        List<Stmt.FunctionDef> coroutines = new ArrayList<>();
        for (int i = 0, size = tree.size(); i < size; i++) {
            if (tree.node(i) instanceof Stmt.FunctionDef def && def.isAsync()) coroutines.add(def);
        }
        for (Stmt.FunctionDef def : coroutines) {
            if (isCommand(def) && !PrivateLoopCoroutines.startsConcurrentWork(def)) found.alone.add(def);
        }
        if (found.alone.isEmpty()) return found;
        // Coroutines named only inside commands (a helper a command awaits) run alone with them.
        for (Stmt.FunctionDef def : coroutines) {
            if (found.alone.contains(def) || !def.decorators().isEmpty() || PrivateLoopCoroutines.startsConcurrentWork(def)) continue;
            if (namedOnlyIn(tree, def.name(), found.alone)) found.alone.add(def);
        }
        return found;
    }

    /** Whether {@code coroutine} is one of them. */
    boolean runsAlone(Stmt.FunctionDef coroutine) {
        return coroutine != null && alone.contains(coroutine);
    }

    private static boolean importsFramework(List<Stmt> body) {
        for (Stmt s : body) {
            boolean imports = switch (s) {
                case Stmt.Import i -> i.names().stream().anyMatch(a -> FRAMEWORKS.contains(root(a.name())));
                case Stmt.ImportFrom f -> f.level() == 0 && f.module() != null && FRAMEWORKS.contains(root(f.module()));
                default -> false;
            };
            if (imports) return true;
        }
        return false;
    }

    private static String root(String dotted) {
        int dot = dotted.indexOf('.');
        return dot < 0 ? dotted : dotted.substring(0, dot);
    }

    /** {@code @click.command()}, {@code @cli.command(name=...)}, {@code @command()} (imported from the framework). */
    private static boolean isCommand(Stmt.FunctionDef def) {
        for (Expr d : def.decorators()) {
            Expr callee = d instanceof Expr.Call c ? c.func() : d;
            String name = callee instanceof Expr.Attribute a ? a.attr() : callee instanceof Expr.Name n ? n.id() : null;
            if ("command".equals(name)) return true;
        }
        return false;
    }

    /** Whether every use of {@code name} in the file lies inside one of {@code commands}. */
    private static boolean namedOnlyIn(Preorder tree, String name, Set<Node> commands) {
        List<Node> ranges = new ArrayList<>(commands);
        int uses = 0;
        for (int i = 0, size = tree.size(); i < size; i++) {
            Node n = tree.node(i);
            if (!(n instanceof Expr.Name x && x.id().equals(name)) && !(n instanceof Expr.Attribute a && a.attr().equals(name))) continue;
            uses++;
            if (ranges.stream().noneMatch(c -> inside(c, n))) return false;
        }
        return uses > 0;
    }

    /** Whether {@code inner}'s range lies within {@code outer}'s. */
    static boolean inside(Node outer, Node inner) {
        var o = outer.range();
        var n = inner.range();
        return (o.startLine() < n.startLine() || o.startLine() == n.startLine() && o.startColumn() <= n.startColumn())
                && (n.endLine() < o.endLine() || n.endLine() == o.endLine() && n.endColumn() <= o.endColumn());
    }
}
