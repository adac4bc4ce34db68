package dev.asyncguard.diff;

import java.util.List;

/**
 * The change to one file. {@code oldPath} is null for an added file, {@code newPath} null for a
 * deleted one. Modes are git's octal strings (null when the diff does not say). A binary file has no
 * hunks; neither has a pure rename or a mode change.
 */
public record FileDiff(String oldPath, String newPath, FileStatus status, String oldMode, String newMode,
                       boolean binary, List<Hunk> hunks) {

    public FileDiff {
        if (status == null) throw new IllegalArgumentException("status must not be null");
        if (oldPath == null && newPath == null) throw new IllegalArgumentException("a file diff needs a path");
        hunks = List.copyOf(hunks);
    }

    /** The path a reviewer sees: the new path, or the old one when the file was deleted. */
    public String path() {
        return newPath != null ? newPath : oldPath;
    }

    public boolean modeChanged() {
        return oldMode != null && newMode != null && !oldMode.equals(newMode);
    }

    /** The lines of the new file that this change added or shows. */
    public ChangedLines changedLines() {
        return ChangedLines.of(this);
    }
}
