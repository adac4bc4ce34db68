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

/** Maps string literals, their concatenations and f-/t-strings; {@link Literals} decodes the values. */
final class StringLiteralBuilder {
    private final AstBuilder root;
    private final AstSource src;

    StringLiteralBuilder(AstBuilder root) {
        this.root = root;
        this.src = root.src;
    }

    // ---------------------------------------------------------------- strings

    Expr strings(StringsContext c) {
        return strings(c.children, src.range(c));
    }

    /** Adjacent string literals (STRING tokens and fstring contexts) as one Constant or JoinedStr. */
    Expr strings(List<ParseTree> parts, SourceRange r) {
        if (parts.size() == 1 && parts.get(0) instanceof TerminalNode only) {
            Token t = only.getSymbol();
            checkReusedQuote(t);
            Literals.Value v = Literals.string(t.getText());
            if (v.error() != null) src.error(t, v.error());
            return new Expr.Constant(v.kind(), v.value() == null ? "" : v.value(), r);
        }
        boolean bytes = false;
        boolean template = false;
        boolean anyFString = false;
        NodeList<Expr> values = new NodeList<>();
        StringBuilder pending = null;
        SourceRange pendingRange = null;
        for (int pi = 0; pi < parts.size(); pi++) {
            ParseTree p = parts.get(pi);
            if (p instanceof TerminalNode tn) {
                Token t = tn.getSymbol();
                checkReusedQuote(t);
                Literals.Value v = Literals.string(t.getText());
                if (v.error() != null) src.error(t, v.error());
                if (v.kind() == ConstantKind.BYTES) bytes = true;
                if (pending == null) {
                    pending = new StringBuilder();
                    pendingRange = src.range(t);
                }
                if (v.value() != null) pending.append((String) v.value());
                pendingRange = AstSource.safeSpan(pendingRange, src.range(t));
            } else {
                FstringContext f = (FstringContext) p;
                boolean isTemplate = Literals.isTemplate(f.FSTRING_START().getSymbol().getText());
                if (isTemplate) template = true;
                else anyFString = true;
                for (Expr part : fstringParts(f, isTemplate)) {
                    if (part instanceof Expr.Constant k && k.kind() == ConstantKind.STR) {
                        if (pending == null) {
                            pending = new StringBuilder();
                            pendingRange = k.range();
                        }
                        pending.append((String) k.value());
                        pendingRange = AstSource.safeSpan(pendingRange, k.range());
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
        root.invalid.concatenation(parts, r);
        if (!anyFString && !template) {
            return new Expr.Constant(bytes ? ConstantKind.BYTES : ConstantKind.STR, pending == null ? "" : pending.toString(), r);
        }
        if (pending != null && !pending.isEmpty()) values.add(new Expr.Constant(ConstantKind.STR, pending.toString(), pendingRange));
        // Literal parts of a concatenation take the whole expression's range in CPython; keep ours precise.
        return template ? new Expr.TemplateStr(values, r) : new Expr.JoinedStr(values, r);
    }

    /**
     * Before 3.12 an f-string was one token, so a string inside a replacement field could not
     * contain what ends the enclosing f-string: its quote if single-quoted, three of them if triple.
     */
    private void checkReusedQuote(Token t) {
        if (src.fstringQuotes.isEmpty()) return;
        String token = t.getText();
        int p = Literals.prefixLength(token);
        char q = token.charAt(p);
        boolean innerTriple = token.startsWith("" + q + q + q, p) && token.length() - p >= 6
                || t.getType() == PythonLexer.FSTRING_START && token.length() - p == 3;
        // fstringQuotes holds the quote char of each enclosing f-string, upper case when triple-quoted.
        boolean conflict = src.fstringQuotes.indexOf(String.valueOf(q)) >= 0
                || innerTriple && src.fstringQuotes.indexOf(q == '"' ? "D" : "S") >= 0;
        if (conflict) {
            src.requires(12, t, "reusing the enclosing quote inside an f-string",
                    "f-string: reusing the enclosing quote inside a replacement field requires Python 3.12 (target is " + src.target + ")");
        }
    }

    /** The parts of one f-string or t-string: literal Constants (unmerged) and fields. */
    private List<Expr> fstringParts(FstringContext f, boolean template) {
        Token start = f.FSTRING_START().getSymbol();
        if (template) src.requires(14, start, "t-strings");
        String startText = start.getText();
        int p = Literals.prefixLength(startText);
        boolean raw = startText.substring(0, p).toLowerCase(java.util.Locale.ROOT).indexOf('r') >= 0;
        checkReusedQuote(start);
        char quote = startText.charAt(p);
        src.fstringQuotes.append(startText.length() - p == 3 ? (quote == '"' ? 'D' : 'S') : quote);
        try {
            NodeList<Expr> out = new NodeList<>();
            collectParts(f.children, raw, template, out);
            return out;
        } finally {
            src.fstringQuotes.setLength(src.fstringQuotes.length() - 1);
        }
    }

    /** Literal runs and replacement fields of an f-string body or a format spec. */
    private void collectParts(List<ParseTree> kids, boolean raw, boolean template, List<Expr> out) {
        StringBuilder text = null;
        Token textStart = null;
        Token textEnd = null;
        for (int ci = 0; ci < kids.size(); ci++) {
            ParseTree k = kids.get(ci);
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
        if (v.error() != null) src.error(start, v.error());
        return new Expr.Constant(ConstantKind.STR, v.value() == null ? "" : v.value(), src.range(start, end));
    }

    private void field(Fstring_fieldContext f, boolean raw, boolean template, List<Expr> out) {
        Expr value = f.yield_expr() != null ? root.exprs.yieldExpr(f.yield_expr()) : root.exprs.testlistStar(f.testlist_star_expr());
        Token open = f.LBRACE().getSymbol();
        ParserRuleContext exprCtx = f.yield_expr() != null ? f.yield_expr() : f.testlist_star_expr();
        String exprText = src.source.text().isEmpty() ? "" : textBetween(open, exprCtx.getStop());
        if (exprText.indexOf('\\') >= 0) {
            src.requires(12, open, "a backslash inside an f-string expression",
                    "f-string expression part cannot include a backslash (before Python 3.12)");
        }
        int conversion = -1;
        if (f.EXCLAMATION() != null) {
            Token bang = f.EXCLAMATION().getSymbol();
            Token conv = f.name().getStart();
            root.invalid.conversion(bang, conv);
            conversion = conv.getText().charAt(0);
        }
        Expr spec = null;
        if (f.COLON() != null) {
            NodeList<Expr> parts = new NodeList<>();
            List<ParseTree> specKids = new ArrayList<>(f.fstring_spec());
            collectParts(specKids, raw, false, parts); // fields of a format spec are FormattedValues, also in t-strings
            Token colon = f.COLON().getSymbol();
            SourceRange sr = f.fstring_spec().isEmpty() ? src.range(colon)
                    : src.range(colon, f.fstring_spec(f.fstring_spec().size() - 1).getStop());
            spec = new Expr.JoinedStr(mergeConstants(parts), sr);
        }
        SourceRange r = src.range(f);
        if (f.EQUAL() != null) {
            // The '=' debug specifier: the expression's text, '=' and the spaces around it come first.
            Token eq = f.EQUAL().getSymbol();
            Token after = afterEqual(f);
            String debug = textBetweenExclusive(open, after);
            // CPython's range for it: from just after '{' to just before what follows the '=' and its spaces.
            SourceRange brace = src.range(open);
            SourceRange to = src.range(after);
            out.add(new Expr.Constant(ConstantKind.STR, debug, AstSource.safeSpan(
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
        NodeList<Expr> out = new NodeList<>();
        for (Expr e : parts) {
            if (e instanceof Expr.Constant k && ((String) k.value()).isEmpty()) continue;
            if (e instanceof Expr.Constant k && !out.isEmpty() && out.get(out.size() - 1) instanceof Expr.Constant prev) {
                out.set(out.size() - 1, new Expr.Constant(ConstantKind.STR, prev.value() + (String) k.value(), AstSource.safeSpan(prev.range(), k.range())));
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
        return a <= b ? src.source.text().substring(a, b) : "";
    }

    /** Source text after {@code open} up to (not including) {@code next}. */
    private String textBetweenExclusive(Token open, Token next) {
        int a = offsetAfter(open);
        int b = src.source.offset(next.getLine(), src.col(next.getLine(), next.getCharPositionInLine()));
        return a <= b ? src.source.text().substring(a, b) : "";
    }

    private int offsetAfter(Token t) {
        SourceRange r = src.range(t);
        return src.source.offset(r.endLine(), r.endColumn());
    }
}
