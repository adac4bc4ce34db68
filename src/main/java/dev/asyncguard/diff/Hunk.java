package dev.asyncguard.diff;

import java.util.List;

/**
 * One {@code @@ -oldStart,oldCount +newStart,newCount @@} block. A side with count 0 is empty (a new
 * or deleted file, or a pure insertion or deletion); its start is then the line before the change.
 */
public record Hunk(int oldStart, int oldCount, int newStart, int newCount, String section, List<DiffLine> lines) {

    public Hunk {
        if (oldStart < 0 || oldCount < 0 || newStart < 0 || newCount < 0) {
            throw new IllegalArgumentException("negative hunk range");
        }
        section = section == null ? "" : section;
        lines = List.copyOf(lines);
    }

    /** The first line on the new (RIGHT) side, or 0 when that side is empty. */
    public int newFirst() {
        return newCount == 0 ? 0 : newStart;
    }

    /** The last line on the new (RIGHT) side, or 0 when that side is empty. */
    public int newLast() {
        return newCount == 0 ? 0 : newStart + newCount - 1;
    }

    /** Whether a line of the new file is shown in this hunk (added or context), i.e. GitHub can comment on it. */
    public boolean coversNewLine(int line) {
        return newCount > 0 && line >= newStart && line <= newLast();
    }

    public String header() {
        return "@@ -" + oldStart + "," + oldCount + " +" + newStart + "," + newCount + " @@"
                + (section.isEmpty() ? "" : " " + section);
    }
}
