package dev.asyncguard.github;

/** A changed Python file the run did not analyze, and why (for the check run's summary). */
public record SkippedFile(String path, String reason) {}
