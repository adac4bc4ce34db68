package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Arg;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.HashSet;
import java.util.Set;

/**
 * The words that decide which rules can report in a file ({@link RuleInfo#needs()}): the words of its
 * code as the parser lists them, and the names in its string annotations ({@code q: "asyncio.Queue"},
 * which the names resolve as if written out, by their spelling when not imported). The annotations
 * are read only when the code's words leave a rule out.
 */
final class FileWords {
    private final Set<String> code;
    private final Preorder tree;
    private Set<String> annotations;

    /** {@code code}: null when not known (every rule runs). */
    FileWords(Set<String> code, Preorder tree) {
        this.code = code;
        this.tree = tree;
    }

    /** Whether the file has one of {@code words}; true when its words are not known. */
    boolean anyOf(String[] words) {
        if (code == null) return true;
        for (String w : words) if (code.contains(w)) return true;
        if (annotations == null) annotations = stringAnnotationWords(tree);
        if (annotations.isEmpty()) return false;
        for (String w : words) if (annotations.contains(w)) return true;
        return false;
    }

    /** The identifiers in the string constants within the file's annotations (parameters, returns, annotated assignments). */
    static Set<String> stringAnnotationWords(Preorder tree) {
        Set<String> out = new HashSet<>();
        for (int i = 0, n = tree.size(); i < n; i++) {
            Node node = tree.node(i);
            if (node instanceof Arg a) {
                addStrings(a.annotation(), out);
            } else if (node instanceof Stmt.FunctionDef d) {
                addStrings(d.returns(), out);
            } else if (node instanceof Stmt.AnnAssign a) {
                addStrings(a.annotation(), out);
            }
        }
        return out;
    }

    private static void addStrings(Expr annotation, Set<String> out) {
        if (annotation == null) return;
        Nodes.walk(annotation, (Node n) -> {
            if (n instanceof Expr.Constant c && c.value() instanceof String text) {
                for (String w : text.split("[^A-Za-z0-9_]+")) if (!w.isEmpty()) out.add(w);
            }
        });
    }
}
