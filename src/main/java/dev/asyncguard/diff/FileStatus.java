package dev.asyncguard.diff;

/** What a change did to one file (GitHub's pull-request file {@code status}, minus "unchanged"). */
public enum FileStatus {
    ADDED, DELETED, MODIFIED, RENAMED, COPIED
}
