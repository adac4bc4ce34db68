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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Maps {@code match} statements and their patterns; {@link InvalidSyntax} checks them as CPython does. */
final class PatternBuilder {
    private final AstBuilder root;
    private final AstSource src;
    private final InvalidSyntax invalid;

    PatternBuilder(AstBuilder root) {
        this.root = root;
        this.src = root.src;
        this.invalid = root.invalid;
    }

    // ---------------------------------------------------------------- match

    Stmt matchStmt(Match_stmtContext m) {
        src.requires(10, m.getStart(), "the match statement");
        Subject_exprContext s = m.subject_expr();
        Expr subject;
        if (s.COMMA().isEmpty()) {
            subject = root.exprs.namedTest(s.namedexpr_test());
        } else {
            NodeList<Expr> elts = new NodeList<>();
            for (Star_named_expressionContext e : s.star_named_expression()) {
                elts.add(e.star_expr() != null ? root.exprs.starExpr(e.star_expr()) : root.exprs.namedTest(e.namedexpr_test()));
            }
            subject = new Expr.Tuple(elts, Ctx.LOAD, src.range(s));
        }
        NodeList<MatchCase> cases = new NodeList<>();
        for (Case_blockContext c : m.case_block()) {
            Pattern p = patterns(c.patterns());
            Expr guard = c.namedexpr_test() == null ? null : root.exprs.namedTest(c.namedexpr_test());
            List<Stmt> body = root.block(c.block());
            cases.add(new MatchCase(p, guard, body, root.until(c.getStart(), body, c)));
        }
        SourceRange r = cases.isEmpty() ? src.range(m) : AstSource.safeSpan(src.range(m.getStart()), cases.get(cases.size() - 1).range());
        return new Stmt.Match(subject, cases, r);
    }

    private Pattern patterns(PatternsContext c) {
        if (c.pattern() != null) return pattern(c.pattern());
        return new Pattern.MatchSequence(openSequence(c.open_sequence_pattern()), src.range(c));
    }

    private List<Pattern> openSequence(Open_sequence_patternContext c) {
        NodeList<Pattern> out = new NodeList<>();
        out.add(maybeStar(c.maybe_star_pattern()));
        if (c.maybe_sequence_pattern() != null) out.addAll(sequence(c.maybe_sequence_pattern()));
        return out;
    }

    private List<Pattern> sequence(Maybe_sequence_patternContext c) {
        NodeList<Pattern> out = new NodeList<>();
        for (Maybe_star_patternContext p : c.maybe_star_pattern()) out.add(maybeStar(p));
        return out;
    }

    private Pattern maybeStar(Maybe_star_patternContext c) {
        if (c.pattern() != null) return pattern(c.pattern());
        String n = root.exprs.name(c.star_pattern().name());
        return new Pattern.MatchStar(n.equals("_") ? null : n, src.range(c));
    }

    private Pattern pattern(PatternContext c) {
        Pattern p = orPattern(c.or_pattern());
        if (c.AS() == null) return p;
        String n = root.exprs.name(c.name());
        invalid.asPatternName(c.name(), n);
        return new Pattern.MatchAs(p, n, src.range(c));
    }

    private Pattern orPattern(Or_patternContext c) {
        if (c.closed_pattern().size() == 1) return closed(c.closed_pattern(0));
        NodeList<Pattern> alts = new NodeList<>();
        for (Closed_patternContext p : c.closed_pattern()) alts.add(closed(p));
        return new Pattern.MatchOr(alts, src.range(c));
    }

    private Pattern closed(Closed_patternContext c) {
        SourceRange r = src.range(c);
        if (c.literal_pattern() != null) return literalPattern(c.literal_pattern());
        if (c.name_or_attr_pattern() != null) {
            Name_or_attr_patternContext n = c.name_or_attr_pattern();
            if (n.name().size() == 1) {
                String id = root.exprs.name(n.name(0));
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
        Expr e = new Expr.Name(root.exprs.name(n.name(0)), Ctx.LOAD, src.range(n.name(0)));
        for (int i = 1; i < n.name().size(); i++) {
            e = new Expr.Attribute(e, root.exprs.name(n.name(i)), Ctx.LOAD, src.range(n.getStart(), n.name(i).getStop()));
        }
        return e;
    }

    private Expr literalExpr(Literal_patternContext c) {
        SourceRange r = src.range(c);
        if (c.strings() != null) {
            return root.strings.strings(c.strings()); // an f-string here is a compile-time error in CPython, not a parse error
        }
        if (c.NONE() != null) return new Expr.Constant(ConstantKind.NONE, null, r);
        if (c.TRUE() != null) return new Expr.Constant(ConstantKind.TRUE, Boolean.TRUE, r);
        if (c.FALSE() != null) return new Expr.Constant(ConstantKind.FALSE, Boolean.FALSE, r);
        Expr left = signedNumber(c.signed_number(0));
        if (c.signed_number().size() == 1) return left;
        Expr right = signedNumber(c.signed_number(1));
        invalid.complexLiteral(left, right);
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
        Expr n = root.exprs.number(c.NUMBER().getSymbol());
        if (c.MINUS() == null) return n;
        return new Expr.UnaryOp("-", n, src.range(c));
    }

    private Pattern classPattern(Class_patternContext c) {
        Expr cls = attrChain(c.name_or_attr_pattern());
        NodeList<Pattern> pos = new NodeList<>();
        NodeList<String> kwNames = new NodeList<>();
        NodeList<Pattern> kwPats = new NodeList<>();
        InvalidSyntax.ClassPatternOrder order = invalid.classPatternOrder();
        for (Class_argContext a : c.class_arg()) {
            order.next(a);
            if (a.EQUAL() != null) {
                kwNames.add(root.exprs.name(a.name()));
                kwPats.add(pattern(a.pattern()));
            } else {
                pos.add(pattern(a.pattern()));
            }
        }
        return new Pattern.MatchClass(cls, pos, kwNames, kwPats, src.range(c));
    }

    private Pattern mappingPattern(Mapping_patternContext c) {
        NodeList<Expr> keys = new NodeList<>();
        NodeList<Pattern> pats = new NodeList<>();
        String rest = null;
        InvalidSyntax.MappingPatternItems items = invalid.mappingPatternItems();
        for (Mapping_itemContext i : c.mapping_item()) {
            items.next(i);
            if (i.DOUBLESTAR() != null) {
                rest = root.exprs.name(i.name());
                continue;
            }
            keys.add(i.literal_pattern() != null ? literalExpr(i.literal_pattern()) : attrChain(i.name_or_attr_pattern()));
            pats.add(pattern(i.pattern()));
        }
        return new Pattern.MatchMapping(keys, pats, rest, src.range(c));
    }
}
