package dev.asyncguard.diff;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The new (RIGHT) side of one file's diff as line sets: the lines the change added, and the hunks
 * whose lines (added or context) a review comment may point at.
 */
public final class ChangedLines {
    private final BitSet added;
    private final List<Hunk> hunks;

    private ChangedLines(BitSet added, List<Hunk> hunks) {
        this.added = added;
        this.hunks = hunks;
    }

    static ChangedLines of(FileDiff file) {
        BitSet added = new BitSet();
        for (Hunk h : file.hunks()) {
            for (DiffLine l : h.lines()) {
                if (l.kind() == DiffLine.Kind.ADDED) added.set(l.newLine());
            }
        }
        return new ChangedLines(added, file.hunks());
    }

    public boolean isAdded(int newLine) {
        return newLine > 0 && added.get(newLine);
    }

    public boolean inHunk(int newLine) {
        return hunkContaining(newLine).isPresent();
    }

    public Optional<Hunk> hunkContaining(int newLine) {
        for (Hunk h : hunks) {
            if (h.coversNewLine(newLine)) return Optional.of(h);
        }
        return Optional.empty();
    }

    /** Whether every line from {@code first} to {@code last} lies inside one and the same hunk. */
    public boolean inOneHunk(int first, int last) {
        return first <= last && hunkContaining(first).filter(h -> h.coversNewLine(last)).isPresent();
    }

    /** The added line numbers in ascending order. */
    public int[] addedLines() {
        return added.stream().toArray();
    }
}
