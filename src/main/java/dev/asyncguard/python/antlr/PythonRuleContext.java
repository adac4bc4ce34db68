package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.ArrayList;

/**
 * The base of every parse context of our grammar (its {@code contextSuperClass}). A context
 * has one to three children nearly always; ANTLR's default list grows to ten slots at the first
 * child. Six million contexts over CPython's library make that a measurable share of parsing.
 */
public class PythonRuleContext extends ParserRuleContext {
    public PythonRuleContext() {
    }

    public PythonRuleContext(ParserRuleContext parent, int invokingStateNumber) {
        super(parent, invokingStateNumber);
    }

    @Override
    public <T extends ParseTree> T addAnyChild(T t) {
        if (children == null) {
            children = new ArrayList<>(3);
        } else if (children.size() == 3 && children instanceof ArrayList<ParseTree> list) {
            // A fourth child: most such contexts are a test with trailers (a.b.c(d)); ArrayList would
            // grow 3, 4, 6, 9, copying each time.
            list.ensureCapacity(8);
        }
        children.add(t);
        return t;
    }
}
