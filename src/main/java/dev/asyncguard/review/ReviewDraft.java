package dev.asyncguard.review;

import java.util.List;

/** A pull-request review ready to post: what GitHub's create-review endpoint takes. */
public record ReviewDraft(String commitId, ReviewEvent event, String body, List<InlineComment> comments) {
    public ReviewDraft {
        comments = List.copyOf(comments);
    }
}
