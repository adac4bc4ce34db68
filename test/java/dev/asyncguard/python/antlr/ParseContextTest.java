package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ErrorNodeImpl;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our parse contexts' children list and child accessors (overridden for speed) against what ANTLR's
 * own do: the same children found, in the same order, on real parse trees and on hand-made lists.
 */
class ParseContextTest {

    private static PythonToken token(int type, int index) {
        PythonToken t = PythonToken.FACTORY.create(type, "t" + index);
        t.setTokenIndex(index);
        return t;
    }

    @Test
    void childrenListAddsGetsSetsAndRemovesLikeAnArrayList() {
        Children kids = new Children();
        List<ParseTree> expected = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            PythonToken t = token(PythonLexer.NAME, i);
            kids.add(t);
            expected.add(t);
            assertEquals(expected, kids);
            assertEquals(expected.hashCode(), kids.hashCode());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> kids.get(14));
        assertThrows(IndexOutOfBoundsException.class, () -> kids.get(-1));
        PythonToken other = token(PythonLexer.COMMA, 99);
        assertSame(expected.set(2, other), kids.set(2, other));
        assertSame(expected.set(9, other), kids.set(9, other));
        // ANTLR removes the last child (enterOuterAlt); any index works.
        while (!expected.isEmpty()) {
            int at = expected.size() % 3 == 0 ? 0 : expected.size() - 1;
            assertSame(expected.remove(at), kids.remove(at));
            assertEquals(expected, kids);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> kids.remove(0));
        kids.add(other);
        assertEquals(List.of(other), kids);
    }

    @Test
    void iteratingWhileAddingFailsFast() {
        Children kids = new Children();
        kids.add(token(PythonLexer.NAME, 0));
        Iterator<ParseTree> it = kids.iterator();
        kids.add(token(PythonLexer.NAME, 1));
        assertThrows(ConcurrentModificationException.class, it::next);
    }

    @Test
    void accessorsFindWhatAntlrsFind() {
        PythonParser parser = new PythonParser(new TokenArray(new PythonLexer(new SourceChars(
                "def f(a, *b: int, c=1, **d):\n    x = g(y, *z, k=v, **w)[1:2, ::3]\n    return {a: b, **c}\n"))));
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        int[] checked = {0};
        compareEverywhere(parser.file_input(), checked);
        assertTrue(checked[0] > 20, "contexts compared: " + checked[0]);
    }

    @Test
    void errorNodesCountAsTokens() {
        PythonRuleContext c = new PythonRuleContext();
        c.addAnyChild(token(PythonLexer.COMMA, 0));
        ErrorNode bad = new ErrorNodeImpl(token(PythonLexer.COMMA, 1));
        c.addAnyChild(bad);
        c.addAnyChild(new PythonRuleContext());
        assertSame(bad, c.getToken(PythonLexer.COMMA, 1));
        assertEquals(2, c.getTokens(PythonLexer.COMMA).size());
        assertNull(c.getToken(PythonLexer.COMMA, 2));
        assertEquals(1, c.getRuleContexts(PythonRuleContext.class).size());
        assertNull(c.getRuleContext(PythonRuleContext.class, 1));
        assertEquals(3, c.getChildCount());
        assertSame(bad, c.getChild(1));
        assertNull(c.getChild(3));
        assertNull(c.getChild(-1));
        assertEquals(0, new PythonRuleContext().getChildCount());
        assertNull(new PythonRuleContext().getChild(0));
        assertEquals(0, new PythonRuleContext().getTokens(PythonLexer.COMMA).size());
        assertNull(new PythonRuleContext().getToken(PythonLexer.COMMA, 0));
    }

    /** A file's SLL parse tree, with a listener (which sends every token and rule through ANTLR's own code) or without. */
    private static PythonParser.File_inputContext sllTree(String source, boolean antlrsOwnPath) {
        PythonParser parser = new PythonParser(new TokenArray(new PythonLexer(new SourceChars(source))));
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        if (antlrsOwnPath) parser.addParseListener(new org.antlr.v4.runtime.tree.ParseTreeListener() {
            @Override public void visitTerminal(TerminalNode node) {}
            @Override public void visitErrorNode(ErrorNode node) {}
            @Override public void enterEveryRule(ParserRuleContext ctx) {}
            @Override public void exitEveryRule(ParserRuleContext ctx) {}
        });
        return parser.file_input();
    }

    /** Every context's class, start and stop token, and children (tokens by index and type, with their parent's start), in order. */
    private static void describe(ParseTree t, StringBuilder out) {
        if (t instanceof PythonToken leaf) {
            out.append(' ').append(leaf.getTokenIndex()).append(':').append(leaf.getType()).append('^')
                    .append(((ParserRuleContext) leaf.getParent()).getStart().getTokenIndex());
            return;
        }
        ParserRuleContext c = (ParserRuleContext) t;
        out.append(" (").append(c.getClass().getSimpleName()).append(' ').append(c.getStart().getTokenIndex())
                .append('-').append(c.getStop() == null ? "none" : c.getStop().getTokenIndex()).append(' ')
                .append(c.invokingState).append(c.getParent() == null ? "" : "^" + c.getParent().getClass().getSimpleName());
        for (int i = 0; i < c.getChildCount(); i++) describe(c.getChild(i), out);
        out.append(')');
    }

    @Test
    void theSllPassAddsTokensAndContextsAsAntlrsOwnParserMethodsDo() {
        // Keywords, soft keywords, operators, strings, brackets, decorators, comprehensions, a match and EOF.
        String source = "@d(1)\nasync def f(a, /, b=2, *c, d: int = 3, **e) -> 'x':\n"
                + "    async with a as (b, c), d:\n        await g(*a, **b)[1:2, ::3].h\n"
                + "    return [x for x in y if not x] or {k: v for k, v in z} and (lambda q: q)(1)\n"
                + "match p:\n    case [1, *rest] if rest: pass\n    case {'k': v, **kw}: pass\n"
                + "x: int = 1; y += 2; del x, y\nclass C(B, metaclass=M): ...\n";
        StringBuilder fast = new StringBuilder();
        describe(sllTree(source, false), fast);
        StringBuilder antlrs = new StringBuilder();
        describe(sllTree(source, true), antlrs);
        assertTrue(fast.length() > 1000, fast.toString());
        assertEquals(antlrs.toString(), fast.toString());
    }

    @Test
    void childrenOfAnyContext() {
        assertTrue(Children.of(new ParserRuleContext()).isEmpty());
        ParserRuleContext plain = new ParserRuleContext();
        PythonToken a = token(PythonLexer.NAME, 0);
        PythonToken b = token(PythonLexer.COMMA, 1);
        plain.children = new ArrayList<>(List.of(a, b));
        assertEquals(List.of(a, b), Children.of(plain));
        PythonRuleContext ours = new PythonRuleContext();
        ours.addAnyChild(a);
        assertSame(ours.children, Children.of(ours));
    }

    /** Every accessor of every context below {@code c}, ours against a plain ANTLR context with the same children. */
    private static void compareEverywhere(ParseTree tree, int[] checked) {
        if (!(tree instanceof PythonRuleContext c)) return;
        ParserRuleContext plain = new ParserRuleContext();
        for (ParseTree k : c.children) plain.children = append(plain.children, k);
        assertEquals(plain.getChildCount(), c.getChildCount());
        for (int i = -1; i <= c.getChildCount(); i++) assertSame(plain.getChild(i), c.getChild(i));
        for (int type = -1; type <= PythonLexer.VOCABULARY.getMaxTokenType(); type++) {
            assertEquals(plain.getTokens(type), c.getTokens(type));
            for (int i = -1; i < 4; i++) assertSame(plain.getToken(type, i), c.getToken(type, i));
        }
        for (ParseTree k : c.children) {
            Class<? extends ParseTree> type = k.getClass();
            for (int i = -1; i < 4; i++) assertSame(plain.getChild(type, i), c.getChild(type, i));
            if (k instanceof ParserRuleContext r) {
                Class<? extends ParserRuleContext> ctx = r.getClass();
                assertEquals(plain.getRuleContexts(ctx), c.getRuleContexts(ctx));
                assertEquals(plain.getRuleContexts(ParserRuleContext.class), c.getRuleContexts(ParserRuleContext.class));
                for (int i = -1; i < 4; i++) assertSame(plain.getRuleContext(ctx, i), c.getRuleContext(ctx, i));
            }
        }
        assertTrue(c.children instanceof Children);
        checked[0]++;
        for (ParseTree k : c.children) {
            if (!(k instanceof TerminalNode)) compareEverywhere(k, checked);
        }
    }

    private static List<ParseTree> append(List<ParseTree> list, ParseTree k) {
        List<ParseTree> out = list == null ? new ArrayList<>() : list;
        out.add(k);
        return out;
    }
}
