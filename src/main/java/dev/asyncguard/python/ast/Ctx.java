package dev.asyncguard.python.ast;

/** Whether an expression is read, assigned or deleted (CPython's expr_context). */
public enum Ctx {
    LOAD, STORE, DEL
}
