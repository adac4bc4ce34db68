package dev.asyncguard.python.ast;

import java.util.function.Consumer;

/** {@code name [as asname]} in an import; {@code name} may be dotted, or {@code "*"}. */
public record Alias(String name, String asname, SourceRange range) implements Node {
    /** The name this import binds in the importing scope. */
    public String boundName() {
        if (asname != null) return asname;
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    @Override
    public void forEachChild(Consumer<? super Node> f) {}
}
