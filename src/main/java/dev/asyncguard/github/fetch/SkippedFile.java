package dev.asyncguard.github.fetch;

/** A changed Python file the run could not (fully) review, and why: listed in the check run's summary. */
public record SkippedFile(String path, String reason) {}
