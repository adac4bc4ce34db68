package dev.asyncguard.review;

/** A changed file that could not be analyzed (unreadable, not text, the analyzer failed), with why. */
public record FileProblem(String path, String message) {}
