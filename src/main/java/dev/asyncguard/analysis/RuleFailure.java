package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.SourceRange;

/** A rule threw: a bug in asyncguard, reported with the rule and the place so it can be fixed. */
public final class RuleFailure extends RuntimeException {
    private final String code;
    private final String path;

    public RuleFailure(String code, String path, SourceRange where, Throwable cause) {
        super(code + " failed on " + path + (where == null ? "" : " at " + where) + ": " + cause, cause);
        this.code = code;
        this.path = path;
    }

    public String code() {
        return code;
    }

    public String path() {
        return path;
    }
}
