package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.*;

import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.FileStatus;
import dev.asyncguard.diff.UnifiedDiffParser;
import dev.asyncguard.python.ast.SourceRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline's own duties: which files it analyzes, and that a bad file never stops the others. */
class ReviewPipelineTest {
    static ChangedFile file(String path, FileStatus status, String patch, String head) {
        return new ChangedFile(UnifiedDiffParser.githubFile(path, null, status, patch),
                head == null ? null : head.getBytes(StandardCharsets.UTF_8));
    }

    static final String SOURCE = "import time\nasync def f():\n    time.sleep(1)\n";

    /** Reports one AG201 on line 3 of every file it is given, and remembers which files it saw. */
    static final class LineThreeAnalyzer implements FileAnalyzer {
        final List<String> seen = new ArrayList<>();

        @Override
        public List<Finding> analyze(String path, byte[] content) {
            seen.add(path);
            if (path.contains("boom")) throw new IllegalStateException("analyzer bug on " + path);
            SourceRange call = new SourceRange(3, 4, 3, 14);
            return List.of(new Finding("AG201", "blocking-sleep", Severity.WARNING, "wrong/path.py", call, "blocks",
                    Fix.safe("sleep asynchronously", List.of(new dev.asyncguard.analysis.Edit(call, "await asyncio.sleep")))));
        }
    }

    @Test
    void analyzesChangedPythonFilesAndReportsTheOthersAsProblems() {
        String newFile = "@@ -0,0 +1,3 @@\n+import time\n+async def f():\n+    time.sleep(1)\n";
        LineThreeAnalyzer analyzer = new LineThreeAnalyzer();
        List<ChangedFile> files = List.of(
                file("ok.py", FileStatus.ADDED, newFile, SOURCE),
                file("boom.py", FileStatus.ADDED, newFile, SOURCE),
                new ChangedFile(UnifiedDiffParser.githubFile("latin1.py", null, FileStatus.ADDED, newFile),
                        "# -*- coding: latin-1 -*-\ny = '\u00e9'\n    time.sleep(1)\n".getBytes(StandardCharsets.ISO_8859_1)),
                file("missing.py", FileStatus.ADDED, newFile, null),
                file("gone.py", FileStatus.DELETED, "@@ -1 +0,0 @@\n-x\n", null),
                file("notes.txt", FileStatus.ADDED, "@@ -0,0 +1 @@\n+time.sleep(1)\n", "time.sleep(1)\n"),
                file("stubs.pyi", FileStatus.ADDED, newFile, SOURCE));
        ReviewResult r = new ReviewPipeline(analyzer).review(files, ReviewOptions.defaults());

        assertEquals(List.of("ok.py", "boom.py", "latin1.py", "stubs.pyi"), analyzer.seen);
        List<InlineComment> comments = r.draft().comments();
        assertEquals(List.of("latin1.py", "ok.py", "stubs.pyi"), comments.stream().map(InlineComment::path).toList(),
                "findings are attributed to the file that was analyzed");
        assertTrue(comments.get(1).body().contains("```suggestion\n    await asyncio.sleep(1)\n```"), comments.get(1).body());
        assertFalse(comments.get(0).body().contains("```suggestion"), "no suggestion for a file that is not UTF-8");
        assertEquals(List.of("boom.py", "missing.py"), r.problems().stream().map(FileProblem::path).toList());
        assertTrue(r.problems().get(0).message().contains("analyzer bug on boom.py"));
        assertTrue(r.summary().summary().contains("### Files that could not be analyzed"));
        assertTrue(r.draft().body().contains("2 files could not be analyzed"));
    }

    @Test
    void aFileWithoutPatchTextGetsAnnotationsNotComments() {
        // GitHub leaves out the patch of very large diffs: the file is changed but has no hunks.
        ReviewResult r = new ReviewPipeline(new LineThreeAnalyzer()).review(
                List.of(file("huge.py", FileStatus.MODIFIED, null, SOURCE)),
                ReviewOptions.defaults().withFilter(dev.asyncguard.diff.FilterMode.FILE));
        assertTrue(r.draft().comments().isEmpty());
        assertEquals(1, r.annotations().size());
        assertEquals(Disposition.OUTSIDE_DIFF, r.findings().get(0).disposition());
    }

    @Test
    void anOverlongCommentKeepsItsFingerprintAndStaysUnderTheLimit() {
        String longMessage = "x".repeat(70_000);
        ReviewResult r = new ReviewPipeline((path, content) -> List.of(new Finding("AG201", "blocking-sleep", Severity.WARNING,
                path, new SourceRange(3, 4, 3, 14), longMessage, Fix.display("t", "y".repeat(70_000)))))
                .review(List.of(file("ok.py", FileStatus.ADDED, "@@ -0,0 +1,3 @@\n+a\n+b\n+c\n", SOURCE)),
                        ReviewOptions.defaults().withRuleLinks(RuleDocLinks.of("https://asyncguard.example.com", null)));
        String body = r.draft().comments().get(0).body();
        assertTrue(body.length() <= CommentRenderer.LIMIT, "length " + body.length());
        assertTrue(body.endsWith(Fingerprints.marker(r.draft().comments().get(0).fingerprint())));
        assertTrue(body.contains("AG201 documentation"));
    }
}
