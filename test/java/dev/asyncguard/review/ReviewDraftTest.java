package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A review whose inline comments GitHub refused: the comments move into its body, within GitHub's limit. */
class ReviewDraftTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    private static InlineComment comment(String path, int line, String body) {
        return new InlineComment(path, null, null, line, Side.RIGHT, body, "fp" + line, null);
    }

    @Test
    void everyCommentIsListedInTheBodyByItsFirstLine() {
        ReviewDraft draft = new ReviewDraft(SHA, ReviewEvent.COMMENT, "### asyncguard: 2 findings",
                List.of(comment("app/a.py", 3, "**AG201 blocking-sleep**\n\ndetails"), comment("b`x.py", 9, "**AG301** dangling")));
        ReviewDraft moved = draft.withCommentsInBody("Line could not\nbe resolved");
        assertEquals(List.of(), moved.comments());
        assertEquals(SHA, moved.commitId());
        assertTrue(moved.body().startsWith("### asyncguard: 2 findings\n\n"), moved.body());
        assertTrue(moved.body().contains("(Line could not be resolved):"), moved.body());
        assertTrue(moved.body().contains("\n- `app/a.py` line 3: **AG201 blocking-sleep**"), moved.body());
        assertTrue(moved.body().contains("\n- `` b`x.py `` line 9: **AG301** dangling"), moved.body());
        assertTrue(!moved.body().contains("details"), moved.body());
    }

    @Test
    void aBodyNearTheLimitWithManyCommentsStaysWithinGithubsLimitWithTheMarker() throws Exception {
        for (int fill : new int[] {0, 30_000, 65_000}) {
            List<InlineComment> comments = new ArrayList<>();
            for (int i = 1; i <= 2_000; i++) comments.add(comment("pkg/module_" + i + ".py", i, "**AG204** blocking-file-io: open() blocks"));
            ReviewDraft moved = new ReviewDraft(SHA, ReviewEvent.REQUEST_CHANGES, "x".repeat(fill), comments).withCommentsInBody("422");
            String body = new ObjectMapper().readTree(GithubReviewJson.write(moved)).path("body").asText();
            assertTrue(body.length() <= 65_536, "body of " + fill + " characters grew to " + body.length());
            assertTrue(body.endsWith("<!-- " + GithubReviewJson.marker(SHA) + " -->"));
            assertTrue(body.contains("more lines: the review body is limited"), "the list was cut and says so");
        }
    }
}
