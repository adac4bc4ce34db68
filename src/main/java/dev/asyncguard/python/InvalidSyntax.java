package dev.asyncguard.python;

import dev.asyncguard.python.AstBuilder.RawParam;
import dev.asyncguard.python.antlr.Children;
import dev.asyncguard.python.antlr.PythonLexer;
import dev.asyncguard.python.antlr.PythonParser.*;
import dev.asyncguard.python.ast.*;
import dev.asyncguard.python.ast.Expr.ConstantKind;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.List;

/**
 * CPython's invalid-syntax rules for trees our grammar accepts (what CPython's parser rejects in its
 * invalid_* rules and while building its AST): bad assignment targets, argument, parameter and
 * pattern order, misplaced starred and unpacking, mixed literals. Each method looks at one construct
 * and reports, with CPython's message at CPython's place, what is wrong with it; the builders call it
 * where they map that construct, so diagnostics keep their source order. A method that answers a
 * boolean also tells the builder whether the construct can be mapped as written. Syntax newer than
 * the target version is not checked here but by {@link AstSource#requires}; undecodable literals by
 * {@link Literals}.
 */
final class InvalidSyntax {
    private final AstSource src;

    InvalidSyntax(AstSource src) {
        this.src = src;
    }

    // ---------------------------------------------------------------- targets

    /** An assignment or del target: names, attributes, subscripts, and tuples, lists and (not in del) starred of them. */
    void target(Expr e, Ctx ctx) {
        // Most targets, tested before the pattern switch (C1 calls its type test through a method handle).
        if (isSingleTarget(e)) return;
        switch (e) {
            case Expr.Name n -> { }
            case Expr.Attribute a -> { }
            case Expr.Subscript s -> { }
            case Expr.Tuple t -> {
                for (Expr x : t.elts()) target(x, ctx);
            }
            case Expr.ListExpr l -> {
                for (Expr x : l.elts()) target(x, ctx);
            }
            case Expr.Starred s -> {
                if (ctx == Ctx.DEL) src.error(s.range(), "cannot delete starred");
                target(s.value(), ctx);
            }
            default -> src.error(e.range(), "cannot " + (ctx == Ctx.DEL ? "delete" : "assign to") + " " + describe(e));
        }
    }

    /** {@code del *a}: a starred item of a del statement. */
    void deletedStarred(Star_exprContext x) {
        src.error(x.getStart(), "cannot delete starred");
    }

    /** A name, attribute or subscript: what an annotated or augmented assignment can assign to. */
    static boolean isSingleTarget(Expr e) {
        return e instanceof Expr.Name || e instanceof Expr.Attribute || e instanceof Expr.Subscript;
    }

    /** The target of {@code target: annotation [= value]}. */
    void annotationTarget(Expr t) {
        if (isSingleTarget(t)) return;
        switch (t) {
            case Expr.Tuple tu -> src.error(tu.range(), "only single target (not tuple) can be annotated");
            case Expr.ListExpr l -> src.error(l.range(), "only single target (not list) can be annotated");
            default -> src.error(t.range(), "illegal target for annotation");
        }
    }

    /** The target of {@code target op= value}. */
    void augmentedTarget(Expr t) {
        if (!isSingleTarget(t)) src.error(t.range(), "'" + describe(t) + "' is an illegal expression for augmented assignment");
    }

    /** The target of {@code target := value}: a plain name. Answers whether it is one. */
    boolean namedExprTarget(Expr target) {
        if (target instanceof Expr.Name && !src.parenthesized.contains(target)) return true;
        src.error(target.range(), "cannot use assignment expressions with " + describe(target));
        return false;
    }

    /** How CPython names an expression in "cannot assign to ..." messages. */
    static String describe(Expr e) {
        return switch (e) {
            case Expr.Call c -> "function call";
            case Expr.Constant k -> switch (k.kind()) {
                case NONE -> "None";
                case TRUE -> "True";
                case FALSE -> "False";
                case ELLIPSIS -> "ellipsis";
                default -> "literal";
            };
            case Expr.BoolOp b -> "expression";
            case Expr.BinOp b -> "expression";
            case Expr.UnaryOp u -> "expression";
            case Expr.Compare c -> "comparison";
            case Expr.Lambda l -> "lambda";
            case Expr.IfExp i -> "conditional expression";
            case Expr.NamedExpr n -> "named expression";
            case Expr.Await a -> "await expression";
            case Expr.Yield y -> "yield expression";
            case Expr.YieldFrom y -> "yield expression";
            case Expr.JoinedStr j -> "f-string expression";
            case Expr.TemplateStr t -> "t-string expression";
            case Expr.GeneratorExp g -> "generator expression";
            case Expr.ListComp l -> "list comprehension";
            case Expr.SetComp s -> "set comprehension";
            case Expr.DictComp d -> "dict comprehension";
            case Expr.Dict d -> "dict literal";
            case Expr.SetExpr s -> "set display";
            case Expr.Tuple t -> "tuple";
            case Expr.ListExpr l -> "list";
            case Expr.Starred s -> "starred";
            default -> "expression";
        };
    }

    // ---------------------------------------------------------------- starred, unpacking, named expressions

    /** A starred expression where none may stand: a for loop's iterable, {@code (*a)}. */
    void starredHere(Expr e) {
        if (e instanceof Expr.Starred) src.error(e.range(), "cannot use starred expression here");
    }

    /** The element of a list, set or generator comprehension: not starred. */
    void comprehensionElement(Expr elt) {
        if (elt instanceof Expr.Starred) src.error(elt.range(), "iterable unpacking cannot be used in comprehension");
    }

    /** The first item of a dict comprehension: not {@code **d}. Answers whether it is a key and value. */
    boolean dictComprehensionItem(Dict_or_set_itemContext first) {
        if (first.DOUBLESTAR() == null) return true;
        src.error(first.getStart(), "dict unpacking cannot be used in dict comprehension");
        return false;
    }

    /** An item of a dict display: {@code key: value} or {@code **d}. */
    void dictItem(Dict_or_set_itemContext i) {
        if (i.DOUBLESTAR() == null && i.COLON() == null) src.error(i.getStart(), "':' expected after dictionary key");
    }

    /** An item of a set display: an expression or {@code *a}, not {@code key: value}. */
    void setItem(Dict_or_set_itemContext i) {
        if (i.star_expr() == null && (i.namedexpr_test() == null || i.COLON() != null)) src.error(i.getStart(), "invalid syntax");
    }

    /** A dict key or a slice's lower bound: where CPython's grammar has no unparenthesized {@code :=}. */
    void unparenthesizedNamedExpr(Expr e) {
        if (e instanceof Expr.NamedExpr && !src.parenthesized.contains(e)) src.error(e.range(), "invalid syntax");
    }

    // ---------------------------------------------------------------- call arguments

    /**
     * The order of a call's (or class's) arguments, argument by argument as they are mapped: nothing
     * positional after a keyword or {@code **}, no {@code *} after {@code **}.
     */
    final class ArgumentOrder {
        static final int POSITIONAL = 0, STAR = 1, DOUBLE_STAR = 2, KEYWORD = 3;
        private boolean keyword;
        private boolean doubleStar;

        /** The next argument: its kind and where it starts. */
        void next(int kind, Token at) {
            switch (kind) {
                case DOUBLE_STAR -> doubleStar = true;
                case STAR -> {
                    if (doubleStar) src.error(at, "iterable argument unpacking follows keyword argument unpacking");
                }
                case KEYWORD -> keyword = true;
                default -> positional(at);
            }
        }

        private void positional(Token at) {
            if (doubleStar) src.error(at, "positional argument follows keyword argument unpacking");
            else if (keyword) src.error(at, "positional argument follows keyword argument");
        }
    }

    ArgumentOrder argumentOrder() {
        return new ArgumentOrder();
    }

    /** What stands before '=' in a keyword argument: a plain name. Answers whether it is one. */
    boolean keywordName(Expr k) {
        if (k instanceof Expr.Name && !src.parenthesized.contains(k)) return true;
        if (k instanceof Expr.Constant kc && (kc.kind() == ConstantKind.TRUE || kc.kind() == ConstantKind.FALSE
                || kc.kind() == ConstantKind.NONE)) {
            src.error(k.range(), "cannot assign to " + describe(k));
        } else {
            src.error(k.range(), "expression cannot contain assignment, perhaps you meant \"==\"?");
        }
        return false;
    }

    /** A generator expression as an argument: without its own parentheses, only as the sole argument. */
    void generatorArgument(boolean isGenerator, Token at, int arguments) {
        if (isGenerator && arguments > 1) src.error(at, "Generator expression must be parenthesized");
    }

    /** A class's bases: no generator expression. */
    void classBases(ArglistContext c) {
        Children kids = Children.of(c);
        for (int from = 0; from < kids.size(); from = ExprBuilder.argumentEnd(kids, from) + 1) {
            int to = ExprBuilder.argumentEnd(kids, from);
            for (int i = from; i < to; i++) {
                if (kids.get(i) instanceof Comp_forContext) {
                    src.error(ChildTokens.startToken(kids.get(from)), "invalid syntax: a class cannot take a generator expression as base");
                    break;
                }
            }
        }
    }

    // ---------------------------------------------------------------- parameters

    /** The order of a def's or lambda's parameters, as CPython's parser checks it. */
    void parameters(List<RawParam> raw) {
        boolean slash = false;
        boolean star = false;
        boolean positional = false; // a plain parameter since the last '/', before any '*'
        boolean sawDefault = false;
        boolean kwarg = false;
        for (int i = 0; i < raw.size(); i++) {
            RawParam p = raw.get(i);
            if (kwarg) {
                src.error(p.at(), "arguments cannot follow var-keyword argument");
                return;
            }
            switch (p.kind()) {
                case RawParam.SLASH -> {
                    if (slash) src.error(p.at(), "/ may appear only once");
                    else if (star) src.error(p.at(), "/ must be ahead of *");
                    else if (!positional) src.error(p.at(), "at least one argument must precede /");
                    slash = true;
                    positional = false;
                }
                case RawParam.STAR -> {
                    if (star) src.error(p.at(), "* argument may appear only once");
                    star = true;
                    if (p.arg() == null) {
                        boolean named = i + 1 < raw.size() && raw.get(i + 1).kind() == RawParam.PLAIN;
                        if (!named) src.error(p.at(), "named arguments must follow bare *");
                    }
                }
                case RawParam.DOUBLE_STAR -> {
                    if (p.dflt() != null) src.error(p.at(), "var-keyword argument cannot have default value");
                    kwarg = true;
                }
                default -> {
                    if (!star) {
                        if (p.dflt() != null) sawDefault = true;
                        else if (sawDefault) src.error(p.at(), "parameter without a default follows parameter with a default");
                        positional = true;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- statements

    /** {@code except A, B as e:}: several types with a name must be parenthesized. */
    void exceptTypesWithName(Except_clauseContext e) {
        if (e.AS() != null) src.error(e.test(0).getStart(), "multiple exception types must be parenthesized when using 'as'");
    }

    /** {@code except*} needs at least one exception type. */
    void exceptStarTypes(Except_clauseContext e) {
        if (e.STAR() != null && e.test().isEmpty()) src.error(e.getStart(), "expected one or more exception types");
    }

    /** One try statement cannot have both {@code except} and {@code except*}. */
    void exceptKinds(Try_stmtContext c) {
        boolean star = false;
        boolean plain = false;
        for (Except_clauseContext e : c.except_clause()) {
            if (e.STAR() != null) star = true;
            else plain = true;
        }
        if (star && plain) src.error(c.getStart(), "cannot have both 'except' and 'except*' on the same 'try'");
    }

    // ---------------------------------------------------------------- literals

    /** Adjacent literals: bytes do not mix with str, t-strings with neither. */
    void concatenation(List<ParseTree> parts, SourceRange r) {
        boolean bytes = false;
        boolean nonBytes = false;
        boolean template = false;
        boolean plainOrF = false;
        for (int pi = 0; pi < parts.size(); pi++) {
            ParseTree p = parts.get(pi);
            if (p instanceof TerminalNode tn) {
                if (Literals.isBytes(tn.getSymbol().getText())) bytes = true;
                else nonBytes = true;
                plainOrF = true;
            } else {
                nonBytes = true;
                if (Literals.isTemplate(((FstringContext) p).FSTRING_START().getSymbol().getText())) template = true;
                else plainOrF = true;
            }
        }
        if (bytes && nonBytes) src.error(r, "cannot mix bytes and nonbytes literals");
        if (template && plainOrF) src.error(r, "cannot mix t-string literals with string or bytes literals");
    }

    /** The conversion of an f-string field, {@code !r}: right after the '!', one of s, r, a. */
    void conversion(Token bang, Token conv) {
        String c = conv.getText();
        if (conv.getStartIndex() != bang.getStopIndex() + 1) {
            src.error(conv, "f-string: conversion type must come right after the exclamanation mark");
        } else if (!(c.equals("s") || c.equals("r") || c.equals("a"))) {
            src.error(conv, "f-string: invalid conversion character '" + c + "': expected 's', 'r', or 'a'");
        }
    }

    // ---------------------------------------------------------------- patterns

    /** {@code pattern as name}: the name is not '_'. */
    void asPatternName(NameContext name, String n) {
        if (n.equals("_")) src.error(name.getStart(), "cannot use '_' as a target");
    }

    /** {@code real + imag} in a literal pattern: an imaginary number right, a real one left. */
    void complexLiteral(Expr left, Expr right) {
        if (right instanceof Expr.UnaryOp || !(right instanceof Expr.Constant k && k.kind() == ConstantKind.COMPLEX)) {
            src.error(right.range(), "imaginary number required in complex literal");
        }
        if (left instanceof Expr.Constant k && k.kind() == ConstantKind.COMPLEX
                || left instanceof Expr.UnaryOp u && u.operand() instanceof Expr.Constant k2 && k2.kind() == ConstantKind.COMPLEX) {
            src.error(left.range(), "real number required in complex literal");
        }
    }

    /** The order of a class pattern's arguments, one at a time as they are mapped: no positional after a keyword. */
    final class ClassPatternOrder {
        private boolean keyword;

        void next(Class_argContext a) {
            if (a.EQUAL() != null) keyword = true;
            else if (keyword) src.error(a.getStart(), "positional patterns follow keyword patterns");
        }
    }

    ClassPatternOrder classPatternOrder() {
        return new ClassPatternOrder();
    }

    /** The items of a mapping pattern, one at a time as they are mapped: {@code **rest} last, keys literals or dotted names. */
    final class MappingPatternItems {
        private boolean rest;

        void next(Mapping_itemContext i) {
            if (rest) src.error(i.getStart(), "double star pattern must be last");
            if (i.DOUBLESTAR() != null) {
                rest = true;
                return;
            }
            Name_or_attr_patternContext n = i.name_or_attr_pattern();
            if (i.literal_pattern() == null && n.name().size() == 1) {
                src.error(n.getStart(), "mapping pattern keys may only match literals and attribute lookups");
            }
        }
    }

    MappingPatternItems mappingPatternItems() {
        return new MappingPatternItems();
    }
}
