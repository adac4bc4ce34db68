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
        public List<Finding> analyze(String path, String source) {
            seen.add(path);
            if (path.contains("boom")) throw new IllegalStateException("analyzer bug on " + path);
            return List.of(new Finding("AG201", "blocking-sleep", Severity.WARNING, "wrong/path.py",
                    new SourceRange(3, 4, 3, 14), "blocks", Fix.display("sleep asynchronously", "await asyncio.sleep(1)")));
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
                        new byte[] {'x', '=', '"', (byte) 0xe9, '"', '\n'}),
                file("missing.py", FileStatus.ADDED, newFile, null),
                file("gone.py", FileStatus.DELETED, "@@ -1 +0,0 @@\n-x\n", null),
                file("notes.txt", FileStatus.ADDED, "@@ -0,0 +1 @@\n+time.sleep(1)\n", "time.sleep(1)\n"),
                file("stubs.pyi", FileStatus.ADDED, newFile, SOURCE));
        ReviewResult r = new ReviewPipeline(analyzer).review(files, ReviewOptions.defaults());

        assertEquals(List.of("ok.py", "boom.py", "stubs.pyi"), analyzer.seen);
        assertEquals(List.of("ok.py", "stubs.pyi"), r.draft().comments().stream().map(InlineComment::path).toList(),
                "findings are attributed to the file that was analyzed");
        assertEquals(List.of("boom.py", "latin1.py", "missing.py"), r.problems().stream().map(FileProblem::path).toList());
        assertTrue(r.problems().get(0).message().contains("analyzer bug on boom.py"));
        assertTrue(r.problems().get(1).message().contains("not valid UTF-8"));
        assertTrue(r.summary().summary().contains("### Files that could not be analyzed"));
        assertTrue(r.draft().body().contains("3 files could not be analyzed"));
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
        ReviewResult r = new ReviewPipeline((path, source) -> List.of(new Finding("AG201", "blocking-sleep", Severity.WARNING,
                path, new SourceRange(3, 4, 3, 14), longMessage, Fix.display("t", "y".repeat(70_000)))))
                .review(List.of(file("ok.py", FileStatus.ADDED, "@@ -0,0 +1,3 @@\n+a\n+b\n+c\n", SOURCE)), ReviewOptions.defaults());
        String body = r.draft().comments().get(0).body();
        assertTrue(body.length() <= CommentRenderer.LIMIT, "length " + body.length());
        assertTrue(body.endsWith(Fingerprints.marker(r.draft().comments().get(0).fingerprint())));
        assertTrue(body.contains("AG201 documentation"));
    }
}
