package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.Pair;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.ParseTreeVisitor;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * A token of our lexer, which is also its own leaf in the parse tree: the parser adds the token
 * itself where ANTLR would wrap it in a new {@code TerminalNodeImpl} (six million over CPython's
 * library; a token has one place in a tree). It also knows whether its text is an ASCII name or
 * keyword (one of the lexer's shared name strings), so that whoever needs a name in Python's normal
 * form (NFKC) does not look at its characters again.
 */
public final class PythonToken extends CommonToken implements TerminalNode {
    /** What the lexer's automaton and the parser's error recovery make: our tokens, without the ASCII-word flag. */
    static final TokenFactory<PythonToken> FACTORY = new TokenFactory<>() {
        @Override
        public PythonToken create(Pair<TokenSource, CharStream> source, int type, String text, int channel,
                                  int start, int stop, int line, int charPositionInLine) {
            PythonToken t = new PythonToken(source, type, start, stop, line, charPositionInLine, null);
            t.channel = channel;
            if (text != null) t.setText(text);
            return t;
        }

        @Override
        public PythonToken create(int type, String text) {
            PythonToken t = new PythonToken(EMPTY_SOURCE, type, -1, -1, 0, -1, null);
            t.setText(text);
            return t;
        }
    };

    private final boolean asciiWord;
    private ParseTree parent;

    /**
     * A token on the default channel. The fields are set here: CommonToken's constructor with a
     * source asks the lexer for its line and column through two interface calls, for each of the
     * five million tokens of a large code base, and then they are set again anyway.
     */
    PythonToken(Pair<TokenSource, CharStream> source, int type, int start, int stop, int line, int charPositionInLine,
                String asciiWord) {
        super(type);
        this.source = source;
        this.start = start;
        this.stop = stop;
        this.line = line;
        this.charPositionInLine = charPositionInLine;
        this.asciiWord = asciiWord != null;
        this.text = asciiWord;
    }

    /** A token of {@code type} and {@code text} where {@code at} starts, taking no characters: INDENT, DEDENT, a NEWLINE at the end. */
    PythonToken(Token at, int type, String text) {
        super(at);
        this.asciiWord = false;
        setType(type);
        setText(text);
        setStopIndex(at.getStartIndex() - 1);
    }

    /**
     * The text, as {@code CommonToken} gives it, read from our input without the interval object
     * that {@code CharStream.getText} takes (one per string, number or operator text asked for).
     */
    @Override
    public String getText() {
        if (text != null) return text;
        if (source.b instanceof SourceChars in) {
            int n = in.size();
            return start < n && stop < n ? in.text(start, stop) : "<EOF>";
        }
        return super.getText();
    }

    /** Whether the text is a name or keyword of ASCII characters only: then it is its own normal form. */
    public boolean isAsciiWord() {
        return asciiWord;
    }

    // ---- the parse tree leaf (what TerminalNodeImpl does) ----

    @Override
    public Token getSymbol() {
        return this;
    }

    @Override
    public ParseTree getParent() {
        return parent;
    }

    @Override
    public void setParent(RuleContext parent) {
        this.parent = parent;
    }

    @Override
    public ParseTree getChild(int i) {
        return null;
    }

    @Override
    public int getChildCount() {
        return 0;
    }

    @Override
    public Object getPayload() {
        return this;
    }

    @Override
    public Interval getSourceInterval() {
        int i = getTokenIndex();
        return Interval.of(i, i);
    }

    @Override
    public <T> T accept(ParseTreeVisitor<? extends T> visitor) {
        return visitor.visitTerminal(this);
    }

    @Override
    public String toStringTree(org.antlr.v4.runtime.Parser parser) {
        return toStringTree();
    }

    /** As a leaf of a printed tree: its text, or {@code <EOF>}. */
    @Override
    public String toStringTree() {
        return getType() == EOF ? "<EOF>" : getText();
    }
}
