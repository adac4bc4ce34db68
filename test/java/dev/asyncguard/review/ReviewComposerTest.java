package dev.asyncguard.review;

import dev.asyncguard.analysis.SourceLines;
import static org.junit.jupiter.api.Assertions.*;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.FilterMode;
import dev.asyncguard.python.ast.SourceRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewComposerTest {
    @TempDir static Path dir;
    static ReviewScenario scenario;

    @BeforeAll
    static void build() {
        scenario = new ReviewScenario(dir);
    }

    @Test
    void aRerunSkipsWhatItAlreadyPosted() {
        ReviewResult first = scenario.review(ReviewScenario.fileFilter());
        Set<String> posted = first.draft().comments().stream().limit(4)
                .flatMap(c -> Fingerprints.parse(c.body()).stream()).collect(Collectors.toSet());
        assertEquals(4, posted.size());
        ReviewResult again = scenario.review(ReviewScenario.fileFilter().withAlreadyPosted(posted));
        assertEquals(2, again.draft().comments().size());
        assertTrue(again.draft().comments().stream().noneMatch(c -> posted.contains(c.fingerprint())));
        assertEquals(4, again.findings().stream().filter(f -> f.disposition() == Disposition.ALREADY_POSTED).count());
        assertTrue(again.draft().body().contains("4 findings already commented on by an earlier review"));
    }

    @Test
    void everyFindingHasOneDispositionAndNoneIsLost() {
        for (FilterMode mode : FilterMode.values()) {
            for (int cap : new int[] {0, 1, 3, 25}) {
                ReviewResult r = scenario.review(ReviewScenario.fileFilter().withFilter(mode).withMaxComments(cap));
                assertEquals(scenario.findings.size(), r.findings().size());
                long inline = r.findings().stream().filter(f -> f.disposition() == Disposition.INLINE).count();
                long annotated = r.findings().stream().filter(f -> f.disposition() == Disposition.OVER_CAP
                        || f.disposition() == Disposition.OUTSIDE_DIFF).count();
                assertEquals(inline, r.draft().comments().size());
                assertEquals(annotated, r.annotations().size());
                assertTrue(inline <= cap);
            }
        }
    }

    @Test
    void twoFindingsOnTheSameCallMakeOneCommentAndTheOtherGoesToTheCheckRun() {
        Finding sleep = scenario.findings.get(0);
        Finding process = new Finding("AG203", "blocking-subprocess", Severity.WARNING, sleep.path(), sleep.range(),
                "refresh() → subprocess.run() runs a process synchronously and blocks the event loop", null);
        Finding elsewhere = new Finding("AG203", "blocking-subprocess", Severity.WARNING, sleep.path(),
                new SourceRange(sleep.line(), sleep.range().startColumn() + 1, sleep.line(), sleep.range().endColumn()),
                "a neighbour, not the same call", null);
        List<Finding> findings = new java.util.ArrayList<>(scenario.findings);
        findings.add(0, process);
        findings.add(elsewhere);
        ReviewOptions options = ReviewScenario.fileFilter().withCommitId(ReviewScenario.GOLDEN_COMMIT);
        ReviewResult r = new ReviewComposer(options).compose(
                new dev.asyncguard.diff.DiffFilter(scenario.diff, options.filter()).mark(findings),
                java.util.Map.of(ReviewScenario.PATH, new SourceLines(ReviewScenario.HEAD)), scenario.diff, List.of());
        ReviewedFinding kept = r.findings().stream().filter(f -> f.marked().finding() == sleep).findFirst().orElseThrow();
        ReviewedFinding second = r.findings().stream().filter(f -> f.marked().finding() == process).findFirst().orElseThrow();
        ReviewedFinding neighbour = r.findings().stream().filter(f -> f.marked().finding() == elsewhere).findFirst().orElseThrow();
        assertEquals(Disposition.INLINE, kept.disposition(), "of two equally severe ones, the lower code (AG201) is the comment");
        assertEquals(Disposition.LOW_CONFIDENCE, second.disposition(), "the other goes to the check run's summary");
        assertEquals(Disposition.INLINE, neighbour.disposition(), "another range is another comment");
        assertEquals(findings.size(), r.findings().size());
    }

    @Test
    void suggestionsOffShowsSafeFixesAsCode() {
        ReviewResult r = scenario.review(ReviewScenario.fileFilter().withSuggestions(false));
        assertTrue(r.draft().comments().stream().noneMatch(c -> c.body().contains("suggestion\n")));
        InlineComment sleep = r.draft().comments().stream().filter(c -> c.line() == 9).findFirst().orElseThrow();
        assertTrue(sleep.body().contains("```python\n    await asyncio.sleep(0.5)\n```"), sleep.body());
        InlineComment cpu = r.draft().comments().stream().filter(c -> c.finding().code().equals("AG208")).findFirst().orElseThrow();
        assertEquals(14, cpu.startLine(), "without a suggestion the comment spans the finding's own lines");
        assertEquals(16, cpu.line());
    }

    @Test
    void aSafeFixReachingOutsideTheHunkIsShownAsCode() {
        // Line 38 is outside the diff; an edit there and one on added line 9 cannot be one suggestion.
        SourceRange sleep = ReviewScenario.at("time.sleep(0.5)");
        Finding f = ReviewScenario.finding("AG201", "blocking-sleep", Severity.WARNING, sleep, "m",
                Fix.safe("two places", List.of(new Edit(sleep, "await asyncio.sleep(0.5)"), new Edit(new SourceRange(38, 4, 38, 10), "return"))));
        var marked = new dev.asyncguard.diff.DiffFilter(scenario.diff, FilterMode.ADDED).mark(List.of(f));
        ReviewResult r = new ReviewComposer(ReviewOptions.defaults()).compose(marked,
                java.util.Map.of(ReviewScenario.PATH, new SourceLines(ReviewScenario.HEAD)), scenario.diff, List.of());
        InlineComment c = r.draft().comments().get(0);
        assertEquals(9, c.line());
        assertNull(c.startLine());
        assertFalse(c.body().contains("```suggestion"), c.body());
        assertTrue(c.body().contains("not all inside one hunk"));
        assertTrue(c.body().contains("```python\n"));
    }
}
