package dev.asyncguard.review;

import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.analysis.Edit;
import dev.asyncguard.python.ast.SourceRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The whole lines {@code first..last} of a file that a fix's edits touch, and their text after the
 * edits ({@code replacement}, lines joined by '\n', no final newline; empty when the lines are deleted).
 * A GitHub suggestion replaces whole lines, so this is exactly what a ```suggestion block holds.
 */
public record EditedLines(int first, int last, String replacement) {

    /**
     * Applies {@code edits} to the full lines they touch; empty when they cannot be applied
     * (no edits, a range outside the file, overlapping edits, or a result that would not end on a
     * line boundary).
     */
    public static Optional<EditedLines> of(List<Edit> edits, SourceLines source) {
        if (edits.isEmpty()) return Optional.empty();
        int first = Integer.MAX_VALUE, last = 0;
        for (Edit e : edits) {
            SourceRange r = e.range();
            if (r.startLine() < 1) return Optional.empty();
            first = Math.min(first, r.startLine());
            // An edit that ends at column 0 of a line stops at the end of the line before it.
            int touchedLast = r.endColumn() == 0 && r.endLine() > r.startLine() ? r.endLine() - 1 : r.endLine();
            last = Math.max(last, touchedLast);
        }
        if (last > source.count()) return Optional.empty();
        // Each line keeps its newline here, so an edit that ends at column 0 of line last+1 has an offset.
        StringBuilder block = new StringBuilder();
        int[] lineStart = new int[last - first + 2];
        for (int n = first; n <= last; n++) {
            lineStart[n - first] = block.length();
            block.append(source.line(n)).append('\n');
        }
        lineStart[last - first + 1] = block.length();
        List<int[]> spans = new ArrayList<>();
        for (Edit e : edits) {
            int start = offset(e.range().startLine(), e.range().startColumn(), first, last, lineStart, source);
            int end = offset(e.range().endLine(), e.range().endColumn(), first, last, lineStart, source);
            if (start < 0 || end < start) return Optional.empty();
            spans.add(new int[] {start, end, spans.size()});
        }
        spans.sort(Comparator.comparingInt((int[] s) -> s[0]).thenComparingInt(s -> s[1]));
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i)[0] < spans.get(i - 1)[1]) return Optional.empty();
        }
        for (int i = spans.size() - 1; i >= 0; i--) {
            int[] s = spans.get(i);
            block.replace(s[0], s[1], edits.get(s[2]).replacement());
        }
        String result = block.toString();
        if (result.isEmpty()) return Optional.of(new EditedLines(first, last, ""));
        if (!result.endsWith("\n")) return Optional.empty();
        return Optional.of(new EditedLines(first, last, result.substring(0, result.length() - 1)));
    }

    private static int offset(int line, int column, int first, int last, int[] lineStart, SourceLines source) {
        if (line == last + 1 && column == 0) return lineStart[last - first + 1];
        if (line < first || line > last || column < 0 || column > source.line(line).length()) return -1;
        return lineStart[line - first] + column;
    }
}
