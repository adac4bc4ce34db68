package dev.asyncguard.python;

import dev.asyncguard.python.antlr.PythonToken;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * What the AST builders ask of a parse context's child that may be a token. Our own tokens are tested
 * first, by their final class: under C1 a test against an interface ({@code TerminalNode}) costs more.
 */
final class ChildTokens {
    private ChildTokens() {}

    /** The type of a token child (an error node's too), or 0 for a rule context. */
    static int tokenType(ParseTree k) {
        if (k instanceof PythonToken t) return t.getType();
        return k instanceof TerminalNode t ? t.getSymbol().getType() : 0;
    }

    /** The first token of a child: itself, or a rule context's start token. */
    static Token startToken(ParseTree k) {
        if (k instanceof PythonToken t) return t;
        return k instanceof TerminalNode t ? t.getSymbol() : ((ParserRuleContext) k).getStart();
    }

    /** The last token of a child: itself, or a rule context's stop token (null when it matched nothing). */
    static Token stopToken(ParseTree k) {
        if (k instanceof PythonToken t) return t;
        return k instanceof TerminalNode t ? t.getSymbol() : ((ParserRuleContext) k).getStop();
    }

    /** Whether a child is a token error recovery skipped. */
    static boolean isErrorNode(ParseTree k) {
        return !(k instanceof PythonToken) && k instanceof ErrorNode;
    }
}
