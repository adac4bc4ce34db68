package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.ANTLRErrorStrategy;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The base of the generated parser: our tokens are their own parse tree leaves ({@link PythonToken}),
 * and the calls the parser makes per token and per rule go to our final classes.
 *
 * <p>ANTLR's {@code Parser} holds its input as a {@code TokenStream} and its error strategy as an
 * interface, and the one-shot commands run C1 alone, which has no type profile: each {@code
 * _input.LA(1)} of the generated code, and each of the calls {@code match}, {@code consume}, {@code
 * enterRule} and {@code exitRule} make through those interfaces, is a search of the receiver's
 * interface table, several per token and per rule context (millions over a large code base). Here:
 * <ul>
 * <li>{@link #_input} hides {@code Parser._input} for the generated subclass, as our final {@link
 * TokenArray} (the same object; every parser of ours reads one), so its {@code LA} calls are bound
 * directly and inlined;</li>
 * <li>{@link #match}, {@link #consume}, {@link #enterRule} and {@link #exitRule} do what ANTLR's do
 * through that field, and, under the SLL pass's {@link BailErrorStrategy} (which never recovers: the
 * first error ends the pass), add a matched token without asking the error strategy whether it is
 * recovering or telling it of the match. Anything else (other strategies, parse listeners, EOF, error
 * recovery's tokens) goes through ANTLR's own;</li>
 * <li>{@link #_errHandler} hides {@code Parser._errHandler} as our final {@link Strategy}, for the same reason.</li>
 * </ul>
 */
public abstract class PythonParserBase extends Parser {
    /** {@code Parser._input}, the same object, as our final class (see the class comment). */
    @SuppressWarnings("HidingField")
    protected TokenArray _input;
    /** Whether the error strategy is a {@link BailErrorStrategy}: the SLL pass, which never recovers. */
    private boolean bail;
    /** {@code Parser._errHandler} as the generated parser calls it: through our final class (see {@link Strategy}). */
    @SuppressWarnings("HidingField")
    protected Strategy _errHandler;

    protected PythonParserBase(TokenStream input) {
        super(input);
        this._input = (TokenArray) input;
        this._errHandler = new Strategy(getErrorHandler());
    }

    /**
     * The error strategy's calls from the generated parser, through this final class: one of them
     * ({@code sync}) at nearly every loop and decision. Under the SLL pass's {@link BailErrorStrategy}
     * {@code sync} does nothing (its own definition) and neither does {@code reportMatch} (it ends an
     * error recovery, which that strategy never begins: the first error ends the pass), so neither is
     * called; everything else goes to the strategy.
     */
    protected static final class Strategy {
        private final ANTLRErrorStrategy strategy;
        private final boolean bail;

        Strategy(ANTLRErrorStrategy strategy) {
            this.strategy = strategy;
            this.bail = strategy instanceof BailErrorStrategy;
        }

        public void sync(Parser recognizer) throws RecognitionException {
            if (!bail) strategy.sync(recognizer);
        }

        public void reportMatch(Parser recognizer) {
            if (!bail) strategy.reportMatch(recognizer);
        }

        public void reportError(Parser recognizer, RecognitionException e) {
            strategy.reportError(recognizer, e);
        }

        public void recover(Parser recognizer, RecognitionException e) throws RecognitionException {
            strategy.recover(recognizer, e);
        }

        public Token recoverInline(Parser recognizer) throws RecognitionException {
            return strategy.recoverInline(recognizer);
        }
    }

    @Override
    public void setTokenStream(TokenStream input) {
        super.setTokenStream(input);
        this._input = (TokenArray) input;
    }

    @Override
    public void setErrorHandler(ANTLRErrorStrategy handler) {
        super.setErrorHandler(handler);
        bail = handler instanceof BailErrorStrategy;
        _errHandler = new Strategy(handler);
    }

    @Override
    public TerminalNode createTerminalNode(ParserRuleContext parent, Token t) {
        if (t instanceof PythonToken leaf) {
            leaf.setParent(parent);
            return leaf;
        }
        return super.createTerminalNode(parent, t);
    }

    /** Whether a matched token can be added the short way: the SLL pass, a tree built, no listeners. */
    private boolean plain() {
        return bail && _buildParseTrees && _parseListeners == null;
    }

    /** Consumes {@code leaf} (not EOF) and adds it to the current context, as {@code Parser.consume} does outside error recovery. */
    private PythonToken add(PythonToken leaf) {
        _input.consume();
        leaf.setParent(_ctx);
        _ctx.addAnyChild(leaf);
        return leaf;
    }

    @Override
    public Token match(int ttype) throws RecognitionException {
        if (plain() && ttype != Token.EOF && _input.LT(1) instanceof PythonToken leaf && leaf.getType() == ttype) {
            return add(leaf);
        }
        return super.match(ttype);
    }

    @Override
    public Token consume() {
        if (plain() && _input.LT(1) instanceof PythonToken leaf && leaf.getType() != Token.EOF) return add(leaf);
        return super.consume();
    }

    @Override
    public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
        setState(state);
        _ctx = localctx;
        localctx.start = _input.LT(1);
        if (_buildParseTrees) addContextToParseTree();
        if (_parseListeners != null) triggerEnterRuleEvent();
    }

    @Override
    public void exitRule() {
        ParserRuleContext c = _ctx;
        c.stop = _input.LT(matchedEOF ? 1 : -1);
        if (_parseListeners != null) triggerExitRuleEvent();
        setState(c.invokingState);
        _ctx = (ParserRuleContext) c.parent;
    }
}
