package dev.asyncguard.github;

import java.util.List;

/**
 * What a review run posts: the review ({@code event} COMMENT or REQUEST_CHANGES, its body and
 * inline comments) and the check run's conclusion, title, Markdown summary and annotations.
 */
public record ReviewDraft(String event, String body, List<Comment> comments, String conclusion,
                          String title, String summary, List<Annotation> annotations, int findings) {
    public ReviewDraft {
        comments = List.copyOf(comments);
        annotations = List.copyOf(annotations);
    }

    /**
     * One inline comment on {@code side} (RIGHT or LEFT) of the diff; {@code startLine} is null
     * for a single line. {@code fingerprint} is the hidden marker inside {@code body} that lets a
     * later run see that this finding was already posted.
     */
    public record Comment(String path, int line, Integer startLine, String side, String body, String fingerprint) {}

    /** A check-run annotation; {@code level} is GitHub's notice, warning or failure. */
    public record Annotation(String path, int startLine, int endLine, String level, String title, String message) {}
}
