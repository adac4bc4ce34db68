package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Arg;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
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
        // A loop over the annotations' ranges of the preorder (no visitor: this runs for nearly every file).
        // An expression's subtree is passed over whole: annotations belong to defs' parameters and returns
        // and to annotated assignments, which no expression holds (a lambda's parameters have none).
        for (int i = 0, n = tree.size(); i < n; i++) {
            Node node = tree.node(i);
            if (node instanceof Expr) {
                i = tree.end(i) - 1;
            } else if (node instanceof Arg a) {
                if (a.annotation() != null) addStrings(tree, i + 1, tree.end(i), out);
            } else if (node instanceof Stmt.FunctionDef d) {
                if (d.returns() != null) addStrings(tree, tree.childIndex(i, d.returns()), out);
            } else if (node instanceof Stmt.AnnAssign a) {
                addStrings(tree, tree.childIndex(i, a.annotation()), out);
            }
        }
        return out;
    }

    private static void addStrings(Preorder tree, int at, Set<String> out) {
        if (at >= 0) addStrings(tree, at, tree.end(at), out);
    }

    private static void addStrings(Preorder tree, int from, int to, Set<String> out) {
        for (int i = from; i < to; i++) {
            if (!(tree.node(i) instanceof Expr.Constant c) || !(c.value() instanceof String text)) continue;
            int start = -1;
            for (int k = 0; k <= text.length(); k++) {
                char ch = k < text.length() ? text.charAt(k) : ' ';
                boolean part = ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
                if (part && start < 0) start = k;
                if (!part && start >= 0) {
                    out.add(text.substring(start, k));
                    start = -1;
                }
            }
        }
    }
}
