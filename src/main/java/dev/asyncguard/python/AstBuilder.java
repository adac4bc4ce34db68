package dev.asyncguard.python;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Maps the parse tree to our AST, with source ranges and LOAD/STORE/DEL contexts. It also reports
 * what CPython's parser rejects beyond the grammar (its invalid_* rules): bad assignment targets,
 * argument and parameter order, and syntax newer than the target version.
 */
final class AstBuilder {
    private final SourceText source;
    private final PythonVersion target;
    private final List<SyntaxDiagnostic> diagnostics;
    /** Every construct that needs a newer Python than the oldest we know, whatever the target. */
    private final List<VersionedSyntax> versioned = new ArrayList<>();
    /**
     * Whether the lexer or parser reported errors before the tree was built. ANTLR's recovery can
     * leave a token out of the tree without marking it (a missing token of an inline token set),
     * so then a statement that cannot be built is dropped even where no error node shows why.
     */
    private final boolean syntaxErrors;
    /** Expressions written inside parentheses; CPython's ast does not record this, some checks need it. */
    private final Set<Expr> parenthesized = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Quote characters of the f-strings we are inside, for the pre-3.12 quote reuse check. */
    private final StringBuilder fstringQuotes = new StringBuilder();
    private final boolean hasSupplementary;

    AstBuilder(SourceText source, PythonVersion target, List<SyntaxDiagnostic> diagnostics) {
        this.source = source;
        this.hasSupplementary = source.hasSupplementary();
        this.target = target;
        this.diagnostics = diagnostics;
        this.syntaxErrors = !diagnostics.isEmpty();
    }

    // ---------------------------------------------------------------- positions

    private int col(int line, int cpColumn) {
        // The common case inline: without supplementary characters, code points are UTF-16 units.
        return hasSupplementary ? source.utf16Column(line, cpColumn) : cpColumn;
    }

    private SourceRange range(Token start, Token stop) {
        int line = start.getLine();
        int column = col(line, start.getCharPositionInLine());
        int endLine;
        int endColumn;
        if (stop.getStopIndex() < stop.getStartIndex()) {
            endLine = stop.getLine();
            endColumn = col(endLine, stop.getCharPositionInLine());
        } else if (stop.getType() != PythonLexer.STRING && stop.getType() != PythonLexer.FSTRING_MIDDLE) {
            // Only string tokens span lines; other tokens end where their length says.
            endLine = stop.getLine();
            endColumn = col(endLine, stop.getCharPositionInLine() + stop.getStopIndex() - stop.getStartIndex() + 1);
        } else if (!hasSupplementary) {
            // A string token may span lines: where it ends, from the line index
            // (code point and UTF-16 offsets agree here), without building the token's text.
            int after = stop.getStopIndex() + 1; // a middle part of an f-string may end in a line end
            endLine = source.lineOf(after);
            endColumn = after - source.lineStart(endLine);
        } else {
            String text = stop.getText();
            int nl = text.lastIndexOf('\n');
            endLine = stop.getLine();
            if (nl < 0) {
                endColumn = col(endLine, stop.getCharPositionInLine()) + text.length();
            } else {
                for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') endLine++;
                endColumn = text.length() - nl - 1;
            }
        }
        if (endLine < line || (endLine == line && endColumn < column)) return new SourceRange(line, column, line, column);
        return new SourceRange(line, column, endLine, endColumn);
    }

    private SourceRange range(ParserRuleContext c) {
        return range(c.getStart(), c.getStop() == null ? c.getStart() : c.getStop());
    }

    private SourceRange range(Token t) {
        return range(t, t);
    }

    private static SourceRange safeSpan(SourceRange a, SourceRange b) {
        if (b.endLine() < a.startLine() || (b.endLine() == a.startLine() && b.endColumn() < a.startColumn())) return a;
        return new SourceRange(a.startLine(), a.startColumn(), b.endLine(), b.endColumn());
    }

    private void error(Token t, String message) {
        diagnostics.add(new SyntaxDiagnostic(t.getLine(), col(t.getLine(), t.getCharPositionInLine()), message));
    }

    private void error(SourceRange r, String message) {
        diagnostics.add(new SyntaxDiagnostic(r.startLine(), r.startColumn(), message));
    }

    /** The constructs of the file that need a newer Python than {@link PythonVersion#OLDEST}, in source order. */
    List<VersionedSyntax> versionedSyntax() {
        return versioned;
    }

    private void requires(int minor, Token at, String what) {
        requires(minor, at.getLine(), col(at.getLine(), at.getCharPositionInLine()), what,
                what + " requires Python 3." + minor + " or newer (target is " + target + ")");
    }

    private void requires(int minor, SourceRange at, String what) {
        requires(minor, at.startLine(), at.startColumn(), what,
                what + " requires Python 3." + minor + " or newer (target is " + target + ")");
    }

    /**
     * Records a construct that needs 3.{@code minor}; it is a syntax error ({@code whenOlder}) only
     * when the parser's target is older. The analysis parses with the newest grammar and reports
     * such constructs against the project's declared Python instead (AG002).
     */
    private void requires(int minor, int line, int column, String what, String whenOlder) {
        versioned.add(new VersionedSyntax(line, column, PythonVersion.of(3, minor), what));
        if (!target.atLeast(minor)) diagnostics.add(new SyntaxDiagnostic(line, column, whenOlder));
    }

    // ---------------------------------------------------------------- module and statements

    Module module(File_inputContext c) {
        List<Stmt> body = new ArrayList<>();
        for (ParseTree k : c.children) if (k instanceof StmtContext s) statement(s, body);
        SourceRange r = body.isEmpty() ? new SourceRange(1, 0, 1, 0) : safeSpan(body.get(0).range(), body.get(body.size() - 1).range());
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
            if (!syntaxErrors && s.exception == null && !hasError(s)) throw broken;
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
        for (ParseTree k : c.children) {
            if (!(k instanceof Simple_stmtContext s)) continue;
            try {
                out.add(simple(s));
            } catch (RuntimeException broken) {
                if (!syntaxErrors && s.exception == null && !hasError(s)) throw broken;
            }
        }
    }

    private List<Stmt> block(BlockContext c) {
        List<Stmt> out = new ArrayList<>();
        if (c.getChild(0) instanceof Simple_stmtsContext simple) {
            simpleStmts(simple, out);
        } else {
            for (ParseTree k : c.children) if (k instanceof StmtContext s) statement(s, out);
        }
        return out;
    }

    private SourceRange until(Token start, List<Stmt> body, ParserRuleContext fallback) {
        if (body.isEmpty()) return range(start, fallback.getStop() == null ? start : fallback.getStop());
        return safeSpan(range(start), body.get(body.size() - 1).range());
    }

    private Stmt simple(Simple_stmtContext c) {
        ParserRuleContext s = (ParserRuleContext) c.getChild(0);
        SourceRange r = range(c);
        return switch (s) {
            case Testlist_star_exprContext e -> exprStmt(c, r);
            case Type_aliasContext t -> {
                requires(12, t.getStart(), "the type statement");
                Expr.Name n = new Expr.Name(name(t.name()), Ctx.STORE, range(t.name()));
                yield new Stmt.TypeAlias(n, typeParams(t.type_params()), test(t.test()), r);
            }
            case Del_stmtContext d -> {
                List<Expr> targets = new ArrayList<>();
                for (ParseTree k : d.exprlist().children) {
                    if (k instanceof ExprContext x) targets.add(target(expr(x), Ctx.DEL));
                    else if (k instanceof Star_exprContext x) {
                        error(x.getStart(), "cannot delete starred");
                        targets.add(starExpr(x));
                    }
                }
                yield new Stmt.Delete(targets, r);
            }
            case Pass_stmtContext p -> new Stmt.Pass(r);
            case Break_stmtContext b -> new Stmt.Break(r);
            case Continue_stmtContext b -> new Stmt.Continue(r);
            case Return_stmtContext ret -> new Stmt.Return(
                    ret.testlist_star_expr() == null ? null : testlistStar(ret.testlist_star_expr()), r);
            case Raise_stmtContext ra -> new Stmt.Raise(
                    ra.test().isEmpty() ? null : test(ra.test(0)), ra.test().size() > 1 ? test(ra.test(1)) : null, r);
            case Global_stmtContext g -> new Stmt.Global(names(g.name()), r);
            case Nonlocal_stmtContext g -> new Stmt.Nonlocal(names(g.name()), r);
            case Assert_stmtContext a -> new Stmt.Assert(test(a.test(0)), a.test().size() > 1 ? test(a.test(1)) : null, r);
            case Import_nameContext i -> {
                List<Alias> names = new ArrayList<>();
                for (Dotted_as_nameContext d : i.dotted_as_name()) {
                    names.add(new Alias(dotted(d.dotted_name()), d.name() == null ? null : name(d.name()), range(d)));
                }
                yield new Stmt.Import(names, r);
            }
            case Import_fromContext f -> importFrom(f, r);
            case Yield_stmtContext y -> new Stmt.ExprStmt(yieldExpr(y.yield_expr()), r);
            default -> throw new IllegalStateException("unknown statement " + s.getClass().getSimpleName());
        };
    }

    private Stmt importFrom(Import_fromContext f, SourceRange r) {
        int level = 0;
        for (ParseTree k : f.children) {
            if (k instanceof TerminalNode t) {
                int type = t.getSymbol().getType();
                if (type == PythonLexer.DOT) level++;
                else if (type == PythonLexer.ELLIPSIS) level += 3;
            }
        }
        String module = f.dotted_name() == null ? null : dotted(f.dotted_name());
        List<Alias> names = new ArrayList<>();
        Import_targetsContext t = f.import_targets();
        if (t.STAR() != null) {
            names.add(new Alias("*", null, range(t.STAR().getSymbol())));
        } else {
            for (Import_as_nameContext a : t.import_as_name()) {
                names.add(new Alias(name(a.name(0)), a.name().size() > 1 ? name(a.name(1)) : null, range(a)));
            }
        }
        return new Stmt.ImportFrom(module, names, level, r);
    }

    private String dotted(Dotted_nameContext d) {
        if (d.name().size() == 1) return name(d.name(0));
        StringBuilder sb = new StringBuilder();
        for (NameContext n : d.name()) {
            if (!sb.isEmpty()) sb.append('.');
            sb.append(name(n));
        }
        return sb.toString();
    }

    private List<String> names(List<NameContext> ns) {
        List<String> out = new ArrayList<>(ns.size());
        for (NameContext n : ns) out.add(name(n));
        return out;
    }

    private Stmt exprStmt(Simple_stmtContext c, SourceRange r) {
        Expr first = testlistStar((Testlist_star_exprContext) c.getChild(0));
        if (c.getChildCount() == 1) return new Stmt.ExprStmt(first, r);
        ParseTree second = c.getChild(1);
        if (second instanceof AnnassignContext a) {
            boolean simple = first instanceof Expr.Name && !parenthesized.contains(first);
            Expr t = switch (first) {
                case Expr.Name n -> target(n, Ctx.STORE);
                case Expr.Attribute at -> target(at, Ctx.STORE);
                case Expr.Subscript sb -> target(sb, Ctx.STORE);
                case Expr.Tuple tu -> {
                    error(tu.range(), "only single target (not tuple) can be annotated");
                    yield tu;
                }
                case Expr.ListExpr l -> {
                    error(l.range(), "only single target (not list) can be annotated");
                    yield l;
                }
                default -> {
                    error(first.range(), "illegal target for annotation");
                    yield first;
                }
            };
            Expr value = a.yield_expr() != null ? yieldExpr(a.yield_expr())
                    : a.testlist_star_expr() != null ? testlistStar(a.testlist_star_expr()) : null;
            return new Stmt.AnnAssign(t, test(a.test()), value, simple, r);
        }
        if (second instanceof AugassignContext aug) {
            Expr t = switch (first) {
                case Expr.Name n -> target(n, Ctx.STORE);
                case Expr.Attribute at -> target(at, Ctx.STORE);
                case Expr.Subscript sb -> target(sb, Ctx.STORE);
                default -> {
                    error(first.range(), "'" + describe(first) + "' is an illegal expression for augmented assignment");
                    yield first;
                }
            };
            String op = aug.getText();
            Expr value = c.yield_expr().isEmpty() ? testlistStar(c.testlist_star_expr(1)) : yieldExpr(c.yield_expr(0));
            return new Stmt.AugAssign(t, op.substring(0, op.length() - 1), value, r);
        }
        // a = b = value: every part but the last is a target.
        List<Expr> parts = new ArrayList<>();
        for (ParseTree k : c.children) {
            if (k instanceof Testlist_star_exprContext t) parts.add(t == c.getChild(0) ? first : testlistStar(t));
            else if (k instanceof Yield_exprContext y) parts.add(yieldExpr(y));
        }
        List<Expr> targets = new ArrayList<>();
        for (int i = 0; i < parts.size() - 1; i++) targets.add(target(parts.get(i), Ctx.STORE));
        return new Stmt.Assign(targets, parts.get(parts.size() - 1), r);
    }

    private Stmt compound(ParserRuleContext s) {
        return switch (s) {
            case If_stmtContext i -> ifStmt(i);
            case While_stmtContext w -> {
                List<Stmt> body = block(w.block());
                List<Stmt> orelse = w.else_clause() == null ? List.of() : block(w.else_clause().block());
                yield new Stmt.While(namedTest(w.namedexpr_test()), body, orelse,
                        until(w.getStart(), orelse.isEmpty() ? body : orelse, w));
            }
            case For_stmtContext f -> forStmt(f, false, f.getStart());
            case Try_stmtContext t -> tryStmt(t);
            case With_stmtContext w -> withStmt(w, false, w.getStart());
            case FuncdefContext f -> funcdef(f, List.of(), false, f.getStart());
            case ClassdefContext k -> classdef(k, List.of());
            case DecoratedContext d -> decorated(d);
            case Async_stmtContext a -> {
                Token start = a.getStart();
                if (a.funcdef() != null) yield funcdef(a.funcdef(), List.of(), true, start);
                if (a.with_stmt() != null) yield withStmt(a.with_stmt(), true, start);
                yield forStmt(a.for_stmt(), true, start);
            }
            case Match_stmtContext m -> matchStmt(m);
            default -> throw new IllegalStateException("unknown statement " + s.getClass().getSimpleName());
        };
    }

    private Stmt ifStmt(If_stmtContext c) {
        List<Stmt> orelse = c.else_clause() == null ? List.of() : block(c.else_clause().block());
        List<Elif_clauseContext> elifs = c.elif_clause();
        for (int i = elifs.size() - 1; i >= 0; i--) {
            Elif_clauseContext e = elifs.get(i);
            List<Stmt> body = block(e.block());
            SourceRange r = until(e.getStart(), orelse.isEmpty() ? body : orelse, e);
            orelse = List.of(new Stmt.If(namedTest(e.namedexpr_test()), body, orelse, r));
        }
        List<Stmt> body = block(c.block());
        return new Stmt.If(namedTest(c.namedexpr_test()), body, orelse, until(c.getStart(), orelse.isEmpty() ? body : orelse, c));
    }

    private Stmt forStmt(For_stmtContext f, boolean isAsync, Token start) {
        Expr t = target(exprlist(f.exprlist()), Ctx.STORE);
        Expr iter = testlistStar(f.testlist_star_expr());
        if (iter instanceof Expr.Tuple tu && !parenthesized.contains(tu)) {
            for (Expr e : tu.elts()) if (e instanceof Expr.Starred) requires(9, e.range(), "unparenthesized starred iterables in 'for'");
        } else if (iter instanceof Expr.Starred st) {
            error(st.range(), "cannot use starred expression here");
        }
        List<Stmt> body = block(f.block());
        List<Stmt> orelse = f.else_clause() == null ? List.of() : block(f.else_clause().block());
        return new Stmt.For(t, iter, body, orelse, isAsync, until(start, orelse.isEmpty() ? body : orelse, f));
    }

    private Stmt tryStmt(Try_stmtContext c) {
        List<Stmt> body = block(c.block());
        List<ExceptHandler> handlers = new ArrayList<>();
        boolean star = false;
        boolean plain = false;
        for (Except_clauseContext e : c.except_clause()) {
            boolean isStar = e.STAR() != null;
            if (isStar) {
                star = true;
                requires(11, e.getStart(), "except*");
            } else {
                plain = true;
            }
            Expr type = null;
            List<TestContext> tests = e.test();
            if (!tests.isEmpty()) {
                if (tests.size() == 1 && e.COMMA().isEmpty()) {
                    type = test(tests.get(0));
                } else {
                    List<Expr> elts = new ArrayList<>();
                    for (TestContext t : tests) elts.add(test(t));
                    type = new Expr.Tuple(elts, Ctx.LOAD, safeSpan(elts.get(0).range(), elts.get(elts.size() - 1).range()));
                    if (e.AS() != null) {
                        error(tests.get(0).getStart(), "multiple exception types must be parenthesized when using 'as'");
                    } else {
                        Token at = tests.get(0).getStart();
                        requires(14, at.getLine(), col(at.getLine(), at.getCharPositionInLine()),
                                "unparenthesized 'except A, B:'", "multiple exception types must be parenthesized"
                                + " (unparenthesized 'except A, B:' requires Python 3.14, target is " + target + ")");
                    }
                }
            } else if (isStar) {
                error(e.getStart(), "expected one or more exception types");
            }
            List<Stmt> hbody = block(e.block());
            handlers.add(new ExceptHandler(type, e.name() == null ? null : name(e.name()), hbody, until(e.getStart(), hbody, e)));
        }
        if (star && plain) error(c.getStart(), "cannot have both 'except' and 'except*' on the same 'try'");
        List<Stmt> orelse = c.else_clause() == null ? List.of() : block(c.else_clause().block());
        List<Stmt> finalbody = c.finally_clause() == null ? List.of() : block(c.finally_clause().block());
        List<Stmt> last = !finalbody.isEmpty() ? finalbody : !orelse.isEmpty() ? orelse
                : !handlers.isEmpty() ? handlers.get(handlers.size() - 1).body() : body;
        SourceRange r = until(c.getStart(), last, c);
        if (!handlers.isEmpty() && finalbody.isEmpty() && orelse.isEmpty()) {
            r = safeSpan(range(c.getStart()), handlers.get(handlers.size() - 1).range());
        }
        return new Stmt.Try(body, handlers, orelse, finalbody, star, r);
    }

    private Stmt withStmt(With_stmtContext w, boolean isAsync, Token start) {
        List<WithItem> items = new ArrayList<>();
        boolean parens = w.LPAR() != null;
        for (With_itemContext i : w.with_item()) {
            Expr ctx = test(i.test());
            Expr vars = null;
            if (i.star_target_expr() != null) {
                Star_target_exprContext s = i.star_target_expr();
                vars = target(s.expr() != null ? expr(s.expr()) : starExpr(s.star_expr()), Ctx.STORE);
                if (parens) requires(9, w.LPAR().getSymbol(), "parenthesized context managers");
            }
            items.add(new WithItem(ctx, vars, range(i)));
        }
        List<Stmt> body = block(w.block());
        return new Stmt.With(items, body, isAsync, until(start, body, w));
    }

    private List<Expr> decorators(List<DecoratorContext> ds) {
        List<Expr> out = new ArrayList<>();
        for (DecoratorContext d : ds) {
            Expr e = namedTest(d.namedexpr_test());
            if (!isDottedCall(e)) {
                requires(9, e.range(), "a decorator that is not a dotted name with optional call");
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
        for (ParseTree k : f.children) {
            switch (k) {
                case NameContext n -> name = n;
                case Type_paramsContext t -> typeParams = t;
                case ParametersContext p -> parameters = p;
                case TestContext t -> returns = t;
                case BlockContext b -> block = b;
                case TerminalNode t when t.getSymbol().getType() == PythonLexer.LPAR -> open = t.getSymbol();
                default -> { }
            }
        }
        List<TypeParam> tps = typeParams(typeParams);
        Arguments args = parameters(parameters, open);
        Expr returnsExpr = returns == null ? null : test(returns);
        List<Stmt> body = block(block);
        return new Stmt.FunctionDef(name(name), range(name), tps, args, body, decos, returnsExpr, isAsync,
                until(start, body, f));
    }

    private Stmt classdef(ClassdefContext c, List<Expr> decos) {
        List<TypeParam> tps = typeParams(c.type_params());
        List<Expr> bases = new ArrayList<>();
        List<Keyword> keywords = new ArrayList<>();
        if (c.arglist() != null) {
            arguments(c.arglist(), bases, keywords);
            for (ArgumentContext a : c.arglist().argument()) {
                if (a.comp_for() != null) error(a.getStart(), "invalid syntax: a class cannot take a generator expression as base");
            }
        }
        List<Stmt> body = block(c.block());
        return new Stmt.ClassDef(name(c.name()), range(c.name()), tps, bases, keywords, body, decos, until(c.getStart(), body, c));
    }

    private List<TypeParam> typeParams(Type_paramsContext c) {
        if (c == null) return List.of();
        requires(12, c.getStart(), "type parameter lists");
        List<TypeParam> out = new ArrayList<>();
        for (Type_paramContext p : c.type_param()) {
            String n = name(p.name());
            TypeParam.Kind kind = p.STAR() != null ? TypeParam.Kind.TYPE_VAR_TUPLE
                    : p.DOUBLESTAR() != null ? TypeParam.Kind.PARAM_SPEC : TypeParam.Kind.TYPE_VAR;
            Expr bound = null;
            Expr dflt = null;
            if (p.COLON() != null) bound = test(p.test(0));
            if (p.EQUAL() != null) {
                requires(13, p.EQUAL().getSymbol(), "type parameter defaults");
                if (p.star_expr() != null) dflt = starExpr(p.star_expr());
                else dflt = test(p.test(p.test().size() - 1));
            }
            out.add(new TypeParam(kind, n, bound, dflt, range(p)));
        }
        return out;
    }

    // ---------------------------------------------------------------- parameters

    /** One parameter as written, before it is sorted into {@link Arguments}. */
    private record RawParam(Token at, int kind, Arg arg, Expr dflt) {
        static final int PLAIN = 0, SLASH = 1, STAR = 2, DOUBLE_STAR = 3;
    }

    private Arguments parameters(ParametersContext c, Token open) {
        if (c == null) return Arguments.empty(range(open));
        List<RawParam> raw = new ArrayList<>();
        for (ParamContext p : c.param()) {
            if (p.SLASH() != null) {
                raw.add(new RawParam(p.getStart(), RawParam.SLASH, null, null));
            } else if (p.STAR() != null) {
                Arg a = null;
                if (p.name() != null) {
                    Expr ann = null;
                    if (p.star_expr() != null) {
                        requires(11, p.star_expr().getStart(), "a starred annotation of *args");
                        ann = starExpr(p.star_expr());
                    } else if (!p.test().isEmpty()) {
                        ann = test(p.test(0));
                    }
                    a = new Arg(name(p.name()), ann, range(p.name().getStart(), p.getStop()));
                }
                raw.add(new RawParam(p.getStart(), RawParam.STAR, a, null));
            } else {
                int kind = p.DOUBLESTAR() != null ? RawParam.DOUBLE_STAR : RawParam.PLAIN;
                Expr ann = p.COLON() != null ? test(p.test(0)) : null;
                Expr dflt = p.EQUAL() != null ? test(p.test(p.test().size() - 1)) : null;
                Token annEnd = p.COLON() != null ? p.test(0).getStop() : p.name().getStop();
                raw.add(new RawParam(p.getStart(), kind, new Arg(name(p.name()), ann, range(p.name().getStart(), annEnd)), dflt));
            }
        }
        return sortParameters(raw, range(c));
    }

    private Arguments lambdaParameters(Lambda_paramsContext c, Token at) {
        if (c == null) return Arguments.empty(range(at));
        List<RawParam> raw = new ArrayList<>();
        for (Lambda_paramContext p : c.lambda_param()) {
            if (p.SLASH() != null) {
                raw.add(new RawParam(p.getStart(), RawParam.SLASH, null, null));
            } else if (p.STAR() != null) {
                Arg a = p.name() == null ? null : new Arg(name(p.name()), null, range(p.name()));
                raw.add(new RawParam(p.getStart(), RawParam.STAR, a, null));
            } else {
                int kind = p.DOUBLESTAR() != null ? RawParam.DOUBLE_STAR : RawParam.PLAIN;
                raw.add(new RawParam(p.getStart(), kind, new Arg(name(p.name()), null, range(p.name())),
                        p.test() == null ? null : test(p.test())));
            }
        }
        return sortParameters(raw, range(c));
    }

    /** Checks the order of parameters as CPython's parser does and sorts them into posonly / args / kwonly. */
    private Arguments sortParameters(List<RawParam> raw, SourceRange r) {
        List<Arg> posonly = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        List<Arg> kwonly = new ArrayList<>();
        List<Expr> kwDefaults = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        Arg vararg = null;
        Arg kwarg = null;
        boolean slash = false;
        boolean star = false;
        boolean bareStar = false;
        boolean sawDefault = false;
        for (int i = 0; i < raw.size(); i++) {
            RawParam p = raw.get(i);
            if (kwarg != null) {
                error(p.at(), "arguments cannot follow var-keyword argument");
                break;
            }
            switch (p.kind()) {
                case RawParam.SLASH -> {
                    if (slash) error(p.at(), "/ may appear only once");
                    else if (star) error(p.at(), "/ must be ahead of *");
                    else if (args.isEmpty()) error(p.at(), "at least one argument must precede /");
                    slash = true;
                    posonly.addAll(args);
                    args.clear();
                }
                case RawParam.STAR -> {
                    if (star) error(p.at(), "* argument may appear only once");
                    star = true;
                    if (p.arg() == null) {
                        bareStar = true;
                        boolean named = i + 1 < raw.size() && raw.get(i + 1).kind() == RawParam.PLAIN;
                        if (!named) error(p.at(), "named arguments must follow bare *");
                    } else {
                        vararg = p.arg();
                    }
                }
                case RawParam.DOUBLE_STAR -> {
                    if (p.dflt() != null) error(p.at(), "var-keyword argument cannot have default value");
                    kwarg = p.arg();
                }
                default -> {
                    if (star) {
                        kwonly.add(p.arg());
                        kwDefaults.add(p.dflt());
                    } else {
                        if (p.dflt() != null) {
                            sawDefault = true;
                            defaults.add(p.dflt());
                        } else if (sawDefault) {
                            error(p.at(), "parameter without a default follows parameter with a default");
                        }
                        args.add(p.arg());
                    }
                }
            }
        }
        return new Arguments(posonly, args, vararg, kwonly, kwDefaults, kwarg, defaults, r);
    }

    // ---------------------------------------------------------------- match

    private Stmt matchStmt(Match_stmtContext m) {
        requires(10, m.getStart(), "the match statement");
        Subject_exprContext s = m.subject_expr();
        Expr subject;
        if (s.COMMA().isEmpty()) {
            subject = namedTest(s.namedexpr_test());
        } else {
            List<Expr> elts = new ArrayList<>();
            for (Star_named_expressionContext e : s.star_named_expression()) {
                elts.add(e.star_expr() != null ? starExpr(e.star_expr()) : namedTest(e.namedexpr_test()));
            }
            subject = new Expr.Tuple(elts, Ctx.LOAD, range(s));
        }
        List<MatchCase> cases = new ArrayList<>();
        for (Case_blockContext c : m.case_block()) {
            Pattern p = patterns(c.patterns());
            Expr guard = c.namedexpr_test() == null ? null : namedTest(c.namedexpr_test());
            List<Stmt> body = block(c.block());
            cases.add(new MatchCase(p, guard, body, until(c.getStart(), body, c)));
        }
        SourceRange r = cases.isEmpty() ? range(m) : safeSpan(range(m.getStart()), cases.get(cases.size() - 1).range());
        return new Stmt.Match(subject, cases, r);
    }

    private Pattern patterns(PatternsContext c) {
        if (c.pattern() != null) return pattern(c.pattern());
        return new Pattern.MatchSequence(openSequence(c.open_sequence_pattern()), range(c));
    }

    private List<Pattern> openSequence(Open_sequence_patternContext c) {
        List<Pattern> out = new ArrayList<>();
        out.add(maybeStar(c.maybe_star_pattern()));
        if (c.maybe_sequence_pattern() != null) out.addAll(sequence(c.maybe_sequence_pattern()));
        return out;
    }

    private List<Pattern> sequence(Maybe_sequence_patternContext c) {
        List<Pattern> out = new ArrayList<>();
        for (Maybe_star_patternContext p : c.maybe_star_pattern()) out.add(maybeStar(p));
        return out;
    }

    private Pattern maybeStar(Maybe_star_patternContext c) {
        if (c.pattern() != null) return pattern(c.pattern());
        String n = name(c.star_pattern().name());
        return new Pattern.MatchStar(n.equals("_") ? null : n, range(c));
    }

    private Pattern pattern(PatternContext c) {
        Pattern p = orPattern(c.or_pattern());
        if (c.AS() == null) return p;
        String n = name(c.name());
        if (n.equals("_")) error(c.name().getStart(), "cannot use '_' as a target");
        return new Pattern.MatchAs(p, n, range(c));
    }

    private Pattern orPattern(Or_patternContext c) {
        if (c.closed_pattern().size() == 1) return closed(c.closed_pattern(0));
        List<Pattern> alts = new ArrayList<>();
        for (Closed_patternContext p : c.closed_pattern()) alts.add(closed(p));
        return new Pattern.MatchOr(alts, range(c));
    }

    private Pattern closed(Closed_patternContext c) {
        SourceRange r = range(c);
        if (c.literal_pattern() != null) return literalPattern(c.literal_pattern());
        if (c.name_or_attr_pattern() != null) {
            Name_or_attr_patternContext n = c.name_or_attr_pattern();
            if (n.name().size() == 1) {
                String id = name(n.name(0));
                return new Pattern.MatchAs(null, id.equals("_") ? null : id, r);
            }
            return new Pattern.MatchValue(attrChain(n), r);
        }
        if (c.class_pattern() != null) return classPattern(c.class_pattern());
        if (c.group_or_sequence_pattern() != null) {
            Group_or_sequence_patternContext g = c.group_or_sequence_pattern();
            if (g.pattern() != null) return pattern(g.pattern());
            if (g.open_sequence_pattern() == null) return new Pattern.MatchSequence(List.of(), r);
            return new Pattern.MatchSequence(openSequence(g.open_sequence_pattern()), r);
        }
        if (c.mapping_pattern() != null) return mappingPattern(c.mapping_pattern());
        List<Pattern> elts = c.maybe_sequence_pattern() == null ? List.of() : sequence(c.maybe_sequence_pattern());
        return new Pattern.MatchSequence(elts, r);
    }

    private Expr attrChain(Name_or_attr_patternContext n) {
        Expr e = new Expr.Name(name(n.name(0)), Ctx.LOAD, range(n.name(0)));
        for (int i = 1; i < n.name().size(); i++) {
            e = new Expr.Attribute(e, name(n.name(i)), Ctx.LOAD, range(n.getStart(), n.name(i).getStop()));
        }
        return e;
    }

    private Expr literalExpr(Literal_patternContext c) {
        SourceRange r = range(c);
        if (c.strings() != null) {
            return strings(c.strings()); // an f-string here is a compile-time error in CPython, not a parse error
        }
        if (c.NONE() != null) return new Expr.Constant(ConstantKind.NONE, null, r);
        if (c.TRUE() != null) return new Expr.Constant(ConstantKind.TRUE, Boolean.TRUE, r);
        if (c.FALSE() != null) return new Expr.Constant(ConstantKind.FALSE, Boolean.FALSE, r);
        Expr left = signedNumber(c.signed_number(0));
        if (c.signed_number().size() == 1) return left;
        Expr right = signedNumber(c.signed_number(1));
        if (right instanceof Expr.UnaryOp || !(right instanceof Expr.Constant k && k.kind() == ConstantKind.COMPLEX)) {
            error(right.range(), "imaginary number required in complex literal");
        }
        if (left instanceof Expr.Constant k && k.kind() == ConstantKind.COMPLEX
                || left instanceof Expr.UnaryOp u && u.operand() instanceof Expr.Constant k2 && k2.kind() == ConstantKind.COMPLEX) {
            error(left.range(), "real number required in complex literal");
        }
        return new Expr.BinOp(left, c.PLUS() != null ? "+" : "-", right, r);
    }

    private Pattern literalPattern(Literal_patternContext c) {
        Expr e = literalExpr(c);
        if (e instanceof Expr.Constant k && (k.kind() == ConstantKind.NONE || k.kind() == ConstantKind.TRUE
                || k.kind() == ConstantKind.FALSE)) {
            return new Pattern.MatchSingleton(k, k.range());
        }
        return new Pattern.MatchValue(e, e.range());
    }

    private Expr signedNumber(Signed_numberContext c) {
        Expr n = number(c.NUMBER().getSymbol());
        if (c.MINUS() == null) return n;
        return new Expr.UnaryOp("-", n, range(c));
    }

    private Pattern classPattern(Class_patternContext c) {
        Expr cls = attrChain(c.name_or_attr_pattern());
        List<Pattern> pos = new ArrayList<>();
        List<String> kwNames = new ArrayList<>();
        List<Pattern> kwPats = new ArrayList<>();
        for (Class_argContext a : c.class_arg()) {
            if (a.EQUAL() != null) {
                kwNames.add(name(a.name()));
                kwPats.add(pattern(a.pattern()));
            } else {
                if (!kwNames.isEmpty()) error(a.getStart(), "positional patterns follow keyword patterns");
                pos.add(pattern(a.pattern()));
            }
        }
        return new Pattern.MatchClass(cls, pos, kwNames, kwPats, range(c));
    }

    private Pattern mappingPattern(Mapping_patternContext c) {
        List<Expr> keys = new ArrayList<>();
        List<Pattern> pats = new ArrayList<>();
        String rest = null;
        for (Mapping_itemContext i : c.mapping_item()) {
            if (i.DOUBLESTAR() != null) {
                if (rest != null) error(i.getStart(), "double star pattern must be last");
                rest = name(i.name());
                continue;
            }
            if (rest != null) error(i.getStart(), "double star pattern must be last");
            if (i.literal_pattern() != null) {
                keys.add(literalExpr(i.literal_pattern()));
            } else {
                Name_or_attr_patternContext n = i.name_or_attr_pattern();
                if (n.name().size() == 1) error(n.getStart(), "mapping pattern keys may only match literals and attribute lookups");
                keys.add(attrChain(n));
            }
            pats.add(pattern(i.pattern()));
        }
        return new Pattern.MatchMapping(keys, pats, rest, range(c));
    }

    // ---------------------------------------------------------------- targets

    /** The same expression as an assignment or del target, or a diagnostic when it cannot be one. */
    private Expr target(Expr e, Ctx ctx) {
        return switch (e) {
            case Expr.Name n -> new Expr.Name(n.id(), ctx, n.range());
            case Expr.Attribute a -> new Expr.Attribute(a.value(), a.attr(), ctx, a.range());
            case Expr.Subscript s -> new Expr.Subscript(s.value(), s.slice(), ctx, s.range());
            case Expr.Tuple t -> {
                List<Expr> elts = new ArrayList<>(t.elts().size());
                for (Expr x : t.elts()) elts.add(target(x, ctx));
                Expr out = new Expr.Tuple(elts, ctx, t.range());
                if (parenthesized.contains(t)) parenthesized.add(out);
                yield out;
            }
            case Expr.ListExpr l -> {
                List<Expr> elts = new ArrayList<>(l.elts().size());
                for (Expr x : l.elts()) elts.add(target(x, ctx));
                yield new Expr.ListExpr(elts, ctx, l.range());
            }
            case Expr.Starred s -> {
                if (ctx == Ctx.DEL) error(s.range(), "cannot delete starred");
                yield new Expr.Starred(target(s.value(), ctx), ctx, s.range());
            }
            default -> {
                String what = describe(e);
                String verb = ctx == Ctx.DEL ? "delete" : "assign to";
                error(e.range(), "cannot " + verb + " " + what);
                yield e;
            }
        };
    }

    /** How CPython names an expression in "cannot assign to ..." messages. */
    private static String describe(Expr e) {
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

    // ---------------------------------------------------------------- expressions

    private Expr namedTest(Namedexpr_testContext c) {
        if (c.getChildCount() == 1) return test((TestContext) c.getChild(0));
        if (c.COLONEQUAL() == null) return test(c.test(0));
        return walrus(c.test(0), c.test(1));
    }

    /** {@code target := value}: the target must be a plain name. */
    private Expr walrus(TestContext targetCtx, TestContext valueCtx) {
        Expr value = test(targetCtx);
        Expr rhs = test(valueCtx);
        SourceRange r = range(targetCtx.getStart(), valueCtx.getStop() == null ? valueCtx.getStart() : valueCtx.getStop());
        if (!(value instanceof Expr.Name n) || parenthesized.contains(value)) {
            error(value.range(), "cannot use assignment expressions with " + describe(value));
            return new Expr.NamedExpr(new Expr.Name("?", Ctx.STORE, value.range()), rhs, r);
        }
        return new Expr.NamedExpr(new Expr.Name(n.id(), Ctx.STORE, n.range()), rhs, r);
    }

    // Single-child fast paths: most expressions are one operand.
    private Expr test(TestContext c) {
        ParseTree first = c.getChild(0);
        if (c.getChildCount() == 1 && first instanceof FactorContext f) return factor(f);
        if (first instanceof LambdefContext l) {
            return new Expr.Lambda(lambdaParameters(l.lambda_params(), l.COLON().getSymbol()), test(l.test()), range(c));
        }
        Operators ops = new Operators(c);
        Expr body = boolOp(ops, PythonLexer.OR);
        if (ops.peek() != PythonLexer.IF) return ops.done(body);
        ops.take();
        Expr condition = orTest((Or_testContext) ops.takeChild());
        ops.take(); // else
        Expr orelse = test((TestContext) ops.takeChild());
        return ops.done(new Expr.IfExp(condition, body, orelse, range(c)));
    }

    /**
     * A test, or_test or expr rule: operands (factors) and operators in one flat list, read left to right
     * by precedence climbing. Python's levels, loosest first: or, and, not, comparisons, |, ^, &,
     * shifts, + -, * @ / // %. Unary operators, await and ** are inside each factor.
     */
    private final class Operators {
        private final List<ParseTree> kids;
        private int next;

        Operators(ParserRuleContext c) {
            this.kids = c.children;
        }

        /** Token type of the next child if it is an operator token; 0 at the end or before an operand. */
        int peek() {
            return next < kids.size() && kids.get(next) instanceof TerminalNode t ? t.getSymbol().getType() : 0;
        }

        Token take() {
            return ((TerminalNode) kids.get(next++)).getSymbol();
        }

        ParseTree takeChild() {
            return kids.get(next++);
        }

        Expr operand() {
            return factor((FactorContext) kids.get(next++));
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
        List<Expr> values = new ArrayList<>();
        values.add(first);
        Expr last = first;
        while (ops.peek() == opType) {
            ops.take();
            last = opType == PythonLexer.OR ? boolOp(ops, PythonLexer.AND) : notTest(ops);
            values.add(last);
        }
        return new Expr.BoolOp(opType == PythonLexer.OR ? "or" : "and", values, safeSpan(outer(first), outer(last)));
    }

    private Expr notTest(Operators ops) {
        if (ops.peek() != PythonLexer.NOT) return comparison(ops);
        Token not = ops.take();
        Expr operand = notTest(ops);
        return new Expr.UnaryOp("not", operand, safeSpan(range(not), outer(operand)));
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
        List<String> names = new ArrayList<>(2);
        List<Expr> rights = new ArrayList<>(2);
        Expr last = left;
        while (isComparison(ops.peek())) {
            Token op = ops.take();
            String name = op.getText();
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
        return new Expr.Compare(left, names, rights, safeSpan(outer(left), outer(last)));
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
            left = new Expr.BinOp(left, op.getText(), right, safeSpan(outer(left), outer(right)));
        }
    }

    private Expr expr(ExprContext c) {
        if (c.getChildCount() == 1) return factor((FactorContext) c.getChild(0));
        Operators ops = new Operators(c);
        return ops.done(binary(ops, 1));
    }

    /** Range of an operand including the parentheses around it, as CPython's BinOp ranges do. */
    private final IdentityHashMap<Expr, SourceRange> parenRanges = new IdentityHashMap<>();

    private SourceRange outer(Expr e) {
        SourceRange r = parenRanges.get(e);
        return r != null ? r : e.range();
    }

    private static boolean isStringPart(ParseTree k) {
        return k instanceof FstringContext || k instanceof TerminalNode t && t.getSymbol().getType() == PythonLexer.STRING;
    }

    private static Token startToken(ParseTree k) {
        return k instanceof TerminalNode t ? t.getSymbol() : ((ParserRuleContext) k).getStart();
    }

    private static boolean isUnary(ParseTree k) {
        if (!(k instanceof TerminalNode t)) return false;
        int type = t.getSymbol().getType();
        return type == PythonLexer.PLUS || type == PythonLexer.MINUS || type == PythonLexer.TILDE;
    }

    /** Unary operators, await, an atom, its trailers and a right-hand '**', as one context's children. */
    private Expr factor(FactorContext c) {
        List<ParseTree> kids = c.children;
        int n = kids.size();
        if (n == 1 && kids.get(0) instanceof TerminalNode only && only.getSymbol().getType() != PythonLexer.STRING) {
            return tokenAtom(only.getSymbol());
        }
        int i = 0;
        while (isUnary(kids.get(i))) i++;
        int unaryCount = i;
        Token await = null;
        if (kids.get(i) instanceof TerminalNode t && t.getSymbol().getType() == PythonLexer.AWAIT) {
            await = t.getSymbol();
            i++;
        }
        Expr e;
        ParseTree a = kids.get(i);
        if (isStringPart(a)) {
            int from = i;
            while (i < n && isStringPart(kids.get(i))) i++;
            ParseTree last = kids.get(i - 1);
            Token stop = last instanceof TerminalNode t ? t.getSymbol() : ((ParserRuleContext) last).getStop();
            e = strings(i - from == 1 ? List.of(a) : kids.subList(from, i), range(startToken(a), stop));
        } else {
            Token first = ((TerminalNode) a).getSymbol();
            int type = first.getType();
            if (type == PythonLexer.LPAR || type == PythonLexer.LSQB || type == PythonLexer.LBRACE) {
                ParserRuleContext inner = kids.get(i + 1) instanceof ParserRuleContext p ? p : null;
                i += inner == null ? 2 : 3;
                Token close = ((TerminalNode) kids.get(i - 1)).getSymbol();
                e = bracketAtom(type, inner, range(first, close));
            } else {
                e = tokenAtom(first);
                i++;
            }
        }
        SourceRange start = outer(e);
        while (i < n && kids.get(i) instanceof TerminalNode t && t.getSymbol().getType() != PythonLexer.DOUBLESTAR) {
            Token open = t.getSymbol();
            switch (open.getType()) {
                case PythonLexer.DOT -> {
                    Token nameToken = ((TerminalNode) kids.get(i + 1)).getSymbol();
                    e = new Expr.Attribute(e, name(nameToken), Ctx.LOAD, safeSpan(start, range(nameToken)));
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
                    e = new Expr.Subscript(e, subscripts(subs), Ctx.LOAD, safeSpan(start, range(close)));
                    i += 3;
                }
            }
        }
        if (await != null) e = new Expr.Await(e, safeSpan(range(await), outer(e)));
        if (i < n) {
            // ** factor: binds tighter than the unary operators on its left, looser than await.
            Expr right = factor((FactorContext) kids.get(i + 1));
            SourceRange left = await != null ? e.range() : outer(e);
            e = new Expr.BinOp(e, "**", right, safeSpan(left, outer(right)));
        }
        for (int u = unaryCount - 1; u >= 0; u--) {
            Token op = ((TerminalNode) kids.get(u)).getSymbol();
            e = new Expr.UnaryOp(op.getText(), e, safeSpan(range(op), outer(e)));
        }
        return e;
    }

    private Expr call(Expr func, Token open, ArglistContext arglist, Token close, SourceRange start) {
        List<Expr> args = new ArrayList<>();
        List<Keyword> keywords = new ArrayList<>();
        if (arglist != null) arguments(arglist, args, keywords);
        if (args.size() == 1 && keywords.isEmpty() && args.get(0) instanceof Expr.GeneratorExp g
                && arglist.getChildCount() == 1) {
            // A sole generator argument takes the call's parentheses, as in CPython.
            args.set(0, new Expr.GeneratorExp(g.elt(), g.generators(), range(open, close)));
        }
        return new Expr.Call(func, args, keywords, safeSpan(start, range(close)));
    }

    private void arguments(ArglistContext c, List<Expr> args, List<Keyword> keywords) {
        boolean sawKeyword = false;
        boolean sawDoubleStar = false;
        List<ArgumentContext> all = c.argument();
        for (ArgumentContext a : all) {
            ParseTree first = a.getChild(0);
            if (a.getChildCount() == 1) {
                // Most arguments: one positional expression.
                if (sawDoubleStar) error(a.getStart(), "positional argument follows keyword argument unpacking");
                else if (sawKeyword) error(a.getStart(), "positional argument follows keyword argument");
                args.add(test((TestContext) first));
                continue;
            }
            SourceRange r = range(a);
            if (a.DOUBLESTAR() != null) {
                sawDoubleStar = true;
                keywords.add(new Keyword(null, test((TestContext) a.getChild(1)), r));
            } else if (a.STAR() != null) {
                if (sawDoubleStar) error(a.getStart(), "iterable argument unpacking follows keyword argument unpacking");
                args.add(new Expr.Starred(test((TestContext) a.getChild(1)), Ctx.LOAD, r));
            } else if (a.EQUAL() != null) {
                Expr k = a.COLONEQUAL() != null ? walrus(a.test(0), a.test(1)) : test((TestContext) first);
                if (k instanceof Expr.Name n && !parenthesized.contains(k)) {
                    keywords.add(new Keyword(n.id(), test((TestContext) a.getChild(a.getChildCount() - 1)), r));
                } else if (k instanceof Expr.Constant kc && (kc.kind() == ConstantKind.TRUE || kc.kind() == ConstantKind.FALSE
                        || kc.kind() == ConstantKind.NONE)) {
                    error(k.range(), "cannot assign to " + describe(k));
                } else {
                    error(k.range(), "expression cannot contain assignment, perhaps you meant \"==\"?");
                }
                sawKeyword = true;
            } else {
                if (sawDoubleStar) error(a.getStart(), "positional argument follows keyword argument unpacking");
                else if (sawKeyword) error(a.getStart(), "positional argument follows keyword argument");
                Expr v = a.getChildCount() == 1 ? test((TestContext) first)
                        : a.COLONEQUAL() != null ? walrus(a.test(0), a.test(1)) : test((TestContext) first);
                if (a.comp_for() != null) {
                    if (all.size() > 1) error(a.getStart(), "Generator expression must be parenthesized");
                    v = new Expr.GeneratorExp(v, comprehension(a.comp_for()), r);
                }
                args.add(v);
            }
        }
    }

    private Expr subscripts(SubscriptlistContext c) {
        List<SubscriptContext> items = c.subscript();
        if (items.size() == 1 && c.COMMA().isEmpty() && items.get(0).star_expr() == null) {
            return subscript(items.get(0));
        }
        List<Expr> elts = new ArrayList<>();
        for (SubscriptContext s : items) {
            if (s.star_expr() != null) requires(11, s.getStart(), "starred expressions in subscripts");
            elts.add(subscript(s));
        }
        return new Expr.Tuple(elts, Ctx.LOAD, range(c));
    }

    private Expr subscript(SubscriptContext s) {
        if (s.star_expr() != null) return starExpr(s.star_expr());
        if (s.COLON().isEmpty()) {
            Expr e = namedTest(s.namedexpr_test());
            if (e instanceof Expr.NamedExpr && !parenthesized.contains(e)) requires(10, e.range(), "unparenthesized assignment expressions in subscripts");
            return e;
        }
        Expr lower = null;
        if (s.namedexpr_test() != null) {
            lower = namedTest(s.namedexpr_test());
            if (lower instanceof Expr.NamedExpr && !parenthesized.contains(lower)) error(lower.range(), "invalid syntax");
        }
        // Parts after the first ':' are tests: the one before a second ':' is upper, the other step.
        Expr upper = null;
        Expr step = null;
        boolean afterSecond = false;
        int colons = 0;
        for (ParseTree k : s.children) {
            if (k instanceof TerminalNode tn && tn.getSymbol().getType() == PythonLexer.COLON) {
                colons++;
                afterSecond = colons == 2;
            } else if (k instanceof TestContext tc) {
                if (afterSecond) step = test(tc);
                else upper = test(tc);
            }
        }
        return new Expr.Slice(lower, upper, step, range(s));
    }

    private Expr starExpr(Star_exprContext c) {
        return new Expr.Starred(expr(c.expr()), Ctx.LOAD, range(c));
    }

    private Expr exprlist(ExprlistContext c) {
        List<Expr> elts = new ArrayList<>();
        for (ParseTree k : c.children) {
            if (k instanceof ExprContext e) elts.add(expr(e));
            else if (k instanceof Star_exprContext s) elts.add(starExpr(s));
        }
        if (elts.size() == 1 && c.COMMA().isEmpty()) return elts.get(0);
        return new Expr.Tuple(elts, Ctx.LOAD, range(c));
    }

    private Expr testlistStar(Testlist_star_exprContext c) {
        if (c.getChildCount() == 1) {
            ParseTree k = c.getChild(0);
            return k instanceof TestContext t ? test(t) : starExpr((Star_exprContext) k);
        }
        List<Expr> elts = new ArrayList<>();
        for (ParseTree k : c.children) {
            if (k instanceof TestContext t) elts.add(test(t));
            else if (k instanceof Star_exprContext s) elts.add(starExpr(s));
        }
        return new Expr.Tuple(elts, Ctx.LOAD, range(c));
    }

    private Expr yieldExpr(Yield_exprContext c) {
        SourceRange r = range(c);
        if (c.FROM() != null) return new Expr.YieldFrom(test(c.test()), r);
        return new Expr.Yield(c.testlist_star_expr() == null ? null : testlistStar(c.testlist_star_expr()), r);
    }

    private List<Comprehension> comprehension(Comp_forContext c) {
        List<Comprehension> out = new ArrayList<>();
        int i = 0;
        List<ParseTree> kids = c.children;
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
            List<Expr> ifs = new ArrayList<>();
            while (i < kids.size() && kids.get(i) instanceof TerminalNode tn && tn.getSymbol().getType() == PythonLexer.IF) {
                Or_testContext cond = (Or_testContext) kids.get(i + 1);
                ifs.add(orTest(cond));
                end = cond.getStop();
                i += 2;
            }
            out.add(new Comprehension(t, iter, ifs, isAsync, range(start, end)));
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
                    Expr elt = element(t.getChild(0));
                    if (elt instanceof Expr.Starred) error(elt.range(), "iterable unpacking cannot be used in comprehension");
                    return new Expr.GeneratorExp(elt, comprehension(t.comp_for()), r);
                }
                if (t.getChildCount() == 1) {
                    Expr only = element(t.getChild(0));
                    if (only instanceof Expr.Starred) error(only.range(), "cannot use starred expression here");
                    return paren(only, r);
                }
                Expr tuple = new Expr.Tuple(elements(t), Ctx.LOAD, r);
                parenthesized.add(tuple);
                return tuple;
            }
            case PythonLexer.LSQB -> {
                Testlist_compContext t = (Testlist_compContext) inner;
                if (t == null) return new Expr.ListExpr(List.of(), Ctx.LOAD, r);
                if (t.comp_for() != null) {
                    Expr elt = element(t.getChild(0));
                    if (elt instanceof Expr.Starred) error(elt.range(), "iterable unpacking cannot be used in comprehension");
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
            case PythonLexer.ELLIPSIS -> new Expr.Constant(ConstantKind.ELLIPSIS, null, range(t));
            case PythonLexer.NONE -> new Expr.Constant(ConstantKind.NONE, null, range(t));
            case PythonLexer.TRUE -> new Expr.Constant(ConstantKind.TRUE, Boolean.TRUE, range(t));
            case PythonLexer.FALSE -> new Expr.Constant(ConstantKind.FALSE, Boolean.FALSE, range(t));
            default -> new Expr.Name(name(t), Ctx.LOAD, range(t));
        };
    }

    private Expr paren(Expr e, SourceRange withParens) {
        parenthesized.add(e);
        parenRanges.put(e, withParens);
        return e;
    }

    private Expr element(ParseTree k) {
        return k instanceof Namedexpr_testContext n ? namedTest(n) : starExpr((Star_exprContext) k);
    }

    private List<Expr> elements(Testlist_compContext t) {
        List<Expr> elts = new ArrayList<>();
        for (ParseTree k : t.children) {
            if (k instanceof Namedexpr_testContext || k instanceof Star_exprContext) elts.add(element(k));
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
                if (first.DOUBLESTAR() != null) {
                    error(first.getStart(), "dict unpacking cannot be used in dict comprehension");
                    return new Expr.Dict(List.of(), List.of(), r);
                }
                Expr k = namedTest(first.namedexpr_test());
                Expr v = test(first.test());
                gens = comprehension(d.comp_for());
                return new Expr.DictComp(k, v, gens, r);
            }
            Expr elt = first.star_expr() != null ? starExpr(first.star_expr()) : namedTest(first.namedexpr_test());
            if (elt instanceof Expr.Starred) error(elt.range(), "iterable unpacking cannot be used in comprehension");
            return new Expr.SetComp(elt, comprehension(d.comp_for()), r);
        }
        if (isDict) {
            List<Expr> keys = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            for (Dict_or_set_itemContext i : items) {
                if (i.DOUBLESTAR() != null) {
                    keys.add(null);
                    values.add(expr(i.expr()));
                } else if (i.COLON() != null) {
                    Expr k = namedTest(i.namedexpr_test());
                    if (k instanceof Expr.NamedExpr && !parenthesized.contains(k)) error(k.range(), "invalid syntax");
                    keys.add(k);
                    values.add(test(i.test()));
                } else {
                    error(i.getStart(), "':' expected after dictionary key");
                }
            }
            return new Expr.Dict(keys, values, r);
        }
        List<Expr> elts = new ArrayList<>();
        for (Dict_or_set_itemContext i : items) {
            if (i.star_expr() != null) elts.add(starExpr(i.star_expr()));
            else if (i.namedexpr_test() != null && i.COLON() == null) elts.add(namedTest(i.namedexpr_test()));
            else error(i.getStart(), "invalid syntax");
        }
        return new Expr.SetExpr(elts, r);
    }

    private Expr number(Token t) {
        Literals.Value v = Literals.number(t.getText());
        return new Expr.Constant(v.kind(), v.value(), range(t));
    }

    String name(NameContext n) {
        return name(n.getStart());
    }

    private static String name(Token t) {
        String s = t.getText();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) return Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        return s;
    }

    // ---------------------------------------------------------------- strings

    private Expr strings(StringsContext c) {
        return strings(c.children, range(c));
    }

    /** Adjacent string literals (STRING tokens and fstring contexts) as one Constant or JoinedStr. */
    private Expr strings(List<ParseTree> parts, SourceRange r) {
        if (parts.size() == 1 && parts.get(0) instanceof TerminalNode only) {
            Token t = only.getSymbol();
            checkReusedQuote(t);
            Literals.Value v = Literals.string(t.getText());
            if (v.error() != null) error(t, v.error());
            return new Expr.Constant(v.kind(), v.value() == null ? "" : v.value(), r);
        }
        boolean bytes = false;
        boolean nonBytes = false;
        boolean template = false;
        boolean plainOrF = false;
        boolean anyFString = false;
        List<Expr> values = new ArrayList<>();
        StringBuilder pending = null;
        SourceRange pendingRange = null;
        for (ParseTree p : parts) {
            if (p instanceof TerminalNode tn) {
                Token t = tn.getSymbol();
                checkReusedQuote(t);
                Literals.Value v = Literals.string(t.getText());
                if (v.error() != null) error(t, v.error());
                if (v.kind() == ConstantKind.BYTES) bytes = true;
                else nonBytes = true;
                plainOrF = true;
                if (pending == null) {
                    pending = new StringBuilder();
                    pendingRange = range(t);
                }
                if (v.value() != null) pending.append((String) v.value());
                pendingRange = safeSpan(pendingRange, range(t));
            } else {
                FstringContext f = (FstringContext) p;
                nonBytes = true;
                boolean isTemplate = isTemplate(f.FSTRING_START().getSymbol());
                if (isTemplate) template = true;
                else {
                    anyFString = true;
                    plainOrF = true;
                }
                for (Expr part : fstringParts(f, isTemplate)) {
                    if (part instanceof Expr.Constant k && k.kind() == ConstantKind.STR) {
                        if (pending == null) {
                            pending = new StringBuilder();
                            pendingRange = k.range();
                        }
                        pending.append((String) k.value());
                        pendingRange = safeSpan(pendingRange, k.range());
                    } else {
                        if (pending != null) {
                            if (!pending.isEmpty()) values.add(new Expr.Constant(ConstantKind.STR, pending.toString(), pendingRange));
                            pending = null;
                        }
                        values.add(part);
                    }
                }
            }
        }
        if (bytes && nonBytes) error(r, "cannot mix bytes and nonbytes literals");
        if (template && plainOrF) error(r, "cannot mix t-string literals with string or bytes literals");
        if (!anyFString && !template) {
            return new Expr.Constant(bytes ? ConstantKind.BYTES : ConstantKind.STR, pending == null ? "" : pending.toString(), r);
        }
        if (pending != null && !pending.isEmpty()) values.add(new Expr.Constant(ConstantKind.STR, pending.toString(), pendingRange));
        // Literal parts of a concatenation take the whole expression's range in CPython; keep ours precise.
        return template ? new Expr.TemplateStr(values, r) : new Expr.JoinedStr(values, r);
    }

    private static boolean isTemplate(Token start) {
        String s = start.getText();
        return s.indexOf('t') >= 0 || s.indexOf('T') >= 0;
    }

    /**
     * Before 3.12 an f-string was one token, so a string inside a replacement field could not
     * contain what ends the enclosing f-string: its quote if single-quoted, three of them if triple.
     */
    private void checkReusedQuote(Token t) {
        if (fstringQuotes.isEmpty()) return;
        String token = t.getText();
        int p = Literals.prefixLength(token);
        char q = token.charAt(p);
        boolean innerTriple = token.startsWith("" + q + q + q, p) && token.length() - p >= 6
                || t.getType() == PythonLexer.FSTRING_START && token.length() - p == 3;
        // fstringQuotes holds the quote char of each enclosing f-string, upper case when triple-quoted.
        boolean conflict = fstringQuotes.indexOf(String.valueOf(q)) >= 0
                || innerTriple && fstringQuotes.indexOf(q == '"' ? "D" : "S") >= 0;
        if (conflict) {
            requires(12, t.getLine(), col(t.getLine(), t.getCharPositionInLine()), "reusing the enclosing quote inside an f-string",
                    "f-string: reusing the enclosing quote inside a replacement field requires Python 3.12 (target is " + target + ")");
        }
    }

    /** The parts of one f-string or t-string: literal Constants (unmerged) and fields. */
    private List<Expr> fstringParts(FstringContext f, boolean template) {
        Token start = f.FSTRING_START().getSymbol();
        if (template) requires(14, start, "t-strings");
        String startText = start.getText();
        int p = Literals.prefixLength(startText);
        boolean raw = startText.substring(0, p).toLowerCase(java.util.Locale.ROOT).indexOf('r') >= 0;
        checkReusedQuote(start);
        char quote = startText.charAt(p);
        fstringQuotes.append(startText.length() - p == 3 ? (quote == '"' ? 'D' : 'S') : quote);
        try {
            List<Expr> out = new ArrayList<>();
            collectParts(f.children, raw, template, out);
            return out;
        } finally {
            fstringQuotes.setLength(fstringQuotes.length() - 1);
        }
    }

    /** Literal runs and replacement fields of an f-string body or a format spec. */
    private void collectParts(List<ParseTree> kids, boolean raw, boolean template, List<Expr> out) {
        StringBuilder text = null;
        Token textStart = null;
        Token textEnd = null;
        for (ParseTree k : kids) {
            if (k instanceof Fstring_specContext spec) k = spec.getChild(0);
            if (k instanceof TerminalNode tn && tn.getSymbol().getType() == PythonLexer.FSTRING_MIDDLE) {
                if (text == null) {
                    text = new StringBuilder();
                    textStart = tn.getSymbol();
                }
                text.append(tn.getSymbol().getText());
                textEnd = tn.getSymbol();
            } else if (k instanceof Fstring_fieldContext field) {
                if (text != null) {
                    out.add(literalPart(text, raw, textStart, textEnd));
                    text = null;
                }
                field(field, raw, template, out);
            }
        }
        if (text != null) out.add(literalPart(text, raw, textStart, textEnd));
    }

    private Expr literalPart(StringBuilder text, boolean raw, Token start, Token end) {
        String s = text.toString();
        if (s.indexOf('{') >= 0 || s.indexOf('}') >= 0) s = s.replace("{{", "{").replace("}}", "}");
        Literals.Value v = Literals.decodeBody(s, raw, false);
        if (v.error() != null) error(start, v.error());
        return new Expr.Constant(ConstantKind.STR, v.value() == null ? "" : v.value(), range(start, end));
    }

    private void field(Fstring_fieldContext f, boolean raw, boolean template, List<Expr> out) {
        Expr value = f.yield_expr() != null ? yieldExpr(f.yield_expr()) : testlistStar(f.testlist_star_expr());
        Token open = f.LBRACE().getSymbol();
        ParserRuleContext exprCtx = f.yield_expr() != null ? f.yield_expr() : f.testlist_star_expr();
        String exprText = source.text().isEmpty() ? "" : textBetween(open, exprCtx.getStop());
        if (exprText.indexOf('\\') >= 0) {
            requires(12, open.getLine(), col(open.getLine(), open.getCharPositionInLine()), "a backslash inside an f-string expression",
                    "f-string expression part cannot include a backslash (before Python 3.12)");
        }
        int conversion = -1;
        if (f.EXCLAMATION() != null) {
            Token bang = f.EXCLAMATION().getSymbol();
            Token conv = f.name().getStart();
            String c = conv.getText();
            if (conv.getStartIndex() != bang.getStopIndex() + 1) {
                error(conv, "f-string: conversion type must come right after the exclamanation mark");
            } else if (!(c.equals("s") || c.equals("r") || c.equals("a"))) {
                error(conv, "f-string: invalid conversion character '" + c + "': expected 's', 'r', or 'a'");
            }
            conversion = c.charAt(0);
        }
        Expr spec = null;
        if (f.COLON() != null) {
            List<Expr> parts = new ArrayList<>();
            List<ParseTree> specKids = new ArrayList<>(f.fstring_spec());
            collectParts(specKids, raw, false, parts); // fields of a format spec are FormattedValues, also in t-strings
            Token colon = f.COLON().getSymbol();
            SourceRange sr = f.fstring_spec().isEmpty() ? range(colon)
                    : range(colon, f.fstring_spec(f.fstring_spec().size() - 1).getStop());
            spec = new Expr.JoinedStr(mergeConstants(parts), sr);
        }
        SourceRange r = range(f);
        if (f.EQUAL() != null) {
            // The '=' debug specifier: the expression's text, '=' and the spaces around it come first.
            Token eq = f.EQUAL().getSymbol();
            Token after = afterEqual(f);
            String debug = textBetweenExclusive(open, after);
            // CPython's range for it: from just after '{' to just before what follows the '=' and its spaces.
            SourceRange brace = range(open);
            SourceRange to = range(after);
            out.add(new Expr.Constant(ConstantKind.STR, debug, safeSpan(
                    new SourceRange(brace.endLine(), brace.endColumn(), brace.endLine(), brace.endColumn()),
                    new SourceRange(to.startLine(), to.startColumn(), to.startLine(), to.startColumn()))));
            if (conversion == -1 && spec == null) conversion = 'r';
        }
        if (template) {
            out.add(new Expr.Interpolation(value, exprText, conversion, spec, r));
        } else {
            out.add(new Expr.FormattedValue(value, conversion, spec, r));
        }
    }

    private static Token afterEqual(Fstring_fieldContext f) {
        if (f.EXCLAMATION() != null) return f.EXCLAMATION().getSymbol();
        if (f.COLON() != null) return f.COLON().getSymbol();
        return f.RBRACE().getSymbol();
    }

    private static List<Expr> mergeConstants(List<Expr> parts) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : parts) {
            if (e instanceof Expr.Constant k && ((String) k.value()).isEmpty()) continue;
            if (e instanceof Expr.Constant k && !out.isEmpty() && out.get(out.size() - 1) instanceof Expr.Constant prev) {
                out.set(out.size() - 1, new Expr.Constant(ConstantKind.STR, prev.value() + (String) k.value(), safeSpan(prev.range(), k.range())));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** Source text after {@code open} up to and including {@code last}. */
    private String textBetween(Token open, Token last) {
        int a = offsetAfter(open);
        int b = offsetAfter(last);
        return a <= b ? source.text().substring(a, b) : "";
    }

    /** Source text after {@code open} up to (not including) {@code next}. */
    private String textBetweenExclusive(Token open, Token next) {
        int a = offsetAfter(open);
        int b = source.offset(next.getLine(), col(next.getLine(), next.getCharPositionInLine()));
        return a <= b ? source.text().substring(a, b) : "";
    }

    private int offsetAfter(Token t) {
        SourceRange r = range(t);
        return source.offset(r.endLine(), r.endColumn());
    }
}
