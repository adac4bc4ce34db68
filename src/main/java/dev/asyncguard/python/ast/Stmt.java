package dev.asyncguard.python.ast;

import java.util.List;

/** Statements. Optional children are {@code null} where CPython's ast has {@code None}. */
public sealed interface Stmt extends Node {

    /** {@code def} and {@code async def}; {@code nameRange} is where the name is spelled. */
    record FunctionDef(String name, SourceRange nameRange, List<TypeParam> typeParams, Arguments args,
                       List<Stmt> body, List<Expr> decorators, Expr returns, boolean isAsync,
                       SourceRange range) implements Stmt {
        public FunctionDef {
            typeParams = List.copyOf(typeParams);
            body = List.copyOf(body);
            decorators = List.copyOf(decorators);
        }
    }

    record ClassDef(String name, SourceRange nameRange, List<TypeParam> typeParams, List<Expr> bases,
                    List<Keyword> keywords, List<Stmt> body, List<Expr> decorators,
                    SourceRange range) implements Stmt {
        public ClassDef {
            typeParams = List.copyOf(typeParams);
            bases = List.copyOf(bases);
            keywords = List.copyOf(keywords);
            body = List.copyOf(body);
            decorators = List.copyOf(decorators);
        }
    }

    record Return(Expr value, SourceRange range) implements Stmt {}

    record Delete(List<Expr> targets, SourceRange range) implements Stmt {
        public Delete {
            targets = List.copyOf(targets);
        }
    }

    /** {@code a = b = value}: one target per {@code =}. */
    record Assign(List<Expr> targets, Expr value, SourceRange range) implements Stmt {
        public Assign {
            targets = List.copyOf(targets);
        }
    }

    /** PEP 695 {@code type X[T] = ...}. */
    record TypeAlias(Expr.Name name, List<TypeParam> typeParams, Expr value, SourceRange range) implements Stmt {
        public TypeAlias {
            typeParams = List.copyOf(typeParams);
        }
    }

    /** {@code target op= value}; {@code op} is the operator without {@code =}, e.g. {@code "+"}. */
    record AugAssign(Expr target, String op, Expr value, SourceRange range) implements Stmt {}

    /** {@code target: annotation [= value]}; {@code simple} when the target is a plain unparenthesized name. */
    record AnnAssign(Expr target, Expr annotation, Expr value, boolean simple, SourceRange range) implements Stmt {}

    record For(Expr target, Expr iter, List<Stmt> body, List<Stmt> orelse, boolean isAsync,
               SourceRange range) implements Stmt {
        public For {
            body = List.copyOf(body);
            orelse = List.copyOf(orelse);
        }
    }

    record While(Expr test, List<Stmt> body, List<Stmt> orelse, SourceRange range) implements Stmt {
        public While {
            body = List.copyOf(body);
            orelse = List.copyOf(orelse);
        }
    }

    /** {@code elif} chains are nested {@code If}s in {@code orelse}, as in CPython. */
    record If(Expr test, List<Stmt> body, List<Stmt> orelse, SourceRange range) implements Stmt {
        public If {
            body = List.copyOf(body);
            orelse = List.copyOf(orelse);
        }
    }

    record With(List<WithItem> items, List<Stmt> body, boolean isAsync, SourceRange range) implements Stmt {
        public With {
            items = List.copyOf(items);
            body = List.copyOf(body);
        }
    }

    record Match(Expr subject, List<MatchCase> cases, SourceRange range) implements Stmt {
        public Match {
            cases = List.copyOf(cases);
        }
    }

    record Raise(Expr exc, Expr cause, SourceRange range) implements Stmt {}

    /** {@code try} and {@code try ... except*} ({@code isStar}). */
    record Try(List<Stmt> body, List<ExceptHandler> handlers, List<Stmt> orelse, List<Stmt> finalbody,
               boolean isStar, SourceRange range) implements Stmt {
        public Try {
            body = List.copyOf(body);
            handlers = List.copyOf(handlers);
            orelse = List.copyOf(orelse);
            finalbody = List.copyOf(finalbody);
        }
    }

    record Assert(Expr test, Expr msg, SourceRange range) implements Stmt {}

    record Import(List<Alias> names, SourceRange range) implements Stmt {
        public Import {
            names = List.copyOf(names);
        }
    }

    /** {@code from ..module import names}; {@code module} is null for {@code from . import x}. */
    record ImportFrom(String module, List<Alias> names, int level, SourceRange range) implements Stmt {
        public ImportFrom {
            names = List.copyOf(names);
        }
    }

    record Global(List<String> names, SourceRange range) implements Stmt {
        public Global {
            names = List.copyOf(names);
        }
    }

    record Nonlocal(List<String> names, SourceRange range) implements Stmt {
        public Nonlocal {
            names = List.copyOf(names);
        }
    }

    /** An expression used as a statement (CPython's {@code Expr}). */
    record ExprStmt(Expr value, SourceRange range) implements Stmt {}

    record Pass(SourceRange range) implements Stmt {}

    record Break(SourceRange range) implements Stmt {}

    record Continue(SourceRange range) implements Stmt {}
}
