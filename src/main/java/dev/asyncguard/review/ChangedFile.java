package dev.asyncguard.review;

import dev.asyncguard.diff.FileDiff;

/**
 * A file of the change as the pipeline gets it, from a local repository or a pull request: its
 * diff, and its bytes at the head revision (null when it was deleted or is binary).
 */
public record ChangedFile(FileDiff diff, byte[] headContent) {
    public String path() {
        return diff.path();
    }
}
