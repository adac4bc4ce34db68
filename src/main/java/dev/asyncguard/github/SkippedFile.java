package dev.asyncguard.github;

/** A changed Python file the run could not (fully) review, and why: listed in the check run's summary. */
public record SkippedFile(String path, String reason) {}
