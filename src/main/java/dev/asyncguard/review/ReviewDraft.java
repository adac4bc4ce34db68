package dev.asyncguard.review;

import java.util.List;

/** A pull-request review ready to post: what GitHub's create-review endpoint takes. */
public record ReviewDraft(String commitId, ReviewEvent event, String body, List<InlineComment> comments) {
    public ReviewDraft {
        comments = List.copyOf(comments);
    }

    /**
     * This review with its inline comments listed in its body instead (GitHub refused to place one
     * of them: {@code why}), within GitHub's body limit less the room {@link GithubReviewJson} needs
     * for the head's marker; comments that do not fit are counted, and the check run lists them all.
     */
    public ReviewDraft withCommentsInBody(String why) {
        BoundedText text = new BoundedText(ReviewBodyRenderer.LIMIT - GithubReviewJson.MARKER_ROOM);
        text.line(body).blank().line("**Findings GitHub would not accept as inline comments** (" + Markdown.oneLine(why) + "):").blank();
        for (InlineComment c : comments) {
            String first = c.body().lines().findFirst().orElse("");
            text.line("- " + Markdown.code(c.path()) + " line " + c.line() + ": " + first);
        }
        return new ReviewDraft(commitId, event,
                text.render("_…and %d more lines: the review body is limited to 65,536 characters. The check run lists every finding._"),
                List.of());
    }
}
