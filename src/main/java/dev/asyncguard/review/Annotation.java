package dev.asyncguard.review;

import dev.asyncguard.analysis.Severity;
import java.util.Locale;

/** One check-run annotation (GitHub's {@code output.annotations[]}). */
public record Annotation(String path, int startLine, int endLine, Level level, String message, String title) {

    /** GitHub's {@code annotation_level}. */
    public enum Level {
        NOTICE, WARNING, FAILURE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Level of(Severity severity) {
            return switch (severity) {
                case INFO -> NOTICE;
                case WARNING -> WARNING;
                case ERROR -> FAILURE;
            };
        }
    }
}
