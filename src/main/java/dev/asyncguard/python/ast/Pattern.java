package dev.asyncguard.python.ast;

import java.util.List;

/** {@code match} statement patterns (PEP 634), shaped as CPython's ast. */
public sealed interface Pattern extends Node {

    record MatchValue(Expr value, SourceRange range) implements Pattern {}

    /** {@code None}, {@code True} or {@code False}. */
    record MatchSingleton(Expr.Constant value, SourceRange range) implements Pattern {}

    record MatchSequence(List<Pattern> patterns, SourceRange range) implements Pattern {
        public MatchSequence {
            patterns = List.copyOf(patterns);
        }
    }

    /** {@code rest} is the name after {@code **}, or null. */
    record MatchMapping(List<Expr> keys, List<Pattern> patterns, String rest, SourceRange range) implements Pattern {
        public MatchMapping {
            keys = List.copyOf(keys);
            patterns = List.copyOf(patterns);
        }
    }

    record MatchClass(Expr cls, List<Pattern> patterns, List<String> kwdAttrs, List<Pattern> kwdPatterns,
                      SourceRange range) implements Pattern {
        public MatchClass {
            patterns = List.copyOf(patterns);
            kwdAttrs = List.copyOf(kwdAttrs);
            kwdPatterns = List.copyOf(kwdPatterns);
        }
    }

    /** {@code *name} in a sequence pattern; {@code name} is null for {@code *_}. */
    record MatchStar(String name, SourceRange range) implements Pattern {}

    /** {@code pattern as name}, a capture ({@code pattern} null) or the wildcard (both null). */
    record MatchAs(Pattern pattern, String name, SourceRange range) implements Pattern {}

    record MatchOr(List<Pattern> patterns, SourceRange range) implements Pattern {
        public MatchOr {
            patterns = List.copyOf(patterns);
        }
    }
}
