package dev.asyncguard.diff;

import java.util.List;
import java.util.Optional;

/** A parsed diff of several files, in the order the diff listed them. */
public record UnifiedDiff(List<FileDiff> files) {
    public UnifiedDiff {
        files = List.copyOf(files);
    }

    /** The file whose new path (or, for a deleted file, old path) is {@code path}. */
    public Optional<FileDiff> file(String path) {
        return files.stream().filter(f -> path.equals(f.path())).findFirst();
    }
}
