package dev.asyncguard.diff;

import java.util.Locale;

/** What a change did to one file (GitHub's pull-request file {@code status}, minus "unchanged"). */
public enum FileStatus {
    ADDED, DELETED, MODIFIED, RENAMED, COPIED;

    /**
     * GitHub's {@code status} of a pull-request file: added, removed, modified, renamed, copied,
     * changed (mode only) or unchanged.
     */
    public static FileStatus fromGithub(String status) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "added" -> ADDED;
            case "removed" -> DELETED;
            case "modified", "changed", "unchanged" -> MODIFIED;
            case "renamed" -> RENAMED;
            case "copied" -> COPIED;
            default -> throw new IllegalArgumentException("unknown GitHub file status '" + status + "'");
        };
    }
}
