package dev.asyncguard.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line, as {@code diff -u} and {@code git diff} print it
 * (three lines of context, hunks merged when their context touches): what {@code check --diff}
 * shows instead of writing fixes. Lines are compared with Myers' O((N+M)D) algorithm, so a fix
 * of a few lines in a long file costs little.
 */
public final class TextDiff {
    static final int CONTEXT = 3;

    private TextDiff() {}

    /** The diff from {@code before} to {@code after}, or "" when they are equal. */
    public static String unified(String oldName, String newName, String before, String after) {
        if (before.equals(after)) return "";
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<int[]> ops = script(a, b);      // {kind, aIndex, bIndex}: 0 same, 1 removed, 2 added
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
        int i = 0;
        while (i < ops.size()) {
            while (i < ops.size() && ops.get(i)[0] == 0) i++;
            if (i == ops.size()) break;
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // Extend over changes whose context overlaps.
            while (true) {
                while (end < ops.size() && ops.get(end)[0] != 0) end++;
                int same = end;
                while (same < ops.size() && ops.get(same)[0] == 0 && same - end < 2 * CONTEXT) same++;
                if (same < ops.size() && ops.get(same)[0] != 0) {
                    end = same;
                    continue;
                }
                end = Math.min(ops.size(), end + CONTEXT);
                break;
            }
            int aStart = -1;
            int bStart = -1;
            int aCount = 0;
            int bCount = 0;
            StringBuilder body = new StringBuilder();
            for (int k = start; k < end; k++) {
                int[] op = ops.get(k);
                if (op[0] != 2) {
                    if (aStart < 0) aStart = op[1];
                    aCount++;
                }
                if (op[0] != 1) {
                    if (bStart < 0) bStart = op[2];
                    bCount++;
                }
                String text = op[0] == 2 ? b.get(op[2]) : a.get(op[1]);
                body.append(op[0] == 0 ? ' ' : op[0] == 1 ? '-' : '+').append(strip(text)).append('\n');
                if (!text.endsWith("\n")) body.append("\\ No newline at end of file\n");
            }
            if (aStart < 0) aStart = firstIndex(ops, start, 1);
            if (bStart < 0) bStart = firstIndex(ops, start, 2);
            out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount)).append(" @@\n");
            out.append(body);
            i = end;
        }
        return out.toString();
    }

    /** The position a hunk without lines on one side starts at: the line before it. */
    private static int firstIndex(List<int[]> ops, int at, int side) {
        return at < ops.size() ? ops.get(at)[side] - 1 : -1;
    }

    private static String range(int start, int count) {
        // 1-based; an empty side names the line before it, as diff does.
        int first = count == 0 ? start + 1 : start + 1;
        return count == 1 ? Integer.toString(first) : first + "," + count;
    }

    private static String strip(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) end--;
        return line.substring(0, end);
    }

    /** Lines with their line breaks, so that a missing final newline shows. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }

    /** The shortest edit script, as a list of {kind, aIndex, bIndex}; indexes of the line each op concerns. */
    static List<int[]> script(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
        }
        // Walk back through the saved frontiers.
        List<int[]> ops = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] prev = trace.get(d);
            int k = x - y;
            int prevK = (k == -d || (k != d && prev[offset + k - 1] < prev[offset + k + 1])) ? k + 1 : k - 1;
            int prevX = prev[offset + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) ops.add(new int[] {0, --x, --y});
            if (x == prevX) ops.add(new int[] {2, x, --y});
            else ops.add(new int[] {1, --x, y});
        }
        while (x > 0 && y > 0) ops.add(new int[] {0, --x, --y});
        java.util.Collections.reverse(ops);
        return ops;
    }
}
