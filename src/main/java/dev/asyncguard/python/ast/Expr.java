package dev.asyncguard.python.ast;

import java.util.List;

/** Expressions. Optional children are {@code null} where CPython's ast has {@code None}. */
public sealed interface Expr extends Node {

    /** {@code and} / {@code or} over two or more values. */
    record BoolOp(String op, List<Expr> values, SourceRange range) implements Expr {
        public BoolOp {
            values = List.copyOf(values);
        }
    }

    /** The walrus, {@code target := value}. */
    record NamedExpr(Name target, Expr value, SourceRange range) implements Expr {}

    /** {@code op} is the operator as spelled: {@code + - * @ / // % ** << >> & | ^}. */
    record BinOp(Expr left, String op, Expr right, SourceRange range) implements Expr {}

    /** {@code op} is {@code not}, {@code -}, {@code +} or {@code ~}. */
    record UnaryOp(String op, Expr operand, SourceRange range) implements Expr {}

    record Lambda(Arguments args, Expr body, SourceRange range) implements Expr {}

    /** {@code body if test else orelse}. */
    record IfExp(Expr test, Expr body, Expr orelse, SourceRange range) implements Expr {}

    /** A key is {@code null} for a {@code **mapping} entry, as in CPython. */
    record Dict(List<Expr> keys, List<Expr> values, SourceRange range) implements Expr {
        public Dict {
            keys = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(keys));
            values = List.copyOf(values);
        }
    }

    record SetExpr(List<Expr> elts, SourceRange range) implements Expr {
        public SetExpr {
            elts = List.copyOf(elts);
        }
    }

    record ListComp(Expr elt, List<Comprehension> generators, SourceRange range) implements Expr {
        public ListComp {
            generators = List.copyOf(generators);
        }
    }

    record SetComp(Expr elt, List<Comprehension> generators, SourceRange range) implements Expr {
        public SetComp {
            generators = List.copyOf(generators);
        }
    }

    record DictComp(Expr key, Expr value, List<Comprehension> generators, SourceRange range) implements Expr {
        public DictComp {
            generators = List.copyOf(generators);
        }
    }

    record GeneratorExp(Expr elt, List<Comprehension> generators, SourceRange range) implements Expr {
        public GeneratorExp {
            generators = List.copyOf(generators);
        }
    }

    record Await(Expr value, SourceRange range) implements Expr {}

    record Yield(Expr value, SourceRange range) implements Expr {}

    record YieldFrom(Expr value, SourceRange range) implements Expr {}

    /** {@code ops} as spelled: {@code == != < <= > >= is "is not" in "not in"}. */
    record Compare(Expr left, List<String> ops, List<Expr> comparators, SourceRange range) implements Expr {
        public Compare {
            ops = List.copyOf(ops);
            comparators = List.copyOf(comparators);
        }
    }

    /** Positional arguments (including {@code *args} as {@link Starred}) and keywords (including {@code **kw}). */
    record Call(Expr func, List<Expr> args, List<Keyword> keywords, SourceRange range) implements Expr {
        public Call {
            args = List.copyOf(args);
            keywords = List.copyOf(keywords);
        }
    }

    /**
     * A replacement field of an f-string ({@code Interpolation} in a t-string, where {@code text} is
     * the expression's source). {@code conversion} is -1, or one of {@code 's' 'r' 'a'};
     * {@code formatSpec} is null or a {@link JoinedStr}. A {@code =} debug specifier appears, as in
     * CPython, as a preceding literal {@link Constant} holding the expression's text.
     */
    record FormattedValue(Expr value, int conversion, Expr formatSpec, SourceRange range) implements Expr {}

    record Interpolation(Expr value, String text, int conversion, Expr formatSpec, SourceRange range)
            implements Expr {}

    /** An f-string: literal {@link Constant} parts and {@link FormattedValue}s. */
    record JoinedStr(List<Expr> values, SourceRange range) implements Expr {
        public JoinedStr {
            values = List.copyOf(values);
        }
    }

    /** A PEP 750 t-string: literal {@link Constant} parts and {@link Interpolation}s. */
    record TemplateStr(List<Expr> values, SourceRange range) implements Expr {
        public TemplateStr {
            values = List.copyOf(values);
        }
    }

    /**
     * A literal. {@code value} is a {@link String} (str, concatenation already applied), a
     * {@code byte[]}-free {@link String} of latin-1 chars for bytes ({@code kind} BYTES), a
     * {@link java.math.BigInteger}, a {@link Double}, the imaginary part as {@link Double} ({@code
     * kind} COMPLEX), a {@link Boolean}, or null for {@code None} and {@code ...}.
     */
    record Constant(ConstantKind kind, Object value, SourceRange range) implements Expr {}

    enum ConstantKind {
        STR, BYTES, INT, FLOAT, COMPLEX, TRUE, FALSE, NONE, ELLIPSIS
    }

    record Attribute(Expr value, String attr, Ctx ctx, SourceRange range) implements Expr {}

    record Subscript(Expr value, Expr slice, Ctx ctx, SourceRange range) implements Expr {}

    record Starred(Expr value, Ctx ctx, SourceRange range) implements Expr {}

    record Name(String id, Ctx ctx, SourceRange range) implements Expr {}

    /** A list display ({@code List} in CPython's ast). */
    record ListExpr(java.util.List<Expr> elts, Ctx ctx, SourceRange range) implements Expr {
        public ListExpr {
            elts = java.util.List.copyOf(elts);
        }
    }

    record Tuple(java.util.List<Expr> elts, Ctx ctx, SourceRange range) implements Expr {
        public Tuple {
            elts = java.util.List.copyOf(elts);
        }
    }

    /** {@code lower:upper:step} inside a subscript; each part may be null. */
    record Slice(Expr lower, Expr upper, Expr step, SourceRange range) implements Expr {}
}
