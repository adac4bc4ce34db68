package dev.asyncguard.review;

import dev.asyncguard.analysis.Finding;

/**
 * One review comment as GitHub places it: {@code line} on {@code side}, and for a range of lines
 * {@code startLine} (< line) on {@code startSide}; both null for a single line.
 */
public record InlineComment(String path, Integer startLine, Side startSide, int line, Side side, String body,
                            String fingerprint, Finding finding) {
    public InlineComment {
        if ((startLine == null) != (startSide == null)) throw new IllegalArgumentException("start_line and start_side go together");
        if (startLine != null && startLine >= line) throw new IllegalArgumentException("start_line must be before line");
        if (line < 1) throw new IllegalArgumentException("line must be positive");
    }
}
