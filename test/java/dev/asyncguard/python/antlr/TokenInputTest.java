package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The lexer's character input and the parser's token input: the IntStream contract ANTLR relies on. */
class TokenInputTest {

    @Test
    void charactersAreCodePointsWithEofPastTheEnds() {
        SourceChars in = new SourceChars("a😀b");
        assertEquals(3, in.size());
        assertEquals('a', in.LA(1));
        assertEquals(0x1F600, in.LA(2));
        assertEquals(IntStream.EOF, in.LA(-1));
        in.consume();
        in.consume();
        assertEquals(0x1F600, in.LA(-1));
        assertEquals('b', in.LA(1));
        assertEquals(IntStream.EOF, in.LA(2));
        in.consume();
        assertThrows(IllegalStateException.class, in::consume);
        assertEquals("😀b", in.getText(Interval.of(1, 9)));
        assertEquals("", in.getText(Interval.of(2, 1)));
        in.seek(1);
        assertEquals(1, in.index());
    }

    @Test
    void latinTextIsReadAsIs() {
        SourceChars in = new SourceChars("é\tx");
        assertEquals('é', in.LA(1));
        assertEquals("\tx", in.getText(Interval.of(1, 2)));
    }

    @Test
    void tokensAreIndexedAndLookBehindWorks() {
        TokenArray tokens = new TokenArray(new PythonLexer(new SourceChars("x = f(1)\n")));
        List<String> types = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            assertEquals(i, tokens.get(i).getTokenIndex());
            types.add(PythonLexer.VOCABULARY.getSymbolicName(tokens.get(i).getType()));
        }
        assertEquals(List.of("NAME", "EQUAL", "NAME", "LPAR", "NUMBER", "RPAR", "NEWLINE", "EOF"), types);
        assertNull(tokens.LT(-1));
        assertEquals("x", tokens.LT(1).getText());
        tokens.consume();
        assertEquals("x", tokens.LT(-1).getText());
        assertEquals("f", tokens.LT(2).getText());
        assertEquals(Token.EOF, tokens.LA(100), "past the end, the EOF token repeats");
        assertEquals("=f(1)", tokens.getText(tokens.get(1), tokens.get(5)));
        tokens.seek(7);
        assertThrows(IllegalStateException.class, tokens::consume);
        tokens.seek(0);
        assertEquals("x", tokens.LT(1).getText());
    }

    @Test
    void blanksBetweenTokensLeaveColumnsAsTheLexerCountsThem() {
        TokenArray tokens = new TokenArray(new PythonLexer(new SourceChars("if a :\n\tb =  \f 1\n")));
        // INDENT comes before 'b'; columns count a tab and a form feed as one character each.
        Token b = tokens.get(5);
        assertEquals("b", b.getText());
        assertEquals(1, b.getCharPositionInLine());
        Token one = tokens.get(7);
        assertEquals("1", one.getText());
        assertEquals(2, one.getLine());
        assertEquals(8, one.getCharPositionInLine());
        assertEquals(":", tokens.get(2).getText());
        assertEquals(5, tokens.get(2).getCharPositionInLine());
    }

    @Test
    void blanksInsideFStringTextAreKept() {
        TokenArray tokens = new TokenArray(new PythonLexer(new SourceChars("f'  {x:  >4}  '\n")));
        List<String> middles = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).getType() == PythonLexer.FSTRING_MIDDLE) middles.add(tokens.get(i).getText());
        }
        assertEquals(List.of("  ", "  >4", "  "), middles);
    }
}
