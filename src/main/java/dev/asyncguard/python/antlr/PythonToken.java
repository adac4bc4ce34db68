package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * A token of our lexer. It knows whether its text is an ASCII name or keyword (one of the lexer's
 * shared name strings), so that whoever needs a name's text in Python's normal form (NFKC) does not
 * look at its characters again: over CPython's library, that scan of every name cost about as much
 * as building the names' AST nodes.
 */
public final class PythonToken extends CommonToken {
    private final boolean asciiWord;

    PythonToken(Pair<TokenSource, CharStream> source, int type, int start, int stop, String asciiWord) {
        super(source, type, DEFAULT_CHANNEL, start, stop);
        this.asciiWord = asciiWord != null;
        if (asciiWord != null) setText(asciiWord);
    }

    /** Whether the text is a name or keyword of ASCII characters only: then it is its own normal form. */
    public boolean isAsciiWord() {
        return asciiWord;
    }
}
