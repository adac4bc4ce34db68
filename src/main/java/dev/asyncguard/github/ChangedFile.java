package dev.asyncguard.github;

/**
 * A Python file the pull request changed, as the reviewer needs it: its path, GitHub's status
 * ({@code added}, {@code modified}, {@code renamed}, ...), the unified-diff hunks of the change
 * ({@code patch}, GitHub's per-file form, or null when no diff could be had), and the file's text at
 * the head commit.
 */
public record ChangedFile(String path, String status, String patch, String content) {}
