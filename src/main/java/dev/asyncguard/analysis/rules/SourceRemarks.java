package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the comments around the visited code say about it: that it is a module's demo its authors
 * keep out of the tests ({@code # pragma: no cover}), or that a wait is meant (a comment just above
 * that explains it).
 */
final class SourceRemarks {
    private SourceRemarks() {}

    private static final Pattern NO_COVER = Pattern.compile("(?i)pragma:\\s*no\\s*cover");

    /**
     * Words that say why blocking is fine (or known and kept) here: it is small, once, deliberate,
     * a workaround of a known problem, or needed against a race.
     */
    private static final Pattern EXPLAINS = Pattern.compile(
            "(?i)\\b(block|blocking|sync|synchronous|non-async|small|tiny|fast|cheap|quick|negligible|on purpose|deliberate(ly)?"
                    + "|intentional(ly)?|startup|start-up|once|acceptable|by design|workaround|work around|mitigates?"
                    + "|race condition|race|fixme|hack)\\b");

    /** How far above a statement a comment block may start and still be read as its explanation. */
    private static final int MAX_BLOCK = 12;

    /**
     * Whether the visited node is in a library module's own demo: an {@code if __name__ == "__main__":}
     * block that its authors keep out of the tests ({@code # pragma: no cover} on its header), in a
     * module other than a package's {@code __main__.py} (there the block is the program's entry).
     * A {@code def} marked so is not enough: entry points ({@code def main():  # pragma: no cover})
     * are marked that way too.
     */
    static boolean inUntestedDemo(RuleContext ctx) {
        if (ctx.path() == null || ctx.path().endsWith("__main__.py") || ctx.comments().isEmpty()) return false;
        for (Node a : ctx.walk().ancestors()) {
            if (!(a instanceof Stmt.If i) || !isMainGuard(i.test()) || i.body().isEmpty()) continue;
            int from = i.range().startLine();
            int to = Math.max(from, i.body().get(0).range().startLine() - 1);
            for (Comment c : ctx.comments()) {
                if (c.line() >= from && c.line() <= to && NO_COVER.matcher(c.text()).find()) return true;
            }
        }
        return false;
    }

    /**
     * Whether the visited node is in an {@code if __name__ == "__main__":} block at the top level of
     * a module that sits in a package folder and is not its {@code __main__.py}: a module written to
     * be imported, whose main block is its authors' demo or self-test (the program's entry is a
     * {@code main()} function or the package's {@code __main__.py}).
     */
    static boolean inPackageModuleMain(RuleContext ctx) {
        if (ctx.path() == null || ctx.path().endsWith("__main__.py") || ctx.path().indexOf('/') < 0) return false;
        for (Node a : ctx.walk().ancestors()) {
            if (a instanceof Stmt.FunctionDef || a instanceof Stmt.ClassDef) return false;
            if (a instanceof Stmt.If i && isMainGuard(i.test()) && FrameNodes.containsSame(ctx.module().body(), i)) return true;
        }
        return false;
    }

    /** {@code __name__ == "__main__"} (either way round). */
    private static boolean isMainGuard(Expr test) {
        if (!(test instanceof Expr.Compare c) || c.comparators().size() != 1 || !"==".equals(c.ops().get(0))) return false;
        Expr l = c.left(), r = c.comparators().get(0);
        return isName(l) && isMainString(r) || isName(r) && isMainString(l);
    }

    private static boolean isName(Expr e) {
        return e instanceof Expr.Name n && n.id().equals("__name__");
    }

    private static boolean isMainString(Expr e) {
        return e instanceof Expr.Constant k && "__main__".equals(k.value());
    }

    /**
     * Whether the comment block just above the call's statement, or just above an enclosing
     * {@code if} (that guards it) or {@code with} of the same function, says why blocking is fine
     * here. A comment above a loop or a {@code try} describes that block, not the call.
     * A block is a run of comment-only lines ending on the line above, at most {@link #MAX_BLOCK} long.
     */
    static boolean explainedAbove(RuleContext ctx, Expr.Call call) {
        List<Comment> comments = ctx.comments();
        if (comments.isEmpty()) return false;
        java.util.Set<Integer> heads = new java.util.TreeSet<>();
        int innermost = call.range().startLine();
        for (Node a : ctx.walk().ancestors()) {
            // The statements around the call inside its function (the ancestors run outermost first).
            if (a instanceof Stmt.FunctionDef || a instanceof Stmt.ClassDef) heads.clear();
            else if (a instanceof Stmt s) {
                innermost = s.range().startLine();
                if (a instanceof Stmt.If || a instanceof Stmt.With) heads.add(innermost);
            }
        }
        heads.add(innermost);
        for (int head : heads) {
            if (explainsBlockAbove(ctx, comments, head)) return true;
        }
        return headsParagraph(ctx, innermost);
    }

    /**
     * Words that say a whole stretch of code is synchronous on purpose (fewer than {@link #EXPLAINS}: a
     * heading that only mentions blocking often describes the problem, "the blocking call stalls the others").
     */
    private static final Pattern MEANT_SYNCHRONOUS = Pattern.compile("(?i)(?<!non[- ])\\b(synchronous(ly)?|by design|at the cost of)\\b");

    /** How far up a paragraph is followed to its heading comment. */
    private static final int MAX_PARAGRAPH = 30;

    /**
     * Whether the comment heading the paragraph of the statement starting on {@code line} says that
     * the paragraph is synchronous on purpose ("Now upload synchronously to get a consistent snapshot"):
     * the lines above it, up to the first comment, are code of the same block (no blank line, no line
     * indented less: a header of an enclosing block ends the paragraph).
     */
    private static boolean headsParagraph(RuleContext ctx, int line) {
        String first = ctx.source().line(line);
        int indent = indentOf(first);
        for (int l = line - 1; l >= Math.max(1, line - MAX_PARAGRAPH); l--) {
            String text = ctx.source().line(l);
            if (text.isBlank()) return false;
            String stripped = text.strip();
            if (stripped.startsWith("#")) {
                if (indentOf(text) != indent) return false;
                for (int c = l; c >= Math.max(1, l - MAX_BLOCK) && ctx.source().line(c).strip().startsWith("#"); c--) {
                    if (MEANT_SYNCHRONOUS.matcher(ctx.source().line(c)).find()) return true;
                }
                return false;
            }
            if (indentOf(text) < indent) return false;
        }
        return false;
    }

    private static int indentOf(String text) {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
        return i;
    }

    /** An author saying that blocking is meant: "intentionally block", "blocks on purpose", "deliberately blocking". */
    private static final Pattern MEANT = Pattern.compile("(?i)\\b(intentional(ly)?|deliberate(ly)?|on purpose|by design)\\b");
    private static final Pattern BLOCK = Pattern.compile("(?i)\\bblock");

    /**
     * Whether a comment of {@code function} before the call, anywhere in its body, says the function
     * blocks on purpose (both a word of intent and "block" in one comment line): a chain that ends in
     * that call is what its author chose.
     */
    static boolean blockingMeantIn(RuleContext ctx, Stmt.FunctionDef function, Expr.Call call) {
        for (Comment c : ctx.comments()) {
            if (c.line() <= function.range().startLine()) continue;
            if (c.line() > call.range().startLine()) break;
            if (MEANT.matcher(c.text()).find() && BLOCK.matcher(c.text()).find()) return true;
        }
        return false;
    }

    /** The comment-only lines right above {@code line}: whether any says why blocking is fine. */
    private static boolean explainsBlockAbove(RuleContext ctx, List<Comment> comments, int line) {
        int expected = line - 1;
        for (int i = comments.size() - 1; i >= 0 && expected >= line - MAX_BLOCK; i--) {
            Comment c = comments.get(i);
            if (c.line() > expected) continue;
            if (c.line() < expected || !ctx.source().line(c.line()).isBlank()
                    && !ctx.source().line(c.line()).strip().startsWith("#")) {
                return false;
            }
            if (EXPLAINS.matcher(c.text()).find()) return true;
            expected--;
        }
        return false;
    }
}
