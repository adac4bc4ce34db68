package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The base of every parse context of our grammar (its {@code contextSuperClass}). A context
 * has one to three children nearly always: they go in a {@link Children} list, which holds three
 * without an array (ANTLR's default list grows to ten slots at the first child). Four million
 * contexts over CPython's library make that a measurable share of parsing.
 *
 * <p>The generated accessors ({@code test()}, {@code COLON()}, ...) find children through the
 * methods below, overridden to do what ANTLR's do with index loops: ANTLR's walk the list with an
 * iterator, an object per call for C1 (which does not remove allocations), and check tokens through
 * their interface; ours are our final token class nearly always.
 */
public class PythonRuleContext extends ParserRuleContext {
    public PythonRuleContext() {
    }

    public PythonRuleContext(ParserRuleContext parent, int invokingStateNumber) {
        super(parent, invokingStateNumber);
    }

    @Override
    public <T extends ParseTree> T addAnyChild(T t) {
        // Through our final list class, bound directly (through List's interface, each add is an interface-table search under C1).
        if (children == null) {
            Children kids = new Children();
            children = kids;
            kids.add(t);
        } else if (children instanceof Children kids) {
            kids.add(t);
        } else {
            children.add(t);
        }
        return t;
    }

    // The child at an index and their number through our list's own class (ANTLR's go through List's
    // interface twice a call): the AST builder asks for a first child of most contexts it reads.

    @Override
    public ParseTree getChild(int i) {
        if (children instanceof Children kids) return i >= 0 && i < kids.size() ? kids.get(i) : null;
        return super.getChild(i);
    }

    @Override
    public int getChildCount() {
        if (children instanceof Children kids) return kids.size();
        return super.getChildCount();
    }

    /** The type of a token child (an error node's too), or {@code Integer.MIN_VALUE} for a rule context. */
    private static int typeOf(ParseTree o) {
        if (o instanceof PythonToken t) return t.getType();
        return o instanceof TerminalNode t ? t.getSymbol().getType() : Integer.MIN_VALUE;
    }

    @Override
    public <T extends ParseTree> T getChild(Class<? extends T> ctxType, int i) {
        Children kids = Children.of(this);
        if (i < 0 || i >= kids.size()) return null;
        int j = -1;
        for (int k = 0, n = kids.size(); k < n; k++) {
            ParseTree o = kids.get(k);
            if (o.getClass() == ctxType || ctxType.isInstance(o)) {
                if (++j == i) return cast(o);
            }
        }
        return null;
    }

    /** A child already checked to be of the type asked for. */
    @SuppressWarnings("unchecked")
    private static <T> T cast(ParseTree o) {
        return (T) o;
    }

    @Override
    public TerminalNode getToken(int ttype, int i) {
        Children kids = Children.of(this);
        if (i < 0 || i >= kids.size()) return null;
        int j = -1;
        for (int k = 0, n = kids.size(); k < n; k++) {
            ParseTree o = kids.get(k);
            if (typeOf(o) == ttype && ++j == i) return (TerminalNode) o;
        }
        return null;
    }

    @Override
    public List<TerminalNode> getTokens(int ttype) {
        Children kids = Children.of(this);
        if (kids.isEmpty()) return Collections.emptyList();
        List<TerminalNode> tokens = null;
        for (int k = 0, n = kids.size(); k < n; k++) {
            ParseTree o = kids.get(k);
            if (typeOf(o) == ttype) {
                if (tokens == null) tokens = new ArrayList<>();
                tokens.add((TerminalNode) o);
            }
        }
        return tokens == null ? Collections.emptyList() : tokens;
    }

    @Override
    public <T extends ParserRuleContext> T getRuleContext(Class<? extends T> ctxType, int i) {
        return getChild(ctxType, i);
    }

    @Override
    public <T extends ParserRuleContext> List<T> getRuleContexts(Class<? extends T> ctxType) {
        Children kids = Children.of(this);
        if (kids.isEmpty()) return Collections.emptyList();
        List<T> contexts = null;
        for (int k = 0, n = kids.size(); k < n; k++) {
            ParseTree o = kids.get(k);
            if (o.getClass() == ctxType || ctxType.isInstance(o)) {
                if (contexts == null) contexts = new ArrayList<>();
                contexts.add(cast(o));
            }
        }
        return contexts == null ? Collections.emptyList() : contexts;
    }
}
