package dev.asyncguard.python;

import java.util.Arrays;

/**
 * A decoded source file (line ends already turned into '\n') with access by line. Columns are
 * UTF-16 offsets, as in {@link dev.asyncguard.python.ast.SourceRange}.
 */
public final class SourceText {
    private final String text;
    private final int[] lineStarts;
    private final boolean hasSupplementary;
    /** With supplementary characters: which lines (0-based) have any; columns elsewhere need no conversion. */
    private final java.util.BitSet supplementaryLines;

    public SourceText(String text) {
        this.text = text;
        int[] starts = new int[Math.max(64, text.length() / 32)];
        int n = 0;
        starts[n++] = 0;
        // indexOf and codePointCount are intrinsics (and the latter is free for Latin-1 text).
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
            if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
            starts[n++] = nl + 1;
        }
        this.lineStarts = Arrays.copyOf(starts, n);
        this.hasSupplementary = text.codePointCount(0, text.length()) != text.length();
        this.supplementaryLines = hasSupplementary ? linesWithSurrogates() : null;
    }

    /** Whether the text has characters beyond the BMP, so that code point and UTF-16 columns differ. */
    public boolean hasSupplementary() {
        return hasSupplementary;
    }

    public String text() {
        return text;
    }

    /** Number of lines; a file ending in '\n' does not count an empty last line. */
    public int lineCount() {
        int n = lineStarts.length;
        return n > 1 && lineStarts[n - 1] == text.length() ? n - 1 : n;
    }

    /** The text of a 1-based line, without its line end; "" outside the file. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        return text.substring(start, Math.max(start, end));
    }

    /** Offset in {@link #text()} of a 1-based line and UTF-16 column. */
    public int offset(int line, int column) {
        if (line < 1) return 0;
        if (line > lineStarts.length) return text.length();
        return Math.min(text.length(), lineStarts[line - 1] + column);
    }

    private java.util.BitSet linesWithSurrogates() {
        java.util.BitSet lines = new java.util.BitSet();
        int line = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') line++;
            else if (Character.isHighSurrogate(c)) lines.set(line);
        }
        return lines;
    }

    /** The 1-based line that the character at {@code offset} is on. */
    public int lineOf(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** The offset in {@link #text()} at which a 1-based line starts. */
    public int lineStart(int line) {
        return lineStarts[Math.max(0, Math.min(line, lineStarts.length) - 1)];
    }

    /** A column counted in code points (as the lexer counts) as a UTF-16 column. */
    int utf16Column(int line, int codePointColumn) {
        if (!hasSupplementary || line < 1 || line > lineStarts.length || !supplementaryLines.get(line - 1)) {
            return codePointColumn;
        }
        int start = lineStarts[line - 1];
        int i = start;
        for (int k = 0; k < codePointColumn && i < text.length(); k++) {
            i += Character.isHighSurrogate(text.charAt(i)) ? 2 : 1;
        }
        return i - start;
    }
}
