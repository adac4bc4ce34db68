package dev.asyncguard.python.ast;

/**
 * Where a node or token sits in its file. Lines are 1-based; columns are 0-based offsets in UTF-16
 * code units within the line (Java string indices), end exclusive. Identical in shape to CPython's
 * lineno/col_offset/end_lineno/end_col_offset except that CPython counts UTF-8 bytes.
 */
public record SourceRange(int startLine, int startColumn, int endLine, int endColumn) {
    public static final SourceRange NONE = new SourceRange(0, 0, 0, 0);

    public SourceRange {
        if (startLine < 0 || endLine < startLine || (endLine == startLine && endColumn < startColumn)) {
            throw new IllegalArgumentException(
                    "bad range " + startLine + ":" + startColumn + "-" + endLine + ":" + endColumn);
        }
    }

    public static SourceRange of(int line, int column) {
        return new SourceRange(line, column, line, column);
    }

    /** The smallest range that covers both. */
    public SourceRange union(SourceRange other) {
        if (this == NONE) return other;
        if (other == NONE) return this;
        boolean thisStartsFirst = startLine < other.startLine
                || (startLine == other.startLine && startColumn <= other.startColumn);
        boolean thisEndsLast = endLine > other.endLine
                || (endLine == other.endLine && endColumn >= other.endColumn);
        return new SourceRange(
                thisStartsFirst ? startLine : other.startLine,
                thisStartsFirst ? startColumn : other.startColumn,
                thisEndsLast ? endLine : other.endLine,
                thisEndsLast ? endColumn : other.endColumn);
    }

    public boolean containsLine(int line) {
        return line >= startLine && line <= endLine;
    }

    public boolean contains(SourceRange inner) {
        return union(inner).equals(this);
    }

    @Override
    public String toString() {
        return startLine + ":" + startColumn + "-" + endLine + ":" + endColumn;
    }
}
