package dev.asyncguard.python;

import dev.asyncguard.python.antlr.Children;
import dev.asyncguard.python.antlr.PythonLexer;
import dev.asyncguard.python.antlr.PythonToken;
import dev.asyncguard.python.antlr.PythonParser.*;
import dev.asyncguard.python.ast.*;
import dev.asyncguard.python.ast.Expr.ConstantKind;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.text.Normalizer;
import java.util.IdentityHashMap;
import java.util.List;

import static dev.asyncguard.python.ChildTokens.*;

/** Maps expressions and assignment targets; {@link InvalidSyntax} checks them as CPython does ("cannot assign to ..."). */
final class ExprBuilder {
    private final AstBuilder root;
    private final AstSource src;
    private final InvalidSyntax invalid;

    ExprBuilder(AstBuilder root) {
        this.root = root;
        this.src = root.src;
        this.invalid = root.invalid;
    }

    // ---------------------------------------------------------------- targets

    /** The same expression as an assignment or del target, once {@link InvalidSyntax#target} has checked that it can be one. */
    Expr target(Expr e, Ctx ctx) {
        invalid.target(e, ctx);
        return withContext(e, ctx);
    }

    private Expr withContext(Expr e, Ctx ctx) {
        // Most targets, tested before the pattern switch (C1 calls its type test through a method handle).
        if (e instanceof Expr.Name n) return new Expr.Name(n.id(), ctx, n.range());
        if (e instanceof Expr.Attribute a) return new Expr.Attribute(a.value(), a.attr(), ctx, a.range());
        return switch (e) {
            case Expr.Name n -> new Expr.Name(n.id(), ctx, n.range());
            case Expr.Attribute a -> new Expr.Attribute(a.value(), a.attr(), ctx, a.range());
            case Expr.Subscript s -> new Expr.Subscript(s.value(), s.slice(), ctx, s.range());
            case Expr.Tuple t -> {
                List<Expr> from = t.elts();
                NodeList<Expr> elts = new NodeList<>(from.size());
                for (int ei = 0; ei < from.size(); ei++) elts.add(withContext(from.get(ei), ctx));
                Expr out = new Expr.Tuple(elts, ctx, t.range());
                if (src.parenthesized.contains(t)) src.parenthesized.add(out);
                yield out;
            }
            case Expr.ListExpr l -> {
                List<Expr> from = l.elts();
                NodeList<Expr> elts = new NodeList<>(from.size());
                for (int ei = 0; ei < from.size(); ei++) elts.add(withContext(from.get(ei), ctx));
                yield new Expr.ListExpr(elts, ctx, l.range());
            }
            case Expr.Starred s -> new Expr.Starred(withContext(s.value(), ctx), ctx, s.range());
            default -> e;
        };
    }

    // ---------------------------------------------------------------- expressions

    Expr namedTest(Namedexpr_testContext c) {
        if (c.getChildCount() == 1) return test((TestContext) c.getChild(0));
        if (c.COLONEQUAL() == null) return test(c.test(0));
        return walrus(c.test(0), c.test(1));
    }

    /** {@code target := value}: the target must be a plain name. */
    private Expr walrus(TestContext targetCtx, TestContext valueCtx) {
        Expr value = test(targetCtx);
        Expr rhs = test(valueCtx);
        SourceRange r = src.range(targetCtx.getStart(), valueCtx.getStop() == null ? valueCtx.getStart() : valueCtx.getStop());
        if (!invalid.namedExprTarget(value)) return new Expr.NamedExpr(new Expr.Name("?", Ctx.STORE, value.range()), rhs, r);
        Expr.Name n = (Expr.Name) value;
        return new Expr.NamedExpr(new Expr.Name(n.id(), Ctx.STORE, n.range()), rhs, r);
    }

    // Single-operand fast path: most expressions are one operand (written out in test, not a factor context).
    Expr test(TestContext c) {
        Children kids = Children.of(c);
        ParseTree first = kids.get(0);
        if (first instanceof LambdefContext l) {
            return new Expr.Lambda(root.lambdaParameters(l.lambda_params(), l.COLON().getSymbol()), test(l.test()), src.range(c));
        }
        Operators ops;
        if (tokenType(first) != PythonLexer.NOT) {
            Expr only = operand(kids, 0, false);
            if (operandEnd == kids.size()) return only;
            ops = new Operators(c);
            ops.builtFirst(only, operandEnd);
        } else {
            ops = new Operators(c);
        }
        Expr body = boolOp(ops, PythonLexer.OR);
        if (ops.peek() != PythonLexer.IF) return ops.done(body);
        ops.take();
        Expr condition = orTest((Or_testContext) ops.takeChild());
        ops.take(); // else
        Expr orelse = test((TestContext) ops.takeChild());
        return ops.done(new Expr.IfExp(condition, body, orelse, src.range(c)));
    }

    /**
     * A test, or_test or expr rule: operands (factors) and operators in one flat list, read left to right
     * by precedence climbing. Python's levels, loosest first: or, and, not, comparisons, |, ^, &,
     * shifts, + -, * @ / // %. Unary operators, await and ** are inside each factor.
     */
    private final class Operators {
        private final Children kids;
        private int next;

        Operators(ParserRuleContext c) {
            this.kids = Children.of(c);
        }

        /** Token type of the next child if it is an operator token; 0 at the end or before an operand. */
        int peek() {
            return next < kids.size() ? tokenType(kids.get(next)) : 0;
        }

        Token take() {
            return ((TerminalNode) kids.get(next++)).getSymbol();
        }

        ParseTree takeChild() {
            return kids.get(next++);
        }

        /** An operand built before this list was read: the first, when it was all of a test but for what follows. */
        private Expr built;
        private int builtEnd;

        void builtFirst(Expr e, int end) {
            built = e;
            builtEnd = end;
        }

        /** The next operand: a factor context, or a factor's parts written out in the operator list itself. */
        Expr operand() {
            if (built != null) {
                Expr e = built;
                built = null;
                next = builtEnd;
                return e;
            }
            if (kids.get(next) instanceof FactorContext f) {
                next++;
                return factor(f);
            }
            Expr e = ExprBuilder.this.operand(kids, next, false);
            next = operandEnd;
            return e;
        }

        Expr done(Expr e) {
            if (next != kids.size()) throw new IllegalStateException("operator list not fully read");
            return e;
        }
    }

    private Expr orTest(Or_testContext c) {
        if (c.getChildCount() == 1) return factor((FactorContext) c.getChild(0));
        Operators ops = new Operators(c);
        return ops.done(boolOp(ops, PythonLexer.OR));
    }

    /** 'or' (over 'and' operands) or 'and' (over 'not' operands): one BoolOp for a whole run. */
    private Expr boolOp(Operators ops, int opType) {
        Expr first = opType == PythonLexer.OR ? boolOp(ops, PythonLexer.AND) : notTest(ops);
        if (ops.peek() != opType) return first;
        NodeList<Expr> values = new NodeList<>();
        values.add(first);
        Expr last = first;
        while (ops.peek() == opType) {
            ops.take();
            last = opType == PythonLexer.OR ? boolOp(ops, PythonLexer.AND) : notTest(ops);
            values.add(last);
        }
        return new Expr.BoolOp(opType == PythonLexer.OR ? "or" : "and", values, AstSource.safeSpan(outer(first), outer(last)));
    }

    private Expr notTest(Operators ops) {
        if (ops.peek() != PythonLexer.NOT) return comparison(ops);
        Token not = ops.take();
        Expr operand = notTest(ops);
        return new Expr.UnaryOp("not", operand, AstSource.safeSpan(src.range(not), outer(operand)));
    }

    private static boolean isComparison(int tokenType) {
        return switch (tokenType) {
            case PythonLexer.LESS, PythonLexer.GREATER, PythonLexer.EQEQUAL, PythonLexer.GREATEREQUAL, PythonLexer.LESSEQUAL,
                 PythonLexer.NOTEQUAL, PythonLexer.IN, PythonLexer.NOT, PythonLexer.IS -> true;
            default -> false;
        };
    }

    /** A chain of comparisons is one Compare: {@code a < b < c}. */
    private Expr comparison(Operators ops) {
        Expr left = binary(ops, 1);
        if (!isComparison(ops.peek())) return left;
        NodeList<String> names = new NodeList<>(2);
        NodeList<Expr> rights = new NodeList<>(2);
        Expr last = left;
        while (isComparison(ops.peek())) {
            Token op = ops.take();
            String name = operatorText(op);
            if (op.getType() == PythonLexer.NOT) {
                ops.take(); // in
                name = "not in";
            } else if (op.getType() == PythonLexer.IS && ops.peek() == PythonLexer.NOT) {
                ops.take();
                name = "is not";
            }
            names.add(name);
            last = binary(ops, 1);
            rights.add(last);
        }
        return new Expr.Compare(left, names, rights, AstSource.safeSpan(outer(left), outer(last)));
    }

    private static int precedence(int tokenType) {
        return switch (tokenType) {
            case PythonLexer.VBAR -> 1;
            case PythonLexer.CIRCUMFLEX -> 2;
            case PythonLexer.AMPER -> 3;
            case PythonLexer.LEFTSHIFT, PythonLexer.RIGHTSHIFT -> 4;
            case PythonLexer.PLUS, PythonLexer.MINUS -> 5;
            case PythonLexer.STAR, PythonLexer.AT, PythonLexer.SLASH, PythonLexer.DOUBLESLASH, PythonLexer.PERCENT -> 6;
            default -> 0;
        };
    }

    /** Binary operators binding at least as tightly as {@code minPrecedence}; all are left-associative. */
    private Expr binary(Operators ops, int minPrecedence) {
        Expr left = ops.operand();
        while (true) {
            int p = precedence(ops.peek());
            if (p == 0 || p < minPrecedence) return left;
            Token op = ops.take();
            Expr right = binary(ops, p + 1);
            left = new Expr.BinOp(left, operatorText(op), right, AstSource.safeSpan(outer(left), outer(right)));
        }
    }

    Expr expr(ExprContext c) {
        if (c.getChildCount() == 1) return factor((FactorContext) c.getChild(0));
        Operators ops = new Operators(c);
        return ops.done(binary(ops, 1));
    }

    /** Range of an operand including the parentheses around it, as CPython's BinOp ranges do. */
    private final IdentityHashMap<Expr, SourceRange> parenRanges = new IdentityHashMap<>();

    private SourceRange outer(Expr e) {
        if (parenRanges.isEmpty()) return e.range(); // no identity hash to make for e
        SourceRange r = parenRanges.get(e);
        return r != null ? r : e.range();
    }

    private static boolean isStringPart(ParseTree k) {
        return k instanceof FstringContext || tokenType(k) == PythonLexer.STRING;
    }

    private static boolean isUnary(ParseTree k) {
        int type = tokenType(k);
        return type == PythonLexer.PLUS || type == PythonLexer.MINUS || type == PythonLexer.TILDE;
    }

    /** Whether a child is a name token (not one error recovery skipped). */
    private static boolean isNameToken(ParseTree k) {
        if (k instanceof PythonToken t) return isName(t.getType());
        return k instanceof TerminalNode t && !(k instanceof ErrorNode) && isName(t.getSymbol().getType());
    }

    /** Whether the child after a one-token atom ends the operand there: no trailer, '**' or skipped token follows. */
    private static boolean endsAtom(ParseTree next) {
        if (next instanceof PythonToken t) return !isTrailer(t.getType()) && t.getType() != PythonLexer.DOUBLESTAR;
        if (!(next instanceof TerminalNode t)) return true;
        return !(next instanceof ErrorNode) && !isTrailer(t.getSymbol().getType()) && t.getSymbol().getType() != PythonLexer.DOUBLESTAR;
    }

    /** Unary operators, await, an atom, its trailers and a right-hand '**', as one context's children. */
    private Expr factor(FactorContext c) {
        Expr e = operand(Children.of(c), 0, true);
        if (operandEnd != c.getChildCount()) throw new IllegalStateException("factor not fully read");
        return e;
    }

    /** Where the operand that {@link #operand} built last ends: the index of the child after it. */
    private int operandEnd;

    private static boolean isName(int tokenType) {
        return tokenType == PythonLexer.NAME || tokenType == PythonLexer.MATCH || tokenType == PythonLexer.CASE
                || tokenType == PythonLexer.TYPE;
    }

    private static boolean isTrailer(int tokenType) {
        return tokenType == PythonLexer.DOT || tokenType == PythonLexer.LPAR || tokenType == PythonLexer.LSQB;
    }

    /**
     * A factor's parts from {@code kids.get(i)} on: unary operators, await, an atom, its trailers and a
     * right-hand '**' (the children of a factor context, or the first operand of a test, which the
     * grammar writes out in place: not {@code inFactor}); sets {@link #operandEnd} to the index after them.
     */
    private Expr operand(Children kids, int i, boolean inFactor) {
        int n = kids.size();
        ParseTree a = kids.get(i);
        // A token error recovery skipped, where an operand written out in a test starts: the operand is
        // broken (its statement is left out; in a factor context, such a token is read as the atom).
        if (!inFactor && isErrorNode(a)) {
            throw new IllegalStateException("error node in an operand");
        }
        Token only = a instanceof PythonToken t ? t : a instanceof TerminalNode t ? t.getSymbol() : null;
        if (only != null && (i + 1 == n || endsAtom(kids.get(i + 1)))) {
            // One token and nothing after it in this operand: a name, number or singleton (or one string, or a prefix).
            int type = only.getType();
            if (type != PythonLexer.STRING && type != PythonLexer.PLUS && type != PythonLexer.MINUS && type != PythonLexer.TILDE
                    && type != PythonLexer.AWAIT && type != PythonLexer.LPAR && type != PythonLexer.LSQB && type != PythonLexer.LBRACE) {
                operandEnd = i + 1;
                return tokenAtom(only);
            }
        }
        int unaryFrom = i;
        while (isUnary(kids.get(i))) i++;
        int unaryCount = i - unaryFrom;
        Token await = null;
        if (tokenType(kids.get(i)) == PythonLexer.AWAIT) {
            await = startToken(kids.get(i));
            i++;
        }
        Expr e;
        a = kids.get(i);
        if (isStringPart(a)) {
            int from = i;
            while (i < n && isStringPart(kids.get(i))) i++;
            Token stop = stopToken(kids.get(i - 1));
            e = root.strings.strings(i - from == 1 ? List.of(a) : kids.subList(from, i), src.range(startToken(a), stop));
        } else {
            Token first = ((TerminalNode) a).getSymbol();
            int type = first.getType();
            if (type == PythonLexer.LPAR || type == PythonLexer.LSQB || type == PythonLexer.LBRACE) {
                ParserRuleContext inner = kids.get(i + 1) instanceof ParserRuleContext p ? p : null;
                i += inner == null ? 2 : 3;
                Token close = ((TerminalNode) kids.get(i - 1)).getSymbol();
                e = bracketAtom(type, inner, src.range(first, close));
            } else {
                e = tokenAtom(first);
                i++;
            }
        }
        SourceRange start = outer(e);
        while (i < n && isTrailer(tokenType(kids.get(i)))) {
            Token open = startToken(kids.get(i));
            switch (open.getType()) {
                case PythonLexer.DOT -> {
                    if (i + 1 == n || !isNameToken(kids.get(i + 1))) {
                        throw new IllegalStateException("no name after '.'");
                    }
                    Token nameToken = ((TerminalNode) kids.get(i + 1)).getSymbol();
                    e = new Expr.Attribute(e, name(nameToken), Ctx.LOAD, AstSource.safeSpan(start, src.range(nameToken)));
                    i += 2;
                }
                case PythonLexer.LPAR -> {
                    ArglistContext args = kids.get(i + 1) instanceof ArglistContext x ? x : null;
                    i += args == null ? 2 : 3;
                    Token close = ((TerminalNode) kids.get(i - 1)).getSymbol();
                    e = call(e, open, args, close, start);
                }
                default -> {
                    SubscriptlistContext subs = (SubscriptlistContext) kids.get(i + 1);
                    Token close = ((TerminalNode) kids.get(i + 2)).getSymbol();
                    e = new Expr.Subscript(e, subscripts(subs), Ctx.LOAD, AstSource.safeSpan(start, src.range(close)));
                    i += 3;
                }
            }
        }
        // A token error recovery skipped: the operand is broken (its statement is left out).
        if (i < n && isErrorNode(kids.get(i))) throw new IllegalStateException("error node in an operand");
        if (await != null) e = new Expr.Await(e, AstSource.safeSpan(src.range(await), outer(e)));
        if (i < n && tokenType(kids.get(i)) == PythonLexer.DOUBLESTAR) {
            // ** factor: binds tighter than the unary operators on its left, looser than await.
            Expr right = factor((FactorContext) kids.get(i + 1));
            SourceRange left = await != null ? e.range() : outer(e);
            e = new Expr.BinOp(e, "**", right, AstSource.safeSpan(left, outer(right)));
            i += 2;
        }
        operandEnd = i;
        for (int u = unaryFrom + unaryCount - 1; u >= unaryFrom; u--) {
            Token op = ((TerminalNode) kids.get(u)).getSymbol();
            e = new Expr.UnaryOp(operatorText(op), e, AstSource.safeSpan(src.range(op), outer(e)));
        }
        return e;
    }

    private Expr call(Expr func, Token open, ArglistContext arglist, Token close, SourceRange start) {
        NodeList<Expr> args = new NodeList<>();
        NodeList<Keyword> keywords = new NodeList<>();
        if (arglist != null) arguments(arglist, args, keywords);
        if (args.size() == 1 && keywords.isEmpty() && args.get(0) instanceof Expr.GeneratorExp g
                && argumentEnd(Children.of(arglist), 0) == Children.of(arglist).size()) {
            // A sole generator argument (no comma after it) takes the call's parentheses, as in CPython.
            args.set(0, new Expr.GeneratorExp(g.elt(), g.generators(), src.range(open, close)));
        }
        return new Expr.Call(func, args, keywords, AstSource.safeSpan(start, src.range(close)));
    }

    /**
     * Where the argument of an arglist that starts at child {@code from} ends: the index of the comma
     * after it, or the number of children. The grammar writes the arguments out in place (no context
     * each): {@code test (':=' test)? ('=' test | comp_for)? | '*' test | '**' test}.
     */
    static int argumentEnd(Children kids, int from) {
        int n = kids.size();
        int i = from;
        while (i < n && !(kids.get(i) instanceof PythonToken t && t.getType() == PythonLexer.COMMA)) i++;
        return i;
    }

    /** The child of type {@code tokenType} among {@code kids[from, to)}, or -1. */
    static int indexOfToken(Children kids, int from, int to, int tokenType) {
        for (int i = from; i < to; i++) if (tokenType(kids.get(i)) == tokenType) return i;
        return -1;
    }

    /** The range of the children {@code kids[from, to)}. */
    private SourceRange range(Children kids, int from, int to) {
        Token stop = stopToken(kids.get(to - 1));
        Token first = startToken(kids.get(from));
        return src.range(first, stop == null ? first : stop);
    }

    void arguments(ArglistContext c, List<Expr> args, List<Keyword> keywords) {
        InvalidSyntax.ArgumentOrder order = invalid.argumentOrder();
        Children kids = Children.of(c);
        int n = kids.size();
        int count = 0;
        for (int from = 0; from < n; from = argumentEnd(kids, from) + 1) count++;
        for (int from = 0; from < n; ) {
            int to = argumentEnd(kids, from);
            ParseTree first = kids.get(from);
            Token at = startToken(first);
            if (to - from == 1) {
                // Most arguments: one positional expression.
                order.next(InvalidSyntax.ArgumentOrder.POSITIONAL, at);
                args.add(test((TestContext) first));
                from = to + 1;
                continue;
            }
            if (indexOfToken(kids, from, to, PythonLexer.DOUBLESTAR) >= 0) {
                order.next(InvalidSyntax.ArgumentOrder.DOUBLE_STAR, at);
                keywords.add(new Keyword(null, test((TestContext) kids.get(from + 1)), range(kids, from, to)));
            } else if (indexOfToken(kids, from, to, PythonLexer.STAR) >= 0) {
                order.next(InvalidSyntax.ArgumentOrder.STAR, at);
                args.add(new Expr.Starred(test((TestContext) kids.get(from + 1)), Ctx.LOAD, range(kids, from, to)));
            } else if (indexOfToken(kids, from, to, PythonLexer.EQUAL) >= 0) {
                order.next(InvalidSyntax.ArgumentOrder.KEYWORD, at);
                SourceRange r = range(kids, from, to);
                Expr k = indexOfToken(kids, from, to, PythonLexer.COLONEQUAL) >= 0 ? walrus(kids, from, to) : test((TestContext) first);
                if (invalid.keywordName(k)) {
                    keywords.add(new Keyword(((Expr.Name) k).id(), test((TestContext) kids.get(to - 1)), r));
                }
            } else {
                order.next(InvalidSyntax.ArgumentOrder.POSITIONAL, at);
                SourceRange r = range(kids, from, to);
                Expr v = indexOfToken(kids, from, to, PythonLexer.COLONEQUAL) >= 0 ? walrus(kids, from, to) : test((TestContext) first);
                Comp_forContext gen = null;
                for (int i = from; i < to; i++) if (kids.get(i) instanceof Comp_forContext f) { gen = f; break; }
                invalid.generatorArgument(gen != null, at, count);
                if (gen != null) {
                    v = new Expr.GeneratorExp(v, comprehension(gen), r);
                }
                args.add(v);
            }
            from = to + 1;
        }
    }

    /** {@code target := value} as an argument: the first two tests among {@code kids[from, to)}. */
    private Expr walrus(Children kids, int from, int to) {
        TestContext target = null;
        TestContext value = null;
        for (int i = from; i < to && value == null; i++) {
            if (kids.get(i) instanceof TestContext t) {
                if (target == null) target = t;
                else value = t;
            }
        }
        return walrus(target, value);
    }

    private Expr subscripts(SubscriptlistContext c) {
        List<SubscriptContext> items = c.subscript();
        if (items.size() == 1 && c.COMMA().isEmpty() && items.get(0).star_expr() == null) {
            return subscript(items.get(0));
        }
        NodeList<Expr> elts = new NodeList<>();
        for (SubscriptContext s : items) {
            if (s.star_expr() != null) src.requires(11, s.getStart(), "starred expressions in subscripts");
            elts.add(subscript(s));
        }
        return new Expr.Tuple(elts, Ctx.LOAD, src.range(c));
    }

    private Expr subscript(SubscriptContext s) {
        if (s.star_expr() != null) return starExpr(s.star_expr());
        if (s.COLON().isEmpty()) {
            Expr e = namedTest(s.namedexpr_test());
            if (e instanceof Expr.NamedExpr && !src.parenthesized.contains(e)) src.requires(10, e.range(), "unparenthesized assignment expressions in subscripts");
            return e;
        }
        Expr lower = null;
        if (s.namedexpr_test() != null) {
            lower = namedTest(s.namedexpr_test());
            invalid.unparenthesizedNamedExpr(lower);
        }
        // Parts after the first ':' are tests: the one before a second ':' is upper, the other step.
        Expr upper = null;
        Expr step = null;
        boolean afterSecond = false;
        int colons = 0;
        Children children = Children.of(s);
        for (int ci = 0; ci < children.size(); ci++) {
            ParseTree k = children.get(ci);
            if (k instanceof TerminalNode tn && tn.getSymbol().getType() == PythonLexer.COLON) {
                colons++;
                afterSecond = colons == 2;
            } else if (k instanceof TestContext tc) {
                if (afterSecond) step = test(tc);
                else upper = test(tc);
            }
        }
        return new Expr.Slice(lower, upper, step, src.range(s));
    }

    Expr starExpr(Star_exprContext c) {
        return new Expr.Starred(expr(c.expr()), Ctx.LOAD, src.range(c));
    }

    Expr exprlist(ExprlistContext c) {
        NodeList<Expr> elts = new NodeList<>();
        Children children = Children.of(c);
        for (int ci = 0; ci < children.size(); ci++) {
            ParseTree k = children.get(ci);
            if (k instanceof ExprContext e) elts.add(expr(e));
            else if (k instanceof Star_exprContext s) elts.add(starExpr(s));
        }
        if (elts.size() == 1 && c.COMMA().isEmpty()) return elts.get(0);
        return new Expr.Tuple(elts, Ctx.LOAD, src.range(c));
    }

    /** Whether a child is an item of an expression list written out in place: a test or a starred expression. */
    static boolean isListItem(ParseTree k) {
        return k instanceof TestContext || k instanceof Star_exprContext;
    }

    /** Where the expression list written out in place from child {@code from} on ends: after its items and commas. */
    static int listEnd(Children kids, int from) {
        int n = kids.size();
        int i = from;
        while (i < n && (isListItem(kids.get(i)) || kids.get(i) instanceof PythonToken t && t.getType() == PythonLexer.COMMA)) i++;
        return i;
    }

    /** An expression list written out in place (as testlist_star_expr's children): one expression, or a tuple. */
    Expr testlistStar(Children kids, int from, int to) {
        if (to - from == 1) {
            ParseTree k = kids.get(from);
            return k instanceof TestContext t ? test(t) : starExpr((Star_exprContext) k);
        }
        NodeList<Expr> elts = new NodeList<>();
        for (int i = from; i < to; i++) {
            ParseTree k = kids.get(i);
            if (k instanceof TestContext t) elts.add(test(t));
            else if (k instanceof Star_exprContext s) elts.add(starExpr(s));
        }
        return new Expr.Tuple(elts, Ctx.LOAD, range(kids, from, to));
    }

    Expr testlistStar(Testlist_star_exprContext c) {
        if (c.getChildCount() == 1) {
            ParseTree k = c.getChild(0);
            return k instanceof TestContext t ? test(t) : starExpr((Star_exprContext) k);
        }
        NodeList<Expr> elts = new NodeList<>();
        Children children = Children.of(c);
        for (int ci = 0; ci < children.size(); ci++) {
            ParseTree k = children.get(ci);
            if (k instanceof TestContext t) elts.add(test(t));
            else if (k instanceof Star_exprContext s) elts.add(starExpr(s));
        }
        return new Expr.Tuple(elts, Ctx.LOAD, src.range(c));
    }

    Expr yieldExpr(Yield_exprContext c) {
        SourceRange r = src.range(c);
        if (c.FROM() != null) return new Expr.YieldFrom(test(c.test()), r);
        return new Expr.Yield(c.testlist_star_expr() == null ? null : testlistStar(c.testlist_star_expr()), r);
    }

    private List<Comprehension> comprehension(Comp_forContext c) {
        NodeList<Comprehension> out = new NodeList<>();
        int i = 0;
        Children kids = Children.of(c);
        while (i < kids.size()) {
            Token start = ((TerminalNode) kids.get(i)).getSymbol();
            boolean isAsync = start.getType() == PythonLexer.ASYNC;
            if (isAsync) i++;
            i++; // for
            Expr t = target(exprlist((ExprlistContext) kids.get(i++)), Ctx.STORE);
            i++; // in
            Or_testContext iterCtx = (Or_testContext) kids.get(i++);
            Expr iter = orTest(iterCtx);
            Token end = iterCtx.getStop();
            NodeList<Expr> ifs = new NodeList<>();
            while (i < kids.size() && tokenType(kids.get(i)) == PythonLexer.IF) {
                Or_testContext cond = (Or_testContext) kids.get(i + 1);
                ifs.add(orTest(cond));
                end = cond.getStop();
                i += 2;
            }
            out.add(new Comprehension(t, iter, ifs, isAsync, src.range(start, end)));
        }
        return out;
    }

    /** A parenthesized, bracketed or braced atom; {@code inner} is its content rule, null when empty. */
    private Expr bracketAtom(int openType, ParserRuleContext inner, SourceRange r) {
        switch (openType) {
            case PythonLexer.LPAR -> {
                if (inner instanceof Yield_exprContext y) return paren(yieldExpr(y), r);
                if (inner == null) return new Expr.Tuple(List.of(), Ctx.LOAD, r);
                Testlist_compContext t = (Testlist_compContext) inner;
                if (t.comp_for() != null) {
                    Expr elt = element(Children.of(t), 0);
                    invalid.comprehensionElement(elt);
                    return new Expr.GeneratorExp(elt, comprehension(t.comp_for()), r);
                }
                if (itemEnd(Children.of(t), 0) == Children.of(t).size()) {
                    Expr only = element(Children.of(t), 0);
                    invalid.starredHere(only);
                    return paren(only, r);
                }
                Expr tuple = new Expr.Tuple(elements(t), Ctx.LOAD, r);
                src.parenthesized.add(tuple);
                return tuple;
            }
            case PythonLexer.LSQB -> {
                Testlist_compContext t = (Testlist_compContext) inner;
                if (t == null) return new Expr.ListExpr(List.of(), Ctx.LOAD, r);
                if (t.comp_for() != null) {
                    Expr elt = element(Children.of(t), 0);
                    invalid.comprehensionElement(elt);
                    return new Expr.ListComp(elt, comprehension(t.comp_for()), r);
                }
                return new Expr.ListExpr(elements(t), Ctx.LOAD, r);
            }
            default -> {
                return dictOrSet((DictorsetmakerContext) inner, r);
            }
        }
    }

    /** An atom of one token: a name, number or singleton. */
    private Expr tokenAtom(Token t) {
        return switch (t.getType()) {
            case PythonLexer.NUMBER -> number(t);
            case PythonLexer.ELLIPSIS -> new Expr.Constant(ConstantKind.ELLIPSIS, null, src.range(t));
            case PythonLexer.NONE -> new Expr.Constant(ConstantKind.NONE, null, src.range(t));
            case PythonLexer.TRUE -> new Expr.Constant(ConstantKind.TRUE, Boolean.TRUE, src.range(t));
            case PythonLexer.FALSE -> new Expr.Constant(ConstantKind.FALSE, Boolean.FALSE, src.range(t));
            default -> new Expr.Name(name(t), Ctx.LOAD, src.range(t));
        };
    }

    private Expr paren(Expr e, SourceRange withParens) {
        src.parenthesized.add(e);
        parenRanges.put(e, withParens);
        return e;
    }

    /**
     * Where the item of a tuple or list (testlist_comp, which writes its items out) that starts at
     * child {@code i} ends: {@code test (':=' test)?} or a starred expression.
     */
    private static int itemEnd(Children kids, int i) {
        return kids.get(i) instanceof TestContext && i + 1 < kids.size() && tokenType(kids.get(i + 1)) == PythonLexer.COLONEQUAL
                ? i + 3 : i + 1;
    }

    /** The item of a tuple or list that starts at child {@code i}. */
    private Expr element(Children kids, int i) {
        ParseTree k = kids.get(i);
        if (k instanceof Star_exprContext s) return starExpr(s);
        if (itemEnd(kids, i) == i + 3) return walrus((TestContext) k, (TestContext) kids.get(i + 2));
        return test((TestContext) k);
    }

    private List<Expr> elements(Testlist_compContext t) {
        NodeList<Expr> elts = new NodeList<>();
        Children kids = Children.of(t);
        for (int i = 0; i < kids.size(); ) {
            ParseTree k = kids.get(i);
            if (k instanceof TestContext || k instanceof Star_exprContext) {
                elts.add(element(kids, i));
                i = itemEnd(kids, i);
            } else {
                i++;
            }
        }
        return elts;
    }

    private Expr dictOrSet(DictorsetmakerContext d, SourceRange r) {
        if (d == null) return new Expr.Dict(List.of(), List.of(), r);
        List<Dict_or_set_itemContext> items = d.dict_or_set_item();
        Dict_or_set_itemContext first = items.get(0);
        boolean isDict = first.COLON() != null || first.DOUBLESTAR() != null;
        if (d.comp_for() != null) {
            List<Comprehension> gens;
            if (isDict) {
                if (!invalid.dictComprehensionItem(first)) return new Expr.Dict(List.of(), List.of(), r);
                Expr k = namedTest(first.namedexpr_test());
                Expr v = test(first.test());
                gens = comprehension(d.comp_for());
                return new Expr.DictComp(k, v, gens, r);
            }
            Expr elt = first.star_expr() != null ? starExpr(first.star_expr()) : namedTest(first.namedexpr_test());
            invalid.comprehensionElement(elt);
            return new Expr.SetComp(elt, comprehension(d.comp_for()), r);
        }
        if (isDict) {
            NodeList<Expr> keys = new NodeList<>();
            NodeList<Expr> values = new NodeList<>();
            for (Dict_or_set_itemContext i : items) {
                invalid.dictItem(i);
                if (i.DOUBLESTAR() != null) {
                    keys.add(null);
                    values.add(expr(i.expr()));
                } else if (i.COLON() != null) {
                    Expr k = namedTest(i.namedexpr_test());
                    invalid.unparenthesizedNamedExpr(k);
                    keys.add(k);
                    values.add(test(i.test()));
                }
            }
            return new Expr.Dict(keys, values, r);
        }
        NodeList<Expr> elts = new NodeList<>();
        for (Dict_or_set_itemContext i : items) {
            invalid.setItem(i);
            if (i.star_expr() != null) elts.add(starExpr(i.star_expr()));
            else if (i.namedexpr_test() != null && i.COLON() == null) elts.add(namedTest(i.namedexpr_test()));
        }
        return new Expr.SetExpr(elts, r);
    }

    /** Tokens' texts by type where the lexer matches one literal (operators, keywords); null elsewhere. */
    private static final String[] LITERALS = new String[PythonLexer.VOCABULARY.getMaxTokenType() + 1];

    static {
        for (int type = 0; type < LITERALS.length; type++) {
            String literal = PythonLexer.VOCABULARY.getLiteralName(type);
            if (literal != null) LITERALS[type] = literal.substring(1, literal.length() - 1);
        }
    }

    /** An operator token's text without making a string: the literal of its type (a token error recovery made keeps its own text). */
    static String operatorText(Token t) {
        int type = t.getType();
        if (t.getStartIndex() >= 0 && type > 0 && type < LITERALS.length && LITERALS[type] != null) return LITERALS[type];
        return t.getText();
    }

    Expr number(Token t) {
        Literals.Value v = Literals.number(t.getText());
        return new Expr.Constant(v.kind(), v.value(), src.range(t));
    }

    String name(NameContext n) {
        return name(n.getStart());
    }

    static String name(Token t) {
        if (t instanceof PythonToken p && p.isAsciiWord()) return p.getText();
        String s = t.getText();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) return Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        return s;
    }
}
