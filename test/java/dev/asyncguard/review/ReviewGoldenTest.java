package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendered reviews of {@link ReviewScenario}, compared with golden files (-Dgolden.update=true rewrites them). */
class ReviewGoldenTest {
    @TempDir static Path dir;
    static ReviewScenario scenario;

    @BeforeAll
    static void build() {
        scenario = new ReviewScenario(dir);
    }

    static String render(ReviewResult r) {
        return ReviewPreview.render(r);
    }

    @Test
    void fullReviewUnderTheFileFilter() {
        ReviewResult r = scenario.review(ReviewScenario.fileFilter());
        Golden.assertMatches("review/file-filter.md", render(r));
        // The parts the golden file must show, asserted so a careless update cannot lose them.
        List<InlineComment> comments = r.draft().comments();
        assertEquals(6, comments.size());
        InlineComment multi = comments.stream().filter(c -> c.finding().code().equals("AG208")).findFirst().orElseThrow();
        assertEquals(14, multi.startLine());
        assertEquals(15, multi.line());
        assertTrue(multi.body().contains("```suggestion\n    digest = await asyncio.to_thread(\n        hashlib.pbkdf2_hmac, \"sha256\""));
        InlineComment fenced = comments.stream().filter(c -> c.line() == 21).findFirst().orElseThrow();
        assertTrue(fenced.body().contains("\n`````suggestion\n"), fenced.body());
        assertTrue(r.draft().comments().stream().noneMatch(c -> c.line() == 38));
        assertEquals(1, r.annotations().size());
        assertEquals(38, r.annotations().get(0).startLine());
        assertEquals(Annotation.Level.FAILURE, r.annotations().get(0).level());
        assertTrue(r.summary().summary().contains("`service.py` line 38: **AG202**"));
    }

    @Test
    void capListsTheRestInTheBody() {
        ReviewResult r = scenario.review(ReviewScenario.fileFilter().withMaxComments(2));
        Golden.assertMatches("review/capped.md", render(r));
        assertEquals(2, r.draft().comments().size());
        // The error goes inline first, then the earliest warning.
        assertEquals(List.of("AG201:9", "AG301:25"), r.draft().comments().stream()
                .map(c -> c.finding().code() + ":" + c.line()).toList());
        long over = r.findings().stream().filter(f -> f.disposition() == Disposition.OVER_CAP).count();
        assertEquals(4, over);
        assertTrue(r.draft().body().contains("4 more findings over this review's limit of 2"));
        assertEquals(5, r.annotations().size(), "over-cap and outside-diff findings are annotated");
    }

    @Test
    void addedFilterReportsOnlyAddedLines() {
        ReviewResult r = scenario.review(ReviewOptions.defaults().withEvent(ReviewEvent.REQUEST_CHANGES));
        Golden.assertMatches("review/added-filter.md", render(r));
        assertEquals("AG104:29 AG201:21 AG201:9 AG208:14 AG301:25",
                r.reported().stream().map(f -> f.marked().finding().code() + ":" + f.marked().finding().line())
                        .sorted().collect(Collectors.joining(" ")));
        assertEquals(2, r.findings().stream().filter(f -> f.disposition() == Disposition.FILTERED_OUT).count());
        assertTrue(r.summary().summary().contains("2 more findings in the analyzed files are outside what this filter reports"));
    }

    @Test
    void githubRequestBody() {
        String json = GithubReviewJson.write(scenario.review(ReviewScenario.fileFilter()).draft());
        assertFalse(json.contains("\n"), "written compact, as posted");
        // Indented here only so that the golden file reads well; SameReviewTest compares the bytes.
        Golden.assertMatches("review/file-filter.github.json", pretty(json) + "\n");
    }

    @Test
    void summaryTruncatedUnderItsLimit() {
        ReviewResult r = scenario.review(ReviewScenario.fileFilter().withMaxComments(0));
        List<ReviewedFinding> all = r.findings();
        CheckRunSummary s = new CheckRunSummaryRenderer(ReviewScenario.fileFilter(), 900).render(all, List.of());
        Golden.assertMatches("review/summary-truncated.md", s.summary() + "\n");
        assertTrue(s.truncated());
        assertTrue(s.summary().length() <= 900, "length " + s.summary().length());
        assertTrue(s.summary().endsWith("Run `asyncguard review` locally for the full list._"));
        CheckRunSummary whole = new CheckRunSummaryRenderer(ReviewScenario.fileFilter()).render(all, List.of());
        assertFalse(whole.truncated());
    }

    private static String pretty(String json) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
