package dev.asyncguard.github;

/**
 * A Python file the pull request changed, as the reviewer needs it: its path (and the path it had
 * before, for a rename or copy), GitHub's status ({@code added}, {@code modified}, {@code renamed},
 * ...), the unified-diff hunks of the change ({@code patch}, GitHub's per-file form, or null when
 * no diff could be had), and the file's bytes at the head commit.
 */
public record ChangedFile(String path, String previousPath, String status, String patch, byte[] content) {}
