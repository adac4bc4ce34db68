package dev.asyncguard.diff;

import dev.asyncguard.analysis.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Marks findings against a diff: in a changed file, on an added line, inside a hunk, and reported
 * or not under a {@link FilterMode}. Pure: the same findings and diff give the same marks, and the
 * output has one entry per input finding, in input order.
 */
public final class DiffFilter {
    private final Map<String, ChangedLines> changedFiles = new HashMap<>();
    private final FilterMode mode;

    public DiffFilter(UnifiedDiff diff, FilterMode mode) {
        this(diff.files(), mode);
    }

    public DiffFilter(List<FileDiff> files, FilterMode mode) {
        this.mode = mode;
        for (FileDiff f : files) {
            // A deleted file has no new side; nothing found in the head can be in it.
            if (f.newPath() != null) changedFiles.put(f.newPath(), f.changedLines());
        }
    }

    public MarkedFinding mark(Finding f) {
        ChangedLines lines = changedFiles.get(f.path());
        boolean inFile = lines != null;
        boolean added = inFile && lines.isAdded(f.line());
        boolean inHunk = inFile && lines.inHunk(f.line());
        boolean reported = switch (mode) {
            case ADDED -> added;
            case DIFF_CONTEXT -> inHunk;
            case FILE -> inFile;
            case NOFILTER -> true;
        };
        return new MarkedFinding(f, inFile, added, inHunk, reported);
    }

    public List<MarkedFinding> mark(List<Finding> findings) {
        List<MarkedFinding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) out.add(mark(f));
        return out;
    }

    public FilterMode mode() {
        return mode;
    }
}
