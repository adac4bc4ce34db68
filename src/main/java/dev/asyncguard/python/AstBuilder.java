package dev.asyncguard.python;

import dev.asyncguard.python.antlr.Children;
import dev.asyncguard.python.antlr.PythonLexer;
import dev.asyncguard.python.antlr.PythonParser;
import dev.asyncguard.python.antlr.PythonParser.*;
import dev.asyncguard.python.ast.*;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Pattern;
import dev.asyncguard.python.ast.Expr.ConstantKind;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.text.Normalizer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Maps the parse tree to our AST, with source ranges and LOAD/STORE/DEL contexts: the module, its
 * statements and parameters here; expressions ({@link ExprBuilder}), string literals and f-strings
 * ({@link StringLiteralBuilder}) and match patterns ({@link PatternBuilder}) in their own classes,
 * positions and syntax errors in {@link AstSource}. What CPython rejects beyond the grammar (bad
 * assignment targets, argument and parameter order, ...) is checked by {@link InvalidSyntax}, which the
 * builders call where they map each construct; syntax newer than the target version by
 * {@link AstSource#requires}. Literal values are decoded by {@link Literals}.
 */
final class AstBuilder {
    final AstSource src;
    final InvalidSyntax invalid;
    final ExprBuilder exprs;
    final StringLiteralBuilder strings;
    final PatternBuilder patterns;

    AstBuilder(SourceText source, PythonVersion target, List<SyntaxDiagnostic> diagnostics) {
        this.src = new AstSource(source, target, diagnostics);
        this.invalid = new InvalidSyntax(src);
        this.exprs = new ExprBuilder(this);
        this.strings = new StringLiteralBuilder(this);
        this.patterns = new PatternBuilder(this);
    }

    // ---------------------------------------------------------------- module and statements

    /** The constructs of the file that need a newer Python than {@link PythonVersion#OLDEST}, in source order. */
    List<VersionedSyntax> versionedSyntax() {
        return src.versioned;
    }

    Module module(File_inputContext c) {
        NodeList<Stmt> body = new NodeList<>();
        Children children = Children.of(c);
        for (int ci = 0; ci < children.size(); ci++) {
            ParseTree k = children.get(ci);
            if (k instanceof StmtContext s) statement(s, body);
        }
        SourceRange r = body.isEmpty() ? new SourceRange(1, 0, 1, 0) : AstSource.safeSpan(body.get(0).range(), body.get(body.size() - 1).range());
        return new Module(body, r);
    }

    /** One statement; a statement broken by a syntax error is left out, its neighbours are kept. */
    private void statement(StmtContext s, List<Stmt> out) {
        try {
            ParseTree first = s.getChild(0);
            if (first instanceof Simple_stmtContext) {
                simpleStmts(s, out);
            } else {
                Stmt st = compound((ParserRuleContext) first);
                if (st != null) out.add(st);
            }
        } catch (RuntimeException broken) {
            if (!src.syntaxErrors && s.exception == null && !hasError(s)) throw broken;
        }
    }

    private static boolean hasError(ParseTree t) {
        if (t instanceof org.antlr.v4.runtime.tree.ErrorNode) return true;
        if (t instanceof ParserRuleContext p) {
            if (p.exception != null) return true;
            for (int i = 0; i < p.getChildCount(); i++) if (hasError(p.getChild(i))) return true;
        }
        return false;
    }

    /** The simple statements among the children of a stmt or simple_stmts context. */
    private void simpleStmts(ParserRuleContext c, List<Stmt> out) {
        Children children = Children.of(c);
        for (int ci = 0; ci < children.size(); ci++) {
            ParseTree k = children.get(ci);
            if (!(k instanceof Simple_stmtContext s)) continue;
            try {
                out.add(simple(s));
            } catch (RuntimeException broken) {
                if (!src.syntaxErrors && s.exception == null && !hasError(s)) throw broken;
            }
        }
    }

    List<Stmt> block(BlockContext c) {
        NodeList<Stmt> out = new NodeList<>();
        if (c.getChild(0) instanceof Simple_stmtsContext simple) {
            simpleStmts(simple, out);
        } else {
            Children children = Children.of(c);
            for (int ci = 0; ci < children.size(); ci++) {
                ParseTree k = children.get(ci);
                if (k instanceof StmtContext s) statement(s, out);
            }
        }
        return out;
    }

    SourceRange until(Token start, List<Stmt> body, ParserRuleContext fallback) {
        if (body.isEmpty()) return src.range(start, fallback.getStop() == null ? start : fallback.getStop());
        return AstSource.safeSpan(src.range(start), body.get(body.size() - 1).range());
    }

    private Stmt simple(Simple_stmtContext c) {
        ParserRuleContext s = (ParserRuleContext) c.getChild(0);
        SourceRange r = src.range(c);
        // instanceof tests, not a pattern switch: C1 calls a switch's type test through a method handle.
        if (s instanceof TestContext || s instanceof Star_exprContext) return exprStmt(c, r);
        if (s instanceof Return_stmtContext ret) {
            return new Stmt.Return(ret.testlist_star_expr() == null ? null : exprs.testlistStar(ret.testlist_star_expr()), r);
        }
        if (s instanceof Import_fromContext f) return importFrom(f, r);
        if (s instanceof Pass_stmtContext) return new Stmt.Pass(r);
        if (s instanceof Import_nameContext i) {
            NodeList<Alias> names = new NodeList<>();
            for (Dotted_as_nameContext d : i.dotted_as_name()) {
                names.add(new Alias(dotted(d.dotted_name()), d.name() == null ? null : exprs.name(d.name()), src.range(d)));
            }
            return new Stmt.Import(names, r);
        }
        if (s instanceof Raise_stmtContext ra) {
            return new Stmt.Raise(ra.test().isEmpty() ? null : exprs.test(ra.test(0)), ra.test().size() > 1 ? exprs.test(ra.test(1)) : null, r);
        }
        if (s instanceof Assert_stmtContext a) return new Stmt.Assert(exprs.test(a.test(0)), a.test().size() > 1 ? exprs.test(a.test(1)) : null, r);
        if (s instanceof Break_stmtContext) return new Stmt.Break(r);
        if (s instanceof Continue_stmtContext) return new Stmt.Continue(r);
        if (s instanceof Yield_stmtContext y) return new Stmt.ExprStmt(exprs.yieldExpr(y.yield_expr()), r);
        if (s instanceof Del_stmtContext d) {
            NodeList<Expr> targets = new NodeList<>();
            Children children = Children.of(d.exprlist());
            for (int ci = 0; ci < children.size(); ci++) {
                ParseTree k = children.get(ci);
                if (k instanceof ExprContext x) targets.add(exprs.target(exprs.expr(x), Ctx.DEL));
                else if (k instanceof Star_exprContext x) {
                    invalid.deletedStarred(x);
                    targets.add(exprs.starExpr(x));
                }
            }
            return new Stmt.Delete(targets, r);
        }
        if (s instanceof Global_stmtContext g) return new Stmt.Global(names(g.name()), r);
        if (s instanceof Nonlocal_stmtContext g) return new Stmt.Nonlocal(names(g.name()), r);
        if (s instanceof Type_aliasContext t) {
            src.requires(12, t.getStart(), "the type statement");
            Expr.Name n = new Expr.Name(exprs.name(t.name()), Ctx.STORE, src.range(t.name()));
            return new Stmt.TypeAlias(n, typeParams(t.type_params()), exprs.test(t.test()), r);
        }
        throw new IllegalStateException("unknown statement " + s.getClass().getSimpleName());
    }

    private Stmt importFrom(Import_fromContext f, SourceRange r) {
        int level = 0;
        Children children = Children.of(f);
        for (int ci = 0; ci < children.size(); ci++) {
            ParseTree k = children.get(ci);
            if (k instanceof TerminalNode t) {
                int type = t.getSymbol().getType();
                if (type == PythonLexer.DOT) level++;
                else if (type == PythonLexer.ELLIPSIS) level += 3;
            }
        }
        String module = f.dotted_name() == null ? null : dotted(f.dotted_name());
        NodeList<Alias> names = new NodeList<>();
        Import_targetsContext t = f.import_targets();
        if (t.STAR() != null) {
            names.add(new Alias("*", null, src.range(t.STAR().getSymbol())));
        } else {
            for (Import_as_nameContext a : t.import_as_name()) {
                names.add(new Alias(exprs.name(a.name(0)), a.name().size() > 1 ? exprs.name(a.name(1)) : null, src.range(a)));
            }
        }
        return new Stmt.ImportFrom(module, names, level, r);
    }

    private String dotted(Dotted_nameContext d) {
        if (d.name().size() == 1) return exprs.name(d.name(0));
        StringBuilder sb = new StringBuilder();
        for (NameContext n : d.name()) {
            if (!sb.isEmpty()) sb.append('.');
            sb.append(exprs.name(n));
        }
        return sb.toString();
    }

    private List<String> names(List<NameContext> ns) {
        NodeList<String> out = new NodeList<>(ns.size());
        for (NameContext n : ns) out.add(exprs.name(n));
        return out;
    }

    /** An expression statement or assignment: lists of expressions (written out, see the grammar) and what follows the first. */
    private Stmt exprStmt(Simple_stmtContext c, SourceRange r) {
        Children kids = Children.of(c);
        int n = kids.size();
        int end = ExprBuilder.listEnd(kids, 0);
        Expr first = exprs.testlistStar(kids, 0, end);
        if (end == n) return new Stmt.ExprStmt(first, r);
        ParseTree second = kids.get(end);
        if (second instanceof AnnassignContext a) {
            boolean simple = first instanceof Expr.Name && !src.parenthesized.contains(first);
            invalid.annotationTarget(first);
            Expr t = singleTarget(first);
            Expr value = a.yield_expr() != null ? exprs.yieldExpr(a.yield_expr())
                    : a.testlist_star_expr() != null ? exprs.testlistStar(a.testlist_star_expr()) : null;
            return new Stmt.AnnAssign(t, exprs.test(a.test()), value, simple, r);
        }
        if (second instanceof AugassignContext aug) {
            invalid.augmentedTarget(first);
            Expr t = singleTarget(first);
            String op = aug.getText();
            Expr value = c.yield_expr().isEmpty() ? exprs.testlistStar(c.testlist_star_expr()) : exprs.yieldExpr(c.yield_expr(0));
            return new Stmt.AugAssign(t, op.substring(0, op.length() - 1), value, r);
        }
        // a = b = value: every part but the last is a target.
        NodeList<Expr> parts = new NodeList<>();
        parts.add(first);
        for (int i = end; i < n; ) {
            ParseTree k = kids.get(i);
            if (k instanceof Yield_exprContext y) {
                parts.add(exprs.yieldExpr(y));
                i++;
            } else if (ExprBuilder.isListItem(k)) {
                int to = ExprBuilder.listEnd(kids, i);
                parts.add(exprs.testlistStar(kids, i, to));
                i = to;
            } else {
                i++;
            }
        }
        NodeList<Expr> targets = new NodeList<>();
        for (int i = 0; i < parts.size() - 1; i++) targets.add(exprs.target(parts.get(i), Ctx.STORE));
        return new Stmt.Assign(targets, parts.get(parts.size() - 1), r);
    }

    /** The target of an annotated or augmented assignment in STORE context; anything else as it is. */
    private Expr singleTarget(Expr first) {
        return InvalidSyntax.isSingleTarget(first) ? exprs.target(first, Ctx.STORE) : first;
    }

    // instanceof tests, not a pattern switch: C1 calls a switch's type test through a method handle.
    private Stmt compound(ParserRuleContext s) {
        if (s instanceof FuncdefContext f) return funcdef(f, List.of(), false, f.getStart());
        if (s instanceof If_stmtContext i) return ifStmt(i);
        if (s instanceof ClassdefContext k) return classdef(k, List.of());
        if (s instanceof DecoratedContext d) return decorated(d);
        if (s instanceof For_stmtContext f) return forStmt(f, false, f.getStart());
        if (s instanceof Try_stmtContext t) return tryStmt(t);
        if (s instanceof With_stmtContext w) return withStmt(w, false, w.getStart());
        if (s instanceof While_stmtContext w) {
            List<Stmt> body = block(w.block());
            List<Stmt> orelse = w.else_clause() == null ? List.of() : block(w.else_clause().block());
            return new Stmt.While(exprs.namedTest(w.namedexpr_test()), body, orelse,
                    until(w.getStart(), orelse.isEmpty() ? body : orelse, w));
        }
        if (s instanceof Async_stmtContext a) {
            Token start = a.getStart();
            if (a.funcdef() != null) return funcdef(a.funcdef(), List.of(), true, start);
            if (a.with_stmt() != null) return withStmt(a.with_stmt(), true, start);
            return forStmt(a.for_stmt(), true, start);
        }
        if (s instanceof Match_stmtContext m) return patterns.matchStmt(m);
        throw new IllegalStateException("unknown statement " + s.getClass().getSimpleName());
    }

    private Stmt ifStmt(If_stmtContext c) {
        List<Stmt> orelse = c.else_clause() == null ? List.of() : block(c.else_clause().block());
        List<Elif_clauseContext> elifs = c.elif_clause();
        for (int i = elifs.size() - 1; i >= 0; i--) {
            Elif_clauseContext e = elifs.get(i);
            List<Stmt> body = block(e.block());
            SourceRange r = until(e.getStart(), orelse.isEmpty() ? body : orelse, e);
            orelse = List.of(new Stmt.If(exprs.namedTest(e.namedexpr_test()), body, orelse, r));
        }
        List<Stmt> body = block(c.block());
        return new Stmt.If(exprs.namedTest(c.namedexpr_test()), body, orelse, until(c.getStart(), orelse.isEmpty() ? body : orelse, c));
    }

    private Stmt forStmt(For_stmtContext f, boolean isAsync, Token start) {
        Expr t = exprs.target(exprs.exprlist(f.exprlist()), Ctx.STORE);
        Expr iter = exprs.testlistStar(f.testlist_star_expr());
        if (iter instanceof Expr.Tuple tu && !src.parenthesized.contains(tu)) {
            List<Expr> elts = tu.elts();
            for (int ei = 0; ei < elts.size(); ei++) {
                Expr e = elts.get(ei);
                if (e instanceof Expr.Starred) src.requires(9, e.range(), "unparenthesized starred iterables in 'for'");
            }
        }
        invalid.starredHere(iter);
        List<Stmt> body = block(f.block());
        List<Stmt> orelse = f.else_clause() == null ? List.of() : block(f.else_clause().block());
        return new Stmt.For(t, iter, body, orelse, isAsync, until(start, orelse.isEmpty() ? body : orelse, f));
    }

    private Stmt tryStmt(Try_stmtContext c) {
        List<Stmt> body = block(c.block());
        NodeList<ExceptHandler> handlers = new NodeList<>();
        boolean star = false;
        for (Except_clauseContext e : c.except_clause()) {
            if (e.STAR() != null) {
                star = true;
                src.requires(11, e.getStart(), "except*");
            }
            Expr type = null;
            List<TestContext> tests = e.test();
            if (!tests.isEmpty()) {
                if (tests.size() == 1 && e.COMMA().isEmpty()) {
                    type = exprs.test(tests.get(0));
                } else {
                    NodeList<Expr> elts = new NodeList<>();
                    for (TestContext t : tests) elts.add(exprs.test(t));
                    type = new Expr.Tuple(elts, Ctx.LOAD, AstSource.safeSpan(elts.get(0).range(), elts.get(elts.size() - 1).range()));
                    invalid.exceptTypesWithName(e);
                    if (e.AS() == null) {
                        src.requires(14, tests.get(0).getStart(), "unparenthesized 'except A, B:'",
                                "multiple exception types must be parenthesized"
                                + " (unparenthesized 'except A, B:' requires Python 3.14, target is " + src.target + ")");
                    }
                }
            }
            invalid.exceptStarTypes(e);
            List<Stmt> hbody = block(e.block());
            handlers.add(new ExceptHandler(type, e.name() == null ? null : exprs.name(e.name()), hbody, until(e.getStart(), hbody, e)));
        }
        invalid.exceptKinds(c);
        List<Stmt> orelse = c.else_clause() == null ? List.of() : block(c.else_clause().block());
        List<Stmt> finalbody = c.finally_clause() == null ? List.of() : block(c.finally_clause().block());
        List<Stmt> last = !finalbody.isEmpty() ? finalbody : !orelse.isEmpty() ? orelse
                : !handlers.isEmpty() ? handlers.get(handlers.size() - 1).body() : body;
        SourceRange r = until(c.getStart(), last, c);
        if (!handlers.isEmpty() && finalbody.isEmpty() && orelse.isEmpty()) {
            r = AstSource.safeSpan(src.range(c.getStart()), handlers.get(handlers.size() - 1).range());
        }
        return new Stmt.Try(body, handlers, orelse, finalbody, star, r);
    }

    private Stmt withStmt(With_stmtContext w, boolean isAsync, Token start) {
        NodeList<WithItem> items = new NodeList<>();
        boolean parens = w.LPAR() != null;
        for (With_itemContext i : w.with_item()) {
            Expr ctx = exprs.test(i.test());
            Expr vars = null;
            if (i.star_target_expr() != null) {
                Star_target_exprContext s = i.star_target_expr();
                vars = exprs.target(s.expr() != null ? exprs.expr(s.expr()) : exprs.starExpr(s.star_expr()), Ctx.STORE);
                if (parens) src.requires(9, w.LPAR().getSymbol(), "parenthesized context managers");
            }
            items.add(new WithItem(ctx, vars, src.range(i)));
        }
        List<Stmt> body = block(w.block());
        return new Stmt.With(items, body, isAsync, until(start, body, w));
    }

    private List<Expr> decorators(List<DecoratorContext> ds) {
        NodeList<Expr> out = new NodeList<>();
        for (DecoratorContext d : ds) {
            Expr e = exprs.namedTest(d.namedexpr_test());
            if (!isDottedCall(e)) {
                src.requires(9, e.range(), "a decorator that is not a dotted name with optional call");
            }
            out.add(e);
        }
        return out;
    }

    private static boolean isDottedCall(Expr e) {
        if (e instanceof Expr.Call c) e = c.func();
        while (e instanceof Expr.Attribute a) e = a.value();
        return e instanceof Expr.Name;
    }

    private Stmt decorated(DecoratedContext d) {
        List<Expr> decos = decorators(d.decorator());
        if (d.classdef() != null) return classdef(d.classdef(), decos);
        if (d.funcdef() != null) return funcdef(d.funcdef(), decos, false, d.funcdef().getStart());
        Async_funcdefContext a = d.async_funcdef();
        return funcdef(a.funcdef(), decos, true, a.getStart());
    }

    private Stmt funcdef(FuncdefContext f, List<Expr> decos, boolean isAsync, Token start) {
        // DEF name type_params? LPAR parameters? RPAR (RARROW test)? COLON block, read in one pass.
        NameContext name = null;
        Type_paramsContext typeParams = null;
        ParametersContext parameters = null;
        Token open = null;
        TestContext returns = null;
        BlockContext block = null;
        Children children = Children.of(f);
        for (int ci = 0; ci < children.size(); ci++) {
            ParseTree k = children.get(ci);
            // instanceof tests, not a pattern switch: C1 calls a switch's type test through a method handle.
            if (k instanceof NameContext n) name = n;
            else if (k instanceof Type_paramsContext t) typeParams = t;
            else if (k instanceof ParametersContext p) parameters = p;
            else if (k instanceof TestContext t) returns = t;
            else if (k instanceof BlockContext b) block = b;
            else if (ChildTokens.tokenType(k) == PythonLexer.LPAR) open = ChildTokens.startToken(k);
        }
        List<TypeParam> tps = typeParams(typeParams);
        Arguments args = parameters(parameters, open);
        Expr returnsExpr = returns == null ? null : exprs.test(returns);
        List<Stmt> body = block(block);
        return new Stmt.FunctionDef(exprs.name(name), src.range(name), tps, args, body, decos, returnsExpr, isAsync,
                until(start, body, f));
    }

    private Stmt classdef(ClassdefContext c, List<Expr> decos) {
        List<TypeParam> tps = typeParams(c.type_params());
        NodeList<Expr> bases = new NodeList<>();
        NodeList<Keyword> keywords = new NodeList<>();
        if (c.arglist() != null) {
            exprs.arguments(c.arglist(), bases, keywords);
            invalid.classBases(c.arglist());
        }
        List<Stmt> body = block(c.block());
        return new Stmt.ClassDef(exprs.name(c.name()), src.range(c.name()), tps, bases, keywords, body, decos, until(c.getStart(), body, c));
    }

    private List<TypeParam> typeParams(Type_paramsContext c) {
        if (c == null) return List.of();
        src.requires(12, c.getStart(), "type parameter lists");
        NodeList<TypeParam> out = new NodeList<>();
        for (Type_paramContext p : c.type_param()) {
            String n = exprs.name(p.name());
            TypeParam.Kind kind = p.STAR() != null ? TypeParam.Kind.TYPE_VAR_TUPLE
                    : p.DOUBLESTAR() != null ? TypeParam.Kind.PARAM_SPEC : TypeParam.Kind.TYPE_VAR;
            Expr bound = null;
            Expr dflt = null;
            if (p.COLON() != null) bound = exprs.test(p.test(0));
            if (p.EQUAL() != null) {
                src.requires(13, p.EQUAL().getSymbol(), "type parameter defaults");
                if (p.star_expr() != null) dflt = exprs.starExpr(p.star_expr());
                else dflt = exprs.test(p.test(p.test().size() - 1));
            }
            out.add(new TypeParam(kind, n, bound, dflt, src.range(p)));
        }
        return out;
    }

    // ---------------------------------------------------------------- parameters

    /** One parameter as written, before it is sorted into {@link Arguments}. */
    record RawParam(Token at, int kind, Arg arg, Expr dflt) {
        static final int PLAIN = 0, SLASH = 1, STAR = 2, DOUBLE_STAR = 3;
    }

    private Arguments parameters(ParametersContext c, Token open) {
        if (c == null) return Arguments.empty(src.range(open));
        NodeList<RawParam> raw = new NodeList<>();
        for (ParamContext p : c.param()) {
            if (p.SLASH() != null) {
                raw.add(new RawParam(p.getStart(), RawParam.SLASH, null, null));
            } else if (p.STAR() != null) {
                Arg a = null;
                if (p.name() != null) {
                    Expr ann = null;
                    if (p.star_expr() != null) {
                        src.requires(11, p.star_expr().getStart(), "a starred annotation of *args");
                        ann = exprs.starExpr(p.star_expr());
                    } else if (!p.test().isEmpty()) {
                        ann = exprs.test(p.test(0));
                    }
                    a = new Arg(exprs.name(p.name()), ann, src.range(p.name().getStart(), p.getStop()));
                }
                raw.add(new RawParam(p.getStart(), RawParam.STAR, a, null));
            } else {
                int kind = p.DOUBLESTAR() != null ? RawParam.DOUBLE_STAR : RawParam.PLAIN;
                Expr ann = p.COLON() != null ? exprs.test(p.test(0)) : null;
                Expr dflt = p.EQUAL() != null ? exprs.test(p.test(p.test().size() - 1)) : null;
                Token annEnd = p.COLON() != null ? p.test(0).getStop() : p.name().getStop();
                raw.add(new RawParam(p.getStart(), kind, new Arg(exprs.name(p.name()), ann, src.range(p.name().getStart(), annEnd)), dflt));
            }
        }
        return sortParameters(raw, src.range(c));
    }

    Arguments lambdaParameters(Lambda_paramsContext c, Token at) {
        if (c == null) return Arguments.empty(src.range(at));
        NodeList<RawParam> raw = new NodeList<>();
        for (Lambda_paramContext p : c.lambda_param()) {
            if (p.SLASH() != null) {
                raw.add(new RawParam(p.getStart(), RawParam.SLASH, null, null));
            } else if (p.STAR() != null) {
                Arg a = p.name() == null ? null : new Arg(exprs.name(p.name()), null, src.range(p.name()));
                raw.add(new RawParam(p.getStart(), RawParam.STAR, a, null));
            } else {
                int kind = p.DOUBLESTAR() != null ? RawParam.DOUBLE_STAR : RawParam.PLAIN;
                raw.add(new RawParam(p.getStart(), kind, new Arg(exprs.name(p.name()), null, src.range(p.name())),
                        p.test() == null ? null : exprs.test(p.test())));
            }
        }
        return sortParameters(raw, src.range(c));
    }

    /** Sorts parameters into posonly / args / kwonly, once {@link InvalidSyntax#parameters} has checked their order. */
    private Arguments sortParameters(List<RawParam> raw, SourceRange r) {
        invalid.parameters(raw);
        NodeList<Arg> posonly = new NodeList<>();
        NodeList<Arg> args = new NodeList<>();
        NodeList<Arg> kwonly = new NodeList<>();
        NodeList<Expr> kwDefaults = new NodeList<>();
        NodeList<Expr> defaults = new NodeList<>();
        Arg vararg = null;
        Arg kwarg = null;
        boolean star = false;
        for (RawParam p : raw) {
            if (kwarg != null) break; // reported: nothing may follow **kwargs
            switch (p.kind()) {
                case RawParam.SLASH -> {
                    posonly.addAll(args);
                    args.clear();
                }
                case RawParam.STAR -> {
                    star = true;
                    if (p.arg() != null) vararg = p.arg();
                }
                case RawParam.DOUBLE_STAR -> kwarg = p.arg();
                default -> {
                    if (star) {
                        kwonly.add(p.arg());
                        kwDefaults.add(p.dflt());
                    } else {
                        if (p.dflt() != null) defaults.add(p.dflt());
                        args.add(p.arg());
                    }
                }
            }
        }
        return new Arguments(posonly, args, vararg, kwonly, kwDefaults, kwarg, defaults, r);
    }
}
