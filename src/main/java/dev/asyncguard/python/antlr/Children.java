package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The children of one of our parse contexts: the first three in fields of the list itself, more in an
 * array. Nearly every context has one to three; ANTLR's {@code ArrayList} holds them in an array of
 * its own, so that each context is one object and one dependent load more, four million of them over
 * CPython's library, built by the parser and read once by the AST builder long after they left the cache.
 * ANTLR adds children at the end and removes the last one (an alternative's context replaced); that is
 * all this list does besides reading.
 */
public final class Children extends AbstractList<ParseTree> implements RandomAccess {
    private static final Children NONE = new Children();

    /**
     * The children of {@code c} as this class, for readers that walk them (the AST builders): calls on
     * this final class are bound directly, where through {@code List} each is an interface-table search
     * under C1 (which has no type profile). A context without children gives an empty list; one whose
     * list is not ours (none of our contexts, but for ANTLR's {@code copyFrom}) a copy.
     */
    public static Children of(ParserRuleContext c) {
        List<ParseTree> kids = c.children;
        if (kids instanceof Children ours) return ours;
        if (kids == null) return NONE;
        Children copy = new Children();
        for (ParseTree k : kids) copy.add(k);
        return copy;
    }

    private ParseTree first;
    private ParseTree second;
    private ParseTree third;
    /** Children from the fourth on; null until there is one. */
    private ParseTree[] more;
    private int size;

    @Override
    public ParseTree get(int index) {
        if (index < 0 || index >= size) throw outOfRange(index);
        return index == 0 ? first : index == 1 ? second : index == 2 ? third : more[index - 3];
    }

    /** Out of line: the message's concatenation would make {@link #get} too large for C1 to inline. */
    private IndexOutOfBoundsException outOfRange(int index) {
        return new IndexOutOfBoundsException("child " + index + " of " + size);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean add(ParseTree child) {
        switch (size) {
            case 0 -> first = child;
            case 1 -> second = child;
            case 2 -> third = child;
            default -> {
                int at = size - 3;
                // Most contexts with a fourth child are a test with trailers (a.b.c(d)): room for five more at once.
                if (more == null) more = new ParseTree[5];
                else if (at == more.length) more = Arrays.copyOf(more, at * 2);
                more[at] = child;
            }
        }
        size++;
        modCount++;
        return true;
    }

    @Override
    public ParseTree set(int index, ParseTree child) {
        ParseTree old = get(index);
        switch (index) {
            case 0 -> first = child;
            case 1 -> second = child;
            case 2 -> third = child;
            default -> more[index - 3] = child;
        }
        return old;
    }

    @Override
    public ParseTree remove(int index) {
        ParseTree old = get(index);
        for (int i = index; i < size - 1; i++) set(i, get(i + 1));
        set(size - 1, null);
        size--;
        modCount++;
        return old;
    }
}
