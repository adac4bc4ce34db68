package dev.asyncguard.python.ast;

import java.util.List;
import java.util.function.Consumer;

/** Expressions. Optional children are {@code null} where CPython's ast has {@code None}. */
public sealed interface Expr extends Node {

    /** {@code and} / {@code or} over two or more values. */
    record BoolOp(String op, List<Expr> values, SourceRange range) implements Expr {
        public BoolOp {
            values = NodeList.immutable(values);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(values, f);
        }
    }

    /** The walrus, {@code target := value}. */
    record NamedExpr(Name target, Expr value, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            f.accept(target);
            Nodes.one(value, f);
        }
    }

    /** {@code op} is the operator as spelled: {@code + - * @ / // % ** << >> & | ^}. */
    record BinOp(Expr left, String op, Expr right, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(left, f);
            Nodes.one(right, f);
        }
    }

    /** {@code op} is {@code not}, {@code -}, {@code +} or {@code ~}. */
    record UnaryOp(String op, Expr operand, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(operand, f);
        }
    }

    record Lambda(Arguments args, Expr body, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            f.accept(args);
            Nodes.one(body, f);
        }
    }

    /** {@code body if test else orelse}. */
    record IfExp(Expr test, Expr body, Expr orelse, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(body, f);
            Nodes.one(test, f);
            Nodes.one(orelse, f);
        }
    }

    /** A key is {@code null} for a {@code **mapping} entry, as in CPython. */
    record Dict(List<Expr> keys, List<Expr> values, SourceRange range) implements Expr {
        public Dict {
            keys = NodeList.immutableWithNulls(keys);
            values = NodeList.immutable(values);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            for (int i = 0, n = values.size(); i < n; i++) {
                Nodes.one(keys.get(i), f);
                f.accept(values.get(i));
            }
        }
    }

    record SetExpr(List<Expr> elts, SourceRange range) implements Expr {
        public SetExpr {
            elts = NodeList.immutable(elts);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(elts, f);
        }
    }

    record ListComp(Expr elt, List<Comprehension> generators, SourceRange range) implements Expr {
        public ListComp {
            generators = NodeList.immutable(generators);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(elt, f);
            Nodes.all(generators, f);
        }
    }

    record SetComp(Expr elt, List<Comprehension> generators, SourceRange range) implements Expr {
        public SetComp {
            generators = NodeList.immutable(generators);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(elt, f);
            Nodes.all(generators, f);
        }
    }

    record DictComp(Expr key, Expr value, List<Comprehension> generators, SourceRange range) implements Expr {
        public DictComp {
            generators = NodeList.immutable(generators);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(key, f);
            Nodes.one(value, f);
            Nodes.all(generators, f);
        }
    }

    record GeneratorExp(Expr elt, List<Comprehension> generators, SourceRange range) implements Expr {
        public GeneratorExp {
            generators = NodeList.immutable(generators);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(elt, f);
            Nodes.all(generators, f);
        }
    }

    record Await(Expr value, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
        }
    }

    record Yield(Expr value, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
        }
    }

    record YieldFrom(Expr value, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
        }
    }

    /** {@code ops} as spelled: {@code == != < <= > >= is "is not" in "not in"}. */
    record Compare(Expr left, List<String> ops, List<Expr> comparators, SourceRange range) implements Expr {
        public Compare {
            ops = NodeList.immutable(ops);
            comparators = NodeList.immutable(comparators);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(left, f);
            Nodes.all(comparators, f);
        }
    }

    /** Positional arguments (including {@code *args} as {@link Starred}) and keywords (including {@code **kw}). */
    record Call(Expr func, List<Expr> args, List<Keyword> keywords, SourceRange range) implements Expr {
        public Call {
            args = NodeList.immutable(args);
            keywords = NodeList.immutable(keywords);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(func, f);
            Nodes.all(args, f);
            Nodes.all(keywords, f);
        }
    }

    /**
     * A replacement field of an f-string ({@code Interpolation} in a t-string, where {@code text} is
     * the expression's source). {@code conversion} is -1, or one of {@code 's' 'r' 'a'};
     * {@code formatSpec} is null or a {@link JoinedStr}. A {@code =} debug specifier appears, as in
     * CPython, as a preceding literal {@link Constant} holding the expression's text.
     */
    record FormattedValue(Expr value, int conversion, Expr formatSpec, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
            Nodes.one(formatSpec, f);
        }
    }

    record Interpolation(Expr value, String text, int conversion, Expr formatSpec, SourceRange range)
            implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
            Nodes.one(formatSpec, f);
        }
    }

    /** An f-string: literal {@link Constant} parts and {@link FormattedValue}s. */
    record JoinedStr(List<Expr> values, SourceRange range) implements Expr {
        public JoinedStr {
            values = NodeList.immutable(values);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(values, f);
        }
    }

    /** A PEP 750 t-string: literal {@link Constant} parts and {@link Interpolation}s. */
    record TemplateStr(List<Expr> values, SourceRange range) implements Expr {
        public TemplateStr {
            values = NodeList.immutable(values);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(values, f);
        }
    }

    /**
     * A literal. {@code value} is a {@link String} (str, concatenation already applied), a
     * {@code byte[]}-free {@link String} of latin-1 chars for bytes ({@code kind} BYTES), a
     * {@link java.math.BigInteger}, a {@link Double}, the imaginary part as {@link Double} ({@code
     * kind} COMPLEX), a {@link Boolean}, or null for {@code None} and {@code ...}.
     */
    record Constant(ConstantKind kind, Object value, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {}
    }

    enum ConstantKind {
        STR, BYTES, INT, FLOAT, COMPLEX, TRUE, FALSE, NONE, ELLIPSIS
    }

    record Attribute(Expr value, String attr, Ctx ctx, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
        }
    }

    record Subscript(Expr value, Expr slice, Ctx ctx, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
            Nodes.one(slice, f);
        }
    }

    record Starred(Expr value, Ctx ctx, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
        }
    }

    record Name(String id, Ctx ctx, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {}
    }

    /** A list display ({@code List} in CPython's ast). */
    record ListExpr(java.util.List<Expr> elts, Ctx ctx, SourceRange range) implements Expr {
        public ListExpr {
            elts = NodeList.immutable(elts);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(elts, f);
        }
    }

    record Tuple(java.util.List<Expr> elts, Ctx ctx, SourceRange range) implements Expr {
        public Tuple {
            elts = NodeList.immutable(elts);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(elts, f);
        }
    }

    /** {@code lower:upper:step} inside a subscript; each part may be null. */
    record Slice(Expr lower, Expr upper, Expr step, SourceRange range) implements Expr {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(lower, f);
            Nodes.one(upper, f);
            Nodes.one(step, f);
        }
    }
}
