package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.*;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.diff.FileStatus;
import dev.asyncguard.diff.UnifiedDiff;
import dev.asyncguard.diff.UnifiedDiffParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every comment of the {@code github} output would be accepted by GitHub, and each suggestion, when
 * applied, gives what the finding's fix gives applied to the whole file. The validator is checked
 * too: it must reject what GitHub rejects.
 */
class GithubReviewValidatorTest {
    @TempDir static Path dir;
    static ReviewScenario scenario;

    @BeforeAll
    static void build() {
        scenario = new ReviewScenario(dir);
    }

    @ParameterizedTest(name = "max comments {0}")
    @ValueSource(ints = {0, 2, 25})
    void everyCommentWouldBeAccepted(int max) {
        String json = GithubReviewJson.write(scenario.review(ReviewScenario.fileFilter().withMaxComments(max)).draft());
        assertEquals(List.of(), GithubReviewValidator.violations(json, scenario.diff));
    }

    @Test
    void suggestionsReplaceExactlyTheCommentedLines() {
        ReviewResult r = scenario.review(ReviewScenario.fileFilter());
        String json = GithubReviewJson.write(r.draft());
        List<GithubReviewValidator.Suggestion> suggestions = GithubReviewValidator.suggestions(json);
        assertEquals(3, suggestions.size());
        for (GithubReviewValidator.Suggestion s : suggestions) {
            InlineComment c = r.draft().comments().stream().filter(x -> x.line() == s.last()).findFirst().orElseThrow();
            String expected = applyToWholeText(ReviewScenario.HEAD, c.finding());
            assertEquals(expected, GithubReviewValidator.apply(ReviewScenario.HEAD, s), c.finding().code() + " at " + s.last());
        }
    }

    /** The fix applied to the whole file by character offsets: an independent way to get the intended result. */
    static String applyToWholeText(String text, Finding f) {
        List<Integer> lineStarts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') lineStarts.add(i + 1);
        StringBuilder b = new StringBuilder(text);
        List<Edit> edits = new ArrayList<>(f.fix().edits());
        edits.sort(Comparator.comparingInt((Edit e) -> lineStarts.get(e.range().startLine() - 1) + e.range().startColumn()).reversed());
        for (Edit e : edits) {
            int start = lineStarts.get(e.range().startLine() - 1) + e.range().startColumn();
            int end = lineStarts.get(e.range().endLine() - 1) + e.range().endColumn();
            b.replace(start, end, e.replacement());
        }
        return b.toString();
    }

    private static String comment(String fields) {
        return "{\"commit_id\":\"" + ReviewScenario.GOLDEN_COMMIT + "\",\"event\":\"COMMENT\",\"body\":\"b\",\"comments\":[{\"path\":\"service.py\","
                + fields + "}]}";
    }

    private static List<String> violations(String json) {
        return GithubReviewValidator.violations(json, scenario.diff);
    }

    @Test
    void validatorRejectsWhatGithubRejects() {
        assertEquals(List.of(), violations(comment("\"line\":9,\"side\":\"RIGHT\",\"body\":\"x\"")));
        assertTrue(violations(comment("\"line\":38,\"side\":\"RIGHT\",\"body\":\"x\"")).get(0).contains("not inside any hunk"));
        assertTrue(violations(comment("\"line\":9,\"side\":\"LEFT\",\"body\":\"x\"")).get(0).contains("side must be RIGHT"));
        assertTrue(violations(comment("\"start_line\":9,\"start_side\":\"RIGHT\",\"line\":9,\"side\":\"RIGHT\",\"body\":\"x\"")).get(0)
                .contains("must be before line"));
        // Two hunks: new lines 1-2 and 10-11.
        UnifiedDiff twoHunks = new UnifiedDiff(List.of(UnifiedDiffParser.githubFile("service.py", null, FileStatus.MODIFIED,
                "@@ -1,1 +1,2 @@\n a\n+b\n@@ -9,1 +10,2 @@\n c\n+d\n")));
        String spanning = comment("\"start_line\":2,\"start_side\":\"RIGHT\",\"line\":10,\"side\":\"RIGHT\",\"body\":\"x\"");
        assertEquals(List.of("comments[0]: start_line 2 is not in the same hunk as line 10"),
                GithubReviewValidator.violations(spanning, twoHunks));
        assertTrue(violations(comment("\"start_side\":\"RIGHT\",\"line\":9,\"side\":\"RIGHT\",\"body\":\"x\"")).get(0)
                .contains("start_side without start_line"));
        assertTrue(violations(comment("\"line\":9,\"side\":\"RIGHT\",\"body\":\"```suggestion\\nx ``` y\\n```\"")).get(0)
                .contains("backtick run"));
        assertTrue(violations(comment("\"line\":9,\"side\":\"RIGHT\",\"body\":\"```suggestion\\nx\\n\"")).get(0).contains("never closed"));
        assertTrue(violations(comment("\"line\":9,\"side\":\"RIGHT\",\"body\":\"\"")).get(0).contains("body is empty"));
        assertTrue(violations(comment("\"line\":9,\"side\":\"RIGHT\",\"body\":\"x\",\"position\":3")).get(0).contains("unknown field"));
        assertTrue(violations("{\"event\":\"COMMENT\",\"body\":\"\",\"comments\":[]}").get(0).contains("needs a non-empty body"));
        assertTrue(violations("{\"event\":\"MERGE\",\"body\":\"b\"}").get(0).contains("event must be one of"));
        assertTrue(violations(comment("\"line\":1,\"side\":\"RIGHT\",\"body\":\"x\"").replace("service.py", "other.py")).get(0)
                .contains("not a file with a new side"));
    }
}
