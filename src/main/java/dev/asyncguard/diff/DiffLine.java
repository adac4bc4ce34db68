package dev.asyncguard.diff;

/**
 * One line of a hunk. {@code oldLine} is 0 for an added line, {@code newLine} is 0 for a removed
 * line. {@code text} is the content without the leading '+', '-' or ' ' and without a trailing
 * carriage return (which {@code carriageReturn} records, so CRLF files stay visible).
 */
public record DiffLine(Kind kind, String text, int oldLine, int newLine, boolean carriageReturn,
                       boolean noNewlineAtEnd) {

    public enum Kind { ADDED, REMOVED, CONTEXT }

    public DiffLine {
        if (text == null) throw new IllegalArgumentException("text must not be null");
    }

    /** A copy marked as the last line of its side, without a newline ({@code \ No newline at end of file}). */
    DiffLine withoutNewlineAtEnd() {
        return new DiffLine(kind, text, oldLine, newLine, carriageReturn, true);
    }
}
