package dev.asyncguard.python;

import dev.asyncguard.python.ast.*;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Pattern;

import java.math.BigDecimal;
import java.util.List;

/**
 * Our AST as text in the format of CPython 3.13's {@code ast.dump(node)} (field names, operator
 * classes, and fields that are None or [] left out), so a tree can be compared with CPython's.
 */
public final class AstDump {
    private final StringBuilder out = new StringBuilder();
    private final boolean positions;

    private AstDump(boolean positions) {
        this.positions = positions;
    }

    public static String dump(Node node) {
        AstDump d = new AstDump(false);
        d.node(node);
        return d.out.toString();
    }

    /** As {@code ast.dump(node, include_attributes=True)}: positions of the nodes that have them in CPython. */
    public static String dumpWithPositions(Node node) {
        AstDump d = new AstDump(true);
        d.node(node);
        return d.out.toString();
    }

    /** One node: its class, then each shown field. */
    private final class Fields {
        private boolean first = true;
        private final SourceRange range;

        Fields(String cls) {
            this(cls, null);
        }

        Fields(String cls, SourceRange range) {
            this.range = range;
            out.append(cls).append('(');
        }

        Fields field(String name, Object value) {
            if (value == null || (value instanceof List<?> l && l.isEmpty())) return this;
            sep(name);
            value(value);
            return this;
        }

        Fields raw(String name, String text) {
            sep(name);
            out.append(text);
            return this;
        }

        private void sep(String name) {
            if (!first) out.append(", ");
            first = false;
            out.append(name).append('=');
        }

        void end() {
            if (positions && range != null) {
                raw("lineno", Integer.toString(range.startLine())).raw("col_offset", Integer.toString(range.startColumn()))
                        .raw("end_lineno", Integer.toString(range.endLine()))
                        .raw("end_col_offset", Integer.toString(range.endColumn()));
            }
            out.append(')');
        }
    }

    private void value(Object v) {
        switch (v) {
            case Node n -> node(n);
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) out.append(", ");
                    Object x = l.get(i);
                    if (x == null) out.append("None");
                    else value(x);
                }
                out.append(']');
            }
            case String s -> out.append(pyRepr(s));
            case Ctx c -> out.append(switch (c) {
                case LOAD -> "Load()";
                case STORE -> "Store()";
                case DEL -> "Del()";
            });
            default -> out.append(v);
        }
    }

    private void node(Node n) {
        switch (n) {
            case Module m -> new Fields("Module").field("body", m.body()).end();
            case Stmt s -> stmt(s);
            case Expr e -> expr(e);
            case Pattern p -> pattern(p);
            case Arguments a -> new Fields("arguments").field("posonlyargs", a.posonlyargs()).field("args", a.args())
                    .field("vararg", a.vararg()).field("kwonlyargs", a.kwonlyargs()).field("kw_defaults", a.kwDefaults())
                    .field("kwarg", a.kwarg()).field("defaults", a.defaults()).end();
            case Arg a -> new Fields("arg", a.range()).field("arg", a.name()).field("annotation", a.annotation()).end();
            case Keyword k -> new Fields("keyword", k.range()).field("arg", k.name()).field("value", k.value()).end();
            case Alias a -> new Fields("alias", a.range()).field("name", a.name()).field("asname", a.asname()).end();
            case WithItem w -> new Fields("withitem").field("context_expr", w.contextExpr()).field("optional_vars", w.optionalVars()).end();
            case ExceptHandler h -> new Fields("ExceptHandler", h.range()).field("type", h.type()).field("name", h.name()).field("body", h.body()).end();
            case Comprehension c -> new Fields("comprehension").field("target", c.target()).field("iter", c.iter())
                    .field("ifs", c.ifs()).raw("is_async", c.isAsync() ? "1" : "0").end();
            case MatchCase c -> new Fields("match_case").field("pattern", c.pattern()).field("guard", c.guard()).field("body", c.body()).end();
            case TypeParam t -> {
                switch (t.kind()) {
                    case TYPE_VAR -> new Fields("TypeVar", t.range()).field("name", t.name()).field("bound", t.bound()).field("default_value", t.defaultValue()).end();
                    case TYPE_VAR_TUPLE -> new Fields("TypeVarTuple", t.range()).field("name", t.name()).field("default_value", t.defaultValue()).end();
                    case PARAM_SPEC -> new Fields("ParamSpec", t.range()).field("name", t.name()).field("default_value", t.defaultValue()).end();
                }
            }
        }
    }

    private void stmt(Stmt s) {
        switch (s) {
            case Stmt.FunctionDef f -> new Fields(f.isAsync() ? "AsyncFunctionDef" : "FunctionDef", f.range()).field("name", f.name())
                    .field("args", f.args()).field("body", f.body()).field("decorator_list", f.decorators())
                    .field("returns", f.returns()).field("type_params", f.typeParams()).end();
            case Stmt.ClassDef c -> new Fields("ClassDef", c.range()).field("name", c.name()).field("bases", c.bases())
                    .field("keywords", c.keywords()).field("body", c.body()).field("decorator_list", c.decorators())
                    .field("type_params", c.typeParams()).end();
            case Stmt.Return r -> new Fields("Return", r.range()).field("value", r.value()).end();
            case Stmt.Delete d -> new Fields("Delete", d.range()).field("targets", d.targets()).end();
            case Stmt.Assign a -> new Fields("Assign", a.range()).field("targets", a.targets()).field("value", a.value()).end();
            case Stmt.TypeAlias t -> new Fields("TypeAlias", t.range()).field("name", t.name()).field("type_params", t.typeParams())
                    .field("value", t.value()).end();
            case Stmt.AugAssign a -> new Fields("AugAssign", a.range()).field("target", a.target()).raw("op", binop(a.op()))
                    .field("value", a.value()).end();
            case Stmt.AnnAssign a -> new Fields("AnnAssign", a.range()).field("target", a.target()).field("annotation", a.annotation())
                    .field("value", a.value()).raw("simple", a.simple() ? "1" : "0").end();
            case Stmt.For f -> new Fields(f.isAsync() ? "AsyncFor" : "For", f.range()).field("target", f.target()).field("iter", f.iter())
                    .field("body", f.body()).field("orelse", f.orelse()).end();
            case Stmt.While w -> new Fields("While", w.range()).field("test", w.test()).field("body", w.body()).field("orelse", w.orelse()).end();
            case Stmt.If i -> new Fields("If", i.range()).field("test", i.test()).field("body", i.body()).field("orelse", i.orelse()).end();
            case Stmt.With w -> new Fields(w.isAsync() ? "AsyncWith" : "With", w.range()).field("items", w.items()).field("body", w.body()).end();
            case Stmt.Match m -> new Fields("Match", m.range()).field("subject", m.subject()).field("cases", m.cases()).end();
            case Stmt.Raise r -> new Fields("Raise", r.range()).field("exc", r.exc()).field("cause", r.cause()).end();
            case Stmt.Try t -> new Fields(t.isStar() ? "TryStar" : "Try", t.range()).field("body", t.body()).field("handlers", t.handlers())
                    .field("orelse", t.orelse()).field("finalbody", t.finalbody()).end();
            case Stmt.Assert a -> new Fields("Assert", a.range()).field("test", a.test()).field("msg", a.msg()).end();
            case Stmt.Import i -> new Fields("Import", i.range()).field("names", i.names()).end();
            case Stmt.ImportFrom i -> new Fields("ImportFrom", i.range()).field("module", i.module()).field("names", i.names())
                    .raw("level", Integer.toString(i.level())).end();
            case Stmt.Global g -> new Fields("Global", g.range()).field("names", g.names()).end();
            case Stmt.Nonlocal g -> new Fields("Nonlocal", g.range()).field("names", g.names()).end();
            case Stmt.ExprStmt e -> new Fields("Expr", e.range()).field("value", e.value()).end();
            case Stmt.Pass p -> new Fields("Pass", p.range()).end();
            case Stmt.Break b -> new Fields("Break", b.range()).end();
            case Stmt.Continue c -> new Fields("Continue", c.range()).end();
        }
    }

    private void expr(Expr e) {
        switch (e) {
            case Expr.BoolOp b -> new Fields("BoolOp", b.range()).raw("op", b.op().equals("and") ? "And()" : "Or()").field("values", b.values()).end();
            case Expr.NamedExpr n -> new Fields("NamedExpr", n.range()).field("target", n.target()).field("value", n.value()).end();
            case Expr.BinOp b -> new Fields("BinOp", b.range()).field("left", b.left()).raw("op", binop(b.op())).field("right", b.right()).end();
            case Expr.UnaryOp u -> new Fields("UnaryOp", u.range()).raw("op", switch (u.op()) {
                case "not" -> "Not()";
                case "-" -> "USub()";
                case "+" -> "UAdd()";
                default -> "Invert()";
            }).field("operand", u.operand()).end();
            case Expr.Lambda l -> new Fields("Lambda", l.range()).field("args", l.args()).field("body", l.body()).end();
            case Expr.IfExp i -> new Fields("IfExp", i.range()).field("test", i.test()).field("body", i.body()).field("orelse", i.orelse()).end();
            case Expr.Dict d -> new Fields("Dict", d.range()).field("keys", d.keys()).field("values", d.values()).end();
            case Expr.SetExpr s -> new Fields("Set", s.range()).field("elts", s.elts()).end();
            case Expr.ListComp c -> new Fields("ListComp", c.range()).field("elt", c.elt()).field("generators", c.generators()).end();
            case Expr.SetComp c -> new Fields("SetComp", c.range()).field("elt", c.elt()).field("generators", c.generators()).end();
            case Expr.DictComp c -> new Fields("DictComp", c.range()).field("key", c.key()).field("value", c.value()).field("generators", c.generators()).end();
            case Expr.GeneratorExp c -> new Fields("GeneratorExp", c.range()).field("elt", c.elt()).field("generators", c.generators()).end();
            case Expr.Await a -> new Fields("Await", a.range()).field("value", a.value()).end();
            case Expr.Yield y -> new Fields("Yield", y.range()).field("value", y.value()).end();
            case Expr.YieldFrom y -> new Fields("YieldFrom", y.range()).field("value", y.value()).end();
            case Expr.Compare c -> {
                StringBuilder ops = new StringBuilder("[");
                for (int i = 0; i < c.ops().size(); i++) {
                    if (i > 0) ops.append(", ");
                    ops.append(cmpop(c.ops().get(i)));
                }
                new Fields("Compare", c.range()).field("left", c.left()).raw("ops", ops.append(']').toString()).field("comparators", c.comparators()).end();
            }
            case Expr.Call c -> new Fields("Call", c.range()).field("func", c.func()).field("args", c.args()).field("keywords", c.keywords()).end();
            case Expr.FormattedValue v -> new Fields("FormattedValue", v.range()).field("value", v.value())
                    .raw("conversion", Integer.toString(v.conversion())).field("format_spec", v.formatSpec()).end();
            case Expr.Interpolation v -> new Fields("Interpolation", v.range()).field("value", v.value()).field("str", v.text())
                    .raw("conversion", Integer.toString(v.conversion())).field("format_spec", v.formatSpec()).end();
            case Expr.JoinedStr j -> new Fields("JoinedStr", j.range()).field("values", j.values()).end();
            case Expr.TemplateStr t -> new Fields("TemplateStr", t.range()).field("values", t.values()).end();
            case Expr.Constant k -> new Fields("Constant", k.range()).raw("value", constant(k)).end();
            case Expr.Attribute a -> new Fields("Attribute", a.range()).field("value", a.value()).field("attr", a.attr()).field("ctx", a.ctx()).end();
            case Expr.Subscript s -> new Fields("Subscript", s.range()).field("value", s.value()).field("slice", s.slice()).field("ctx", s.ctx()).end();
            case Expr.Starred s -> new Fields("Starred", s.range()).field("value", s.value()).field("ctx", s.ctx()).end();
            case Expr.Name n -> new Fields("Name", n.range()).field("id", n.id()).field("ctx", n.ctx()).end();
            case Expr.ListExpr l -> new Fields("List", l.range()).field("elts", l.elts()).field("ctx", l.ctx()).end();
            case Expr.Tuple t -> new Fields("Tuple", t.range()).field("elts", t.elts()).field("ctx", t.ctx()).end();
            case Expr.Slice s -> new Fields("Slice", s.range()).field("lower", s.lower()).field("upper", s.upper()).field("step", s.step()).end();
        }
    }

    private void pattern(Pattern p) {
        switch (p) {
            case Pattern.MatchValue v -> new Fields("MatchValue", v.range()).field("value", v.value()).end();
            case Pattern.MatchSingleton s -> new Fields("MatchSingleton", s.range()).raw("value", constant(s.value())).end();
            case Pattern.MatchSequence s -> new Fields("MatchSequence", s.range()).field("patterns", s.patterns()).end();
            case Pattern.MatchMapping m -> new Fields("MatchMapping", m.range()).field("keys", m.keys()).field("patterns", m.patterns())
                    .field("rest", m.rest()).end();
            case Pattern.MatchClass c -> new Fields("MatchClass", c.range()).field("cls", c.cls()).field("patterns", c.patterns())
                    .field("kwd_attrs", c.kwdAttrs()).field("kwd_patterns", c.kwdPatterns()).end();
            case Pattern.MatchStar s -> new Fields("MatchStar", s.range()).field("name", s.name()).end();
            case Pattern.MatchAs a -> new Fields("MatchAs", a.range()).field("pattern", a.pattern()).field("name", a.name()).end();
            case Pattern.MatchOr o -> new Fields("MatchOr", o.range()).field("patterns", o.patterns()).end();
        }
    }

    private static String binop(String op) {
        return switch (op) {
            case "+" -> "Add()";
            case "-" -> "Sub()";
            case "*" -> "Mult()";
            case "@" -> "MatMult()";
            case "/" -> "Div()";
            case "//" -> "FloorDiv()";
            case "%" -> "Mod()";
            case "**" -> "Pow()";
            case "<<" -> "LShift()";
            case ">>" -> "RShift()";
            case "|" -> "BitOr()";
            case "^" -> "BitXor()";
            case "&" -> "BitAnd()";
            default -> op;
        };
    }

    private static String cmpop(String op) {
        return switch (op) {
            case "==" -> "Eq()";
            case "!=" -> "NotEq()";
            case "<" -> "Lt()";
            case "<=" -> "LtE()";
            case ">" -> "Gt()";
            case ">=" -> "GtE()";
            case "is" -> "Is()";
            case "is not" -> "IsNot()";
            case "in" -> "In()";
            default -> "NotIn()";
        };
    }

    private static String constant(Expr.Constant k) {
        return switch (k.kind()) {
            case NONE -> "None";
            case TRUE -> "True";
            case FALSE -> "False";
            case ELLIPSIS -> "Ellipsis";
            case STR -> pyRepr((String) k.value());
            case BYTES -> "b" + pyRepr((String) k.value(), true);
            case INT -> k.value().toString();
            case FLOAT -> floatRepr((Double) k.value());
            case COMPLEX -> {
                double d = (Double) k.value();
                String r = floatRepr(d);
                yield (r.endsWith(".0") ? r.substring(0, r.length() - 2) : r) + "j";
            }
        };
    }

    /** Python's repr of a float: shortest round-trip digits, positional between 1e-4 and 1e16. */
    static String floatRepr(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (Double.isNaN(d)) return "nan";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal b = new BigDecimal(Double.toString(d));
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            String s = b.toPlainString();
            if (s.indexOf('.') < 0) s += ".0";
            return s;
        }
        String digits = b.unscaledValue().abs().toString().replaceAll("0+$", "");
        int exp = b.precision() - b.scale() - 1;
        String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return (d < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    static String pyRepr(String s) {
        return pyRepr(s, false);
    }

    /** Python's repr of a str (or of bytes held as latin-1 chars). */
    static String pyRepr(String s, boolean bytes) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == quote || c == '\\') b.append('\\').appendCodePoint(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else if (c < 0x20 || c == 0x7f || (bytes && c > 0x7e)) b.append(String.format("\\x%02x", c));
            else if (!bytes && !printable(c)) {
                if (c <= 0xff) b.append(String.format("\\x%02x", c));
                else if (c <= 0xffff) b.append(String.format("\\u%04x", c));
                else b.append(String.format("\\U%08x", c));
            } else b.appendCodePoint(c);
        }
        return b.append(quote).toString();
    }

    private static boolean printable(int c) {
        int t = Character.getType(c);
        return !(t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR
                || (t == Character.SPACE_SEPARATOR && c != ' '));
    }
}
