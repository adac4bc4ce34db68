package dev.asyncguard.python;

import dev.asyncguard.python.antlr.PythonLexer;
import dev.asyncguard.python.antlr.PythonParser;
import dev.asyncguard.python.antlr.PythonToken;
import dev.asyncguard.python.antlr.PythonParser.*;
import dev.asyncguard.python.ast.*;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Pattern;
import dev.asyncguard.python.ast.Expr.ConstantKind;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The text a tree is built from, and what building it finds: source ranges in UTF-16 columns, and
 * the syntax errors CPython's parser reports beyond the grammar, each at its place.
 */
final class AstSource {
    final SourceText source;
    final PythonVersion target;
    final List<SyntaxDiagnostic> diagnostics;
    /**
     * Whether the lexer or parser reported errors before the tree was built. ANTLR's recovery can
     * leave a token out of the tree without marking it (a missing token of an inline token set),
     * so then a statement that cannot be built is dropped even where no error node shows why.
     */
    final boolean syntaxErrors;
    /** Expressions written inside parentheses; CPython's ast does not record this, some checks need it. */
    final Set<Expr> parenthesized = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Quote characters of the f-strings we are inside, for the pre-3.12 quote reuse check. */
    final StringBuilder fstringQuotes = new StringBuilder();
    final boolean hasSupplementary;

    AstSource(SourceText source, PythonVersion target, List<SyntaxDiagnostic> diagnostics) {
        this.source = source;
        this.hasSupplementary = source.hasSupplementary();
        this.target = target;
        this.diagnostics = diagnostics;
        this.syntaxErrors = !diagnostics.isEmpty();
    }

    // ---------------------------------------------------------------- positions

    int col(int line, int cpColumn) {
        // The common case inline: without supplementary characters, code points are UTF-16 units.
        return hasSupplementary ? source.utf16Column(line, cpColumn) : cpColumn;
    }

    SourceRange range(Token start, Token stop) {
        int line = line(start);
        int column = col(line, column(start));
        int endLine;
        int endColumn;
        int stopType = type(stop);
        if (stopIndex(stop) < startIndex(stop)) {
            endLine = line(stop);
            endColumn = col(endLine, column(stop));
        } else if (stopType != PythonLexer.STRING && stopType != PythonLexer.FSTRING_MIDDLE) {
            // Only string tokens span lines; other tokens end where their length says.
            endLine = line(stop);
            endColumn = col(endLine, column(stop) + stopIndex(stop) - startIndex(stop) + 1);
        } else if (!hasSupplementary) {
            // A string token may span lines: where it ends, from the line index
            // (code point and UTF-16 offsets agree here), without building the token's text.
            int after = stopIndex(stop) + 1; // a middle part of an f-string may end in a line end
            endLine = source.lineOf(after);
            endColumn = after - source.lineStart(endLine);
        } else {
            String text = stop.getText();
            int nl = text.lastIndexOf('\n');
            endLine = stop.getLine();
            if (nl < 0) {
                endColumn = col(endLine, stop.getCharPositionInLine()) + text.length();
            } else {
                for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') endLine++;
                endColumn = text.length() - nl - 1;
            }
        }
        if (endLine < line || (endLine == line && endColumn < column)) return new SourceRange(line, column, line, column);
        return new SourceRange(line, column, endLine, endColumn);
    }

    // A token's fields through our final token class where it is one (always, but for other token
    // sources): C1 then binds and inlines the getters, which through the interface are dispatched calls.

    private static int line(Token t) {
        return t instanceof PythonToken p ? p.getLine() : t.getLine();
    }

    private static int column(Token t) {
        return t instanceof PythonToken p ? p.getCharPositionInLine() : t.getCharPositionInLine();
    }

    private static int startIndex(Token t) {
        return t instanceof PythonToken p ? p.getStartIndex() : t.getStartIndex();
    }

    private static int stopIndex(Token t) {
        return t instanceof PythonToken p ? p.getStopIndex() : t.getStopIndex();
    }

    private static int type(Token t) {
        return t instanceof PythonToken p ? p.getType() : t.getType();
    }

    SourceRange range(ParserRuleContext c) {
        return range(c.getStart(), c.getStop() == null ? c.getStart() : c.getStop());
    }

    SourceRange range(Token t) {
        return range(t, t);
    }

    static SourceRange safeSpan(SourceRange a, SourceRange b) {
        if (b.endLine() < a.startLine() || (b.endLine() == a.startLine() && b.endColumn() < a.startColumn())) return a;
        return new SourceRange(a.startLine(), a.startColumn(), b.endLine(), b.endColumn());
    }

    void error(Token t, String message) {
        diagnostics.add(new SyntaxDiagnostic(t.getLine(), col(t.getLine(), t.getCharPositionInLine()), message));
    }

    void error(SourceRange r, String message) {
        diagnostics.add(new SyntaxDiagnostic(r.startLine(), r.startColumn(), message));
    }

    /** Every construct that needs a newer Python than the oldest we know, whatever the target, in source order. */
    final List<VersionedSyntax> versioned = new java.util.ArrayList<>();

    void requires(int minor, Token at, String what) {
        requires(minor, at, what, what + " requires Python 3." + minor + " or newer (target is " + target + ")");
    }

    void requires(int minor, Token at, String what, String whenOlder) {
        requires(minor, at.getLine(), col(at.getLine(), at.getCharPositionInLine()), what, whenOlder);
    }

    void requires(int minor, SourceRange at, String what) {
        requires(minor, at.startLine(), at.startColumn(), what,
                what + " requires Python 3." + minor + " or newer (target is " + target + ")");
    }

    /**
     * Records a construct that needs 3.{@code minor}; it is a syntax error ({@code whenOlder}) only
     * when the parser's target is older. The analysis parses with the newest grammar and reports
     * such constructs against the project's declared Python instead (AG002).
     */
    private void requires(int minor, int line, int column, String what, String whenOlder) {
        versioned.add(new VersionedSyntax(line, column, PythonVersion.of(3, minor), what));
        if (!target.atLeast(minor)) diagnostics.add(new SyntaxDiagnostic(line, column, whenOlder));
    }
}
