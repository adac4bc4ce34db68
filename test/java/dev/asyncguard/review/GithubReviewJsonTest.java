package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.FileStatus;
import dev.asyncguard.python.ast.SourceRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one writer of GitHub's create-review body: what it adds to the draft, and GitHub's limits after it. */
class GithubReviewJsonTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void theBodyEndsWithTheHeadsMarkerAndStaysUnderGithubsLimit() throws Exception {
        // 800 findings over the comment cap: their list fills the body to its limit, and is cut at
        // a whole line. Messages of every length up to a line's make the cut fall everywhere, so
        // one of them leaves less room after it than the marker takes.
        int lines = 800;
        StringBuilder patch = new StringBuilder("@@ -0,0 +1," + lines + " @@");
        StringBuilder head = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            patch.append("\n+x").append(i);
            head.append("x").append(i).append('\n');
        }
        List<ChangedFile> files = List.of(ReviewPipelineTest.file("many.py", FileStatus.ADDED, patch.toString(), head.toString()));
        ReviewOptions options = ReviewOptions.defaults().withMaxComments(0).withCommitId(SHA);
        for (int pad = 0; pad < 120; pad++) {
            String message = "time.sleep() blocks the event loop" + "!".repeat(pad);
            FileAnalyzer everyLine = (path, content) -> {
                List<Finding> out = new ArrayList<>();
                for (int i = 1; i <= lines; i++) {
                    out.add(new Finding("AG201", "blocking-sleep", Severity.WARNING, path, new SourceRange(i, 0, i, 2),
                            message, null));
                }
                return out;
            };
            ReviewResult r = new ReviewPipeline(everyLine).review(files, options);
            assertTrue(r.draft().body().contains("more lines: the review body is limited"), "the list was cut");

            JsonNode written = new ObjectMapper().readTree(GithubReviewJson.write(r.draft()));
            String body = written.path("body").asText();
            assertTrue(body.endsWith("\n\n<!-- " + GithubReviewJson.marker(SHA) + " -->"), body.substring(body.length() - 200));
            assertTrue(body.length() <= 65_536, "messages of " + message.length() + " characters: length " + body.length());
            assertEquals(SHA, written.path("commit_id").asText());
        }
    }

    @Test
    void withoutACommitThereIsNoMarker() throws Exception {
        ReviewDraft draft = new ReviewDraft(null, ReviewEvent.COMMENT, "body", List.of());
        assertEquals("{\"event\":\"COMMENT\",\"body\":\"body\",\"comments\":[]}", GithubReviewJson.write(draft));
    }
}
