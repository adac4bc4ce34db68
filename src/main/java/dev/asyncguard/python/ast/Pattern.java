package dev.asyncguard.python.ast;

import java.util.List;
import java.util.function.Consumer;

/** {@code match} statement patterns (PEP 634), shaped as CPython's ast. */
public sealed interface Pattern extends Node {

    record MatchValue(Expr value, SourceRange range) implements Pattern {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
        }
    }

    /** {@code None}, {@code True} or {@code False}. */
    record MatchSingleton(Expr.Constant value, SourceRange range) implements Pattern {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            f.accept(value);
        }
    }

    record MatchSequence(List<Pattern> patterns, SourceRange range) implements Pattern {
        public MatchSequence {
            patterns = NodeList.immutable(patterns);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(patterns, f);
        }
    }

    /** {@code rest} is the name after {@code **}, or null. */
    record MatchMapping(List<Expr> keys, List<Pattern> patterns, String rest, SourceRange range) implements Pattern {
        public MatchMapping {
            keys = NodeList.immutable(keys);
            patterns = NodeList.immutable(patterns);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            for (int i = 0, n = keys.size(); i < n; i++) {
                f.accept(keys.get(i));
                f.accept(patterns.get(i));
            }
        }
    }

    record MatchClass(Expr cls, List<Pattern> patterns, List<String> kwdAttrs, List<Pattern> kwdPatterns,
                      SourceRange range) implements Pattern {
        public MatchClass {
            patterns = NodeList.immutable(patterns);
            kwdAttrs = NodeList.immutable(kwdAttrs);
            kwdPatterns = NodeList.immutable(kwdPatterns);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(cls, f);
            Nodes.all(patterns, f);
            Nodes.all(kwdPatterns, f);
        }
    }

    /** {@code *name} in a sequence pattern; {@code name} is null for {@code *_}. */
    record MatchStar(String name, SourceRange range) implements Pattern {
        @Override
        public void forEachChild(Consumer<? super Node> f) {}
    }

    /** {@code pattern as name}, a capture ({@code pattern} null) or the wildcard (both null). */
    record MatchAs(Pattern pattern, String name, SourceRange range) implements Pattern {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(pattern, f);
        }
    }

    record MatchOr(List<Pattern> patterns, SourceRange range) implements Pattern {
        public MatchOr {
            patterns = NodeList.immutable(patterns);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(patterns, f);
        }
    }
}
