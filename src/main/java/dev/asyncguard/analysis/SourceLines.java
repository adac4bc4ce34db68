package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.SourceRange;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A file's text with its line starts, so that a {@link SourceRange} (1-based lines, UTF-16
 * columns) maps to text: the source of a sub-expression for a fix, edits applied to the file, the
 * lines a review comment quotes or fingerprints. Lines break as CPython's tokenizer breaks them:
 * at {@code \n}, {@code \r\n} and a lone {@code \r}. The one way to split lines, for analysis and review.
 */
public final class SourceLines {
    private final String text;
    private final int[] lineStarts;

    public SourceLines(String text) {
        this.text = text;
        int[] starts = new int[Math.max(16, text.length() / 32)];
        int count = 1;
        if (text.indexOf('\r') < 0) {
            // Only \n breaks: String.indexOf scans far faster than a loop over chars.
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
                starts[count++] = i + 1;
            }
        } else {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                    if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
                    starts[count++] = i + 1;
                }
            }
        }
        lineStarts = Arrays.copyOf(starts, count);
    }

    public String text() {
        return text;
    }

    /** The line starts: a text ending in a line break has an empty last line here. */
    public int lineCount() {
        return lineStarts.length;
    }

    /** The number of lines as a diff numbers them: a final line break ends the last line, it starts none. */
    public int count() {
        return lineStarts[lineStarts.length - 1] == text.length() ? lineStarts.length - 1 : lineStarts.length;
    }

    /** Whether the file has a 1-based line {@code n}, as a diff numbers them. */
    public boolean exists(int n) {
        return n >= 1 && n <= count();
    }

    /** The offset in {@link #text()} of a 1-based line and a column, clamped to the text. */
    public int offset(int line, int column) {
        if (line < 1) return 0;
        if (line > lineStarts.length) return text.length();
        return Math.min(text.length(), lineStarts[line - 1] + column);
    }

    /** The text that {@code range} covers. */
    public String slice(SourceRange range) {
        return text.substring(offset(range.startLine(), range.startColumn()),
                offset(range.endLine(), range.endColumn()));
    }

    /** The text of a 1-based line without its line break; "" beyond the file. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int start = offset(line, 0);
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) end--;
        return text.substring(start, end);
    }

    /** The leading whitespace of a 1-based line. */
    public String indentation(int line) {
        String l = line(line);
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) i++;
        return l.substring(0, i);
    }

    /**
     * The text with {@code edits} applied. Edits must not overlap; they are applied from the end
     * so that earlier offsets stay valid.
     */
    public String apply(List<Edit> edits) {
        Edit[] sorted = edits.toArray(new Edit[0]);
        Arrays.sort(sorted, Comparator.comparingInt((Edit e) -> offset(e.range().startLine(), e.range().startColumn()))
                .reversed());
        StringBuilder out = new StringBuilder(text);
        int limit = Integer.MAX_VALUE;
        for (Edit e : sorted) {
            int start = offset(e.range().startLine(), e.range().startColumn());
            int end = offset(e.range().endLine(), e.range().endColumn());
            if (end > limit) throw new IllegalArgumentException("overlapping edits at " + e.range());
            out.replace(start, end, e.replacement());
            limit = start;
        }
        return out.toString();
    }
}
