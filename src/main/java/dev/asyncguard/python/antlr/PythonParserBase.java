package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.tree.TerminalNode;

/** The base of the generated parser: our tokens are their own parse tree leaves ({@link PythonToken}). */
public abstract class PythonParserBase extends Parser {
    protected PythonParserBase(TokenStream input) {
        super(input);
    }

    @Override
    public TerminalNode createTerminalNode(ParserRuleContext parent, Token t) {
        if (t instanceof PythonToken leaf) {
            leaf.setParent(parent);
            return leaf;
        }
        return super.createTerminalNode(parent, t);
    }
}
