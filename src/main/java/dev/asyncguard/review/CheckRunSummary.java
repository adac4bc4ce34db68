package dev.asyncguard.review;

/** The check run's {@code output.title} and {@code output.summary} (Markdown, within GitHub's limit). */
public record CheckRunSummary(String title, String summary, boolean truncated) {}
