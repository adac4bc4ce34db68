package dev.asyncguard.github.publish;

import dev.asyncguard.review.Annotation;
import dev.asyncguard.review.ReviewDraft;
import java.util.List;

/**
 * What a review run posts: the review (the same {@link ReviewDraft} the local {@code review}
 * command prints) and the check run's conclusion, title, Markdown summary and annotations.
 */
public record PullRequestReview(ReviewDraft review, String conclusion, String title, String summary,
                                List<Annotation> annotations, int findings) {
    public PullRequestReview {
        annotations = List.copyOf(annotations);
    }
}
