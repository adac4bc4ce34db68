package dev.asyncguard.review;

import java.util.ArrayList;
import java.util.List;

/**
 * Text built line by line that must stay within a character limit (GitHub: 65,535 for a check-run
 * summary, 65,536 for a review or comment body). When it does not fit, whole lines are dropped from
 * the end and a note says how many; nothing is cut in the middle of a surrogate pair.
 */
final class BoundedText {
    private final List<String> lines = new ArrayList<>();
    private final int limit;
    private boolean truncated;

    BoundedText(int limit) {
        this.limit = limit;
    }

    BoundedText line(String s) {
        lines.add(s);
        return this;
    }

    BoundedText blank() {
        return line("");
    }

    /** The text within the limit; {@code note} is appended with the number of dropped lines when it did not fit. */
    String render(String noteFormat) {
        String whole = String.join("\n", lines);
        if (whole.length() <= limit) return whole;
        truncated = true;
        int kept = 0, length = 0;
        while (kept < lines.size()) {
            String note = "\n\n" + noteFormat.formatted(lines.size() - kept - 1);
            int next = length + (kept == 0 ? 0 : 1) + lines.get(kept).length();
            if (next + note.length() > limit) break;
            length = next;
            kept++;
        }
        String note = "\n\n" + noteFormat.formatted(lines.size() - kept);
        String head = String.join("\n", lines.subList(0, kept));
        if (kept == 0) {
            int room = Math.max(0, limit - note.length());
            head = lines.get(0).substring(0, safeCut(lines.get(0), room));
        }
        return head + note;
    }

    private static int safeCut(String s, int at) {
        at = Math.min(at, s.length());
        return at > 0 && Character.isHighSurrogate(s.charAt(at - 1)) ? at - 1 : at;
    }

    boolean truncated() {
        return truncated;
    }
}
