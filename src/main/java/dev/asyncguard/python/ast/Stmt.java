package dev.asyncguard.python.ast;

import java.util.List;
import java.util.function.Consumer;

/** Statements. Optional children are {@code null} where CPython's ast has {@code None}. */
public sealed interface Stmt extends Node {

    /** {@code def} and {@code async def}; {@code nameRange} is where the name is spelled. */
    record FunctionDef(String name, SourceRange nameRange, List<TypeParam> typeParams, Arguments args,
                       List<Stmt> body, List<Expr> decorators, Expr returns, boolean isAsync,
                       SourceRange range) implements Stmt {
        public FunctionDef {
            typeParams = NodeList.immutable(typeParams);
            body = NodeList.immutable(body);
            decorators = NodeList.immutable(decorators);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(decorators, f);
            Nodes.all(typeParams, f);
            f.accept(args);
            Nodes.one(returns, f);
            Nodes.all(body, f);
        }
    }

    record ClassDef(String name, SourceRange nameRange, List<TypeParam> typeParams, List<Expr> bases,
                    List<Keyword> keywords, List<Stmt> body, List<Expr> decorators,
                    SourceRange range) implements Stmt {
        public ClassDef {
            typeParams = NodeList.immutable(typeParams);
            bases = NodeList.immutable(bases);
            keywords = NodeList.immutable(keywords);
            body = NodeList.immutable(body);
            decorators = NodeList.immutable(decorators);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(decorators, f);
            Nodes.all(typeParams, f);
            Nodes.all(bases, f);
            Nodes.all(keywords, f);
            Nodes.all(body, f);
        }
    }

    record Return(Expr value, SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
        }
    }

    record Delete(List<Expr> targets, SourceRange range) implements Stmt {
        public Delete {
            targets = NodeList.immutable(targets);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(targets, f);
        }
    }

    /** {@code a = b = value}: one target per {@code =}. */
    record Assign(List<Expr> targets, Expr value, SourceRange range) implements Stmt {
        public Assign {
            targets = NodeList.immutable(targets);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(targets, f);
            Nodes.one(value, f);
        }
    }

    /** PEP 695 {@code type X[T] = ...}. */
    record TypeAlias(Expr.Name name, List<TypeParam> typeParams, Expr value, SourceRange range) implements Stmt {
        public TypeAlias {
            typeParams = NodeList.immutable(typeParams);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            f.accept(name);
            Nodes.all(typeParams, f);
            Nodes.one(value, f);
        }
    }

    /** {@code target op= value}; {@code op} is the operator without {@code =}, e.g. {@code "+"}. */
    record AugAssign(Expr target, String op, Expr value, SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(target, f);
            Nodes.one(value, f);
        }
    }

    /** {@code target: annotation [= value]}; {@code simple} when the target is a plain unparenthesized name. */
    record AnnAssign(Expr target, Expr annotation, Expr value, boolean simple, SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(target, f);
            Nodes.one(annotation, f);
            Nodes.one(value, f);
        }
    }

    record For(Expr target, Expr iter, List<Stmt> body, List<Stmt> orelse, boolean isAsync,
               SourceRange range) implements Stmt {
        public For {
            body = NodeList.immutable(body);
            orelse = NodeList.immutable(orelse);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(target, f);
            Nodes.one(iter, f);
            Nodes.all(body, f);
            Nodes.all(orelse, f);
        }
    }

    record While(Expr test, List<Stmt> body, List<Stmt> orelse, SourceRange range) implements Stmt {
        public While {
            body = NodeList.immutable(body);
            orelse = NodeList.immutable(orelse);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(test, f);
            Nodes.all(body, f);
            Nodes.all(orelse, f);
        }
    }

    /** {@code elif} chains are nested {@code If}s in {@code orelse}, as in CPython. */
    record If(Expr test, List<Stmt> body, List<Stmt> orelse, SourceRange range) implements Stmt {
        public If {
            body = NodeList.immutable(body);
            orelse = NodeList.immutable(orelse);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(test, f);
            Nodes.all(body, f);
            Nodes.all(orelse, f);
        }
    }

    record With(List<WithItem> items, List<Stmt> body, boolean isAsync, SourceRange range) implements Stmt {
        public With {
            items = NodeList.immutable(items);
            body = NodeList.immutable(body);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(items, f);
            Nodes.all(body, f);
        }
    }

    record Match(Expr subject, List<MatchCase> cases, SourceRange range) implements Stmt {
        public Match {
            cases = NodeList.immutable(cases);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(subject, f);
            Nodes.all(cases, f);
        }
    }

    record Raise(Expr exc, Expr cause, SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(exc, f);
            Nodes.one(cause, f);
        }
    }

    /** {@code try} and {@code try ... except*} ({@code isStar}). */
    record Try(List<Stmt> body, List<ExceptHandler> handlers, List<Stmt> orelse, List<Stmt> finalbody,
               boolean isStar, SourceRange range) implements Stmt {
        public Try {
            body = NodeList.immutable(body);
            handlers = NodeList.immutable(handlers);
            orelse = NodeList.immutable(orelse);
            finalbody = NodeList.immutable(finalbody);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(body, f);
            Nodes.all(handlers, f);
            Nodes.all(orelse, f);
            Nodes.all(finalbody, f);
        }
    }

    record Assert(Expr test, Expr msg, SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(test, f);
            Nodes.one(msg, f);
        }
    }

    record Import(List<Alias> names, SourceRange range) implements Stmt {
        public Import {
            names = NodeList.immutable(names);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(names, f);
        }
    }

    /** {@code from ..module import names}; {@code module} is null for {@code from . import x}. */
    record ImportFrom(String module, List<Alias> names, int level, SourceRange range) implements Stmt {
        public ImportFrom {
            names = NodeList.immutable(names);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.all(names, f);
        }
    }

    record Global(List<String> names, SourceRange range) implements Stmt {
        public Global {
            names = NodeList.immutable(names);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {}
    }

    record Nonlocal(List<String> names, SourceRange range) implements Stmt {
        public Nonlocal {
            names = NodeList.immutable(names);
        }

        @Override
        public void forEachChild(Consumer<? super Node> f) {}
    }

    /** An expression used as a statement (CPython's {@code Expr}). */
    record ExprStmt(Expr value, SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {
            Nodes.one(value, f);
        }
    }

    record Pass(SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {}
    }

    record Break(SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {}
    }

    record Continue(SourceRange range) implements Stmt {
        @Override
        public void forEachChild(Consumer<? super Node> f) {}
    }
}
