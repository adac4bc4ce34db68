package dev.asyncguard.python;

/** Why a file is not valid Python: a 1-based line, a 0-based column and a message for a person. */
public record SyntaxDiagnostic(int line, int column, String message) {
    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
