package dev.asyncguard.review;

import java.util.ArrayList;
import java.util.List;

/**
 * A file's text split into lines as the diff numbers them: 1-based, without line terminators
 * (LF or CRLF). A text ending in a newline has no extra empty last line.
 */
public final class SourceLines {
    private final List<String> lines;

    public SourceLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(stripCr(text.substring(start, i)));
                start = i + 1;
            }
        }
        if (start < text.length()) out.add(stripCr(text.substring(start)));
        this.lines = List.copyOf(out);
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    public int count() {
        return lines.size();
    }

    /** Line {@code n} (1-based), or "" beyond the file. */
    public String line(int n) {
        return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
    }

    public boolean exists(int n) {
        return n >= 1 && n <= lines.size();
    }
}
