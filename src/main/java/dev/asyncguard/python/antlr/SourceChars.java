package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The lexer's input: a decoded source file as code points. One final class for every file, so that
 * the lexer's two calls per character ({@code LA}, {@code consume}) go to a single known method
 * that the JIT inlines; ANTLR's own streams pick one of three classes by the widest character,
 * and the calls stay virtual (lexing takes about a fifth longer, C1-compiled, CPython's library).
 * Text without supplementary characters (nearly all) is read as UTF-16 units, which then are
 * the code points; other text is converted to an array of code points.
 */
public final class SourceChars implements CharStream {
    private final String text;
    private final char[] units;
    private final int[] codePoints;
    private final int size;
    private int position;

    public SourceChars(String text) {
        this(text, text.codePointCount(0, text.length()) != text.length());
    }

    /** For a caller that already knows whether {@code text} has supplementary characters (the parser's line index does). */
    public SourceChars(String text, boolean supplementary) {
        this.text = text;
        this.units = supplementary ? null : text.toCharArray();
        this.codePoints = supplementary ? text.codePoints().toArray() : null;
        this.size = supplementary ? codePoints.length : units.length;
    }

    @Override
    public int LA(int i) {
        int k;
        if (i > 0) {
            k = position + i - 1;
            if (k >= size) return IntStream.EOF;
        } else if (i < 0) {
            k = position + i;
            if (k < 0) return IntStream.EOF;
        } else {
            return 0; // undefined by the IntStream contract
        }
        return units != null ? units[k] : codePoints[k];
    }

    @Override
    public void consume() {
        if (position >= size) throw new IllegalStateException("cannot consume EOF");
        position++;
    }

    @Override
    public int mark() {
        return -1; // the whole text stays in memory
    }

    @Override
    public void release(int marker) {
    }

    @Override
    public int index() {
        return position;
    }

    @Override
    public void seek(int index) {
        position = Math.max(0, Math.min(index, size));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String getSourceName() {
        return IntStream.UNKNOWN_SOURCE_NAME;
    }

    /** The code points from {@code a} to {@code b}, both included, clipped to the text. */
    @Override
    public String getText(Interval interval) {
        return text(interval.a, interval.b);
    }

    /** {@link #getText(Interval)} without an interval object: a token's text (see {@link PythonToken#getText()}). */
    String text(int a, int b) {
        int start = Math.max(0, Math.min(a, size));
        int count = Math.min(b - a + 1, size - start);
        if (count <= 0) return "";
        // Code point and UTF-16 indices agree when there are no supplementary characters.
        return units != null ? text.substring(start, start + count) : new String(codePoints, start, count);
    }

    /** The text as UTF-16 units, which are its code points; null when it has characters beyond the BMP. */
    char[] units() {
        return units;
    }

    /** The code point at {@code index} (0 &le; index &lt; size). */
    int at(int index) {
        return units != null ? units[index] : codePoints[index];
    }

    @Override
    public String toString() {
        return getText(Interval.of(0, size - 1));
    }
}
