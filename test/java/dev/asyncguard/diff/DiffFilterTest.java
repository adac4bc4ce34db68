package dev.asyncguard.diff;

import static org.junit.jupiter.api.Assertions.*;

import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.python.ast.SourceRange;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DiffFilterTest {
    // app.py: line 5 added, lines 2-4 and 6-8 context of the same hunk; line 20 unchanged.
    static final UnifiedDiff DIFF = new UnifiedDiff(List.of(
            UnifiedDiffParser.githubFile("app.py", null, FileStatus.MODIFIED,
                    "@@ -2,6 +2,7 @@\n a\n b\n c\n+added\n d\n e\n f\n"),
            UnifiedDiffParser.githubFile("old.py", null, FileStatus.DELETED, "@@ -1 +0,0 @@\n-x\n")));

    static Finding at(String path, int line) {
        return new Finding("AG201", "blocking-sleep", Severity.WARNING, path, new SourceRange(line, 4, line, 17),
                "time.sleep blocks the event loop", null);
    }

    static final List<Finding> FINDINGS = List.of(at("app.py", 5), at("app.py", 3), at("app.py", 20),
            at("other.py", 1), at("old.py", 1));

    private static Map<String, Boolean> reported(FilterMode mode) {
        return new DiffFilter(DIFF, mode).mark(FINDINGS).stream().collect(Collectors.toMap(
                m -> m.finding().path() + ":" + m.finding().line(), MarkedFinding::reported));
    }

    @Test
    void marksEveryFindingAndKeepsOrder() {
        List<MarkedFinding> marked = new DiffFilter(DIFF, FilterMode.ADDED).mark(FINDINGS);
        assertEquals(FINDINGS, marked.stream().map(MarkedFinding::finding).toList());
        MarkedFinding added = marked.get(0), context = marked.get(1), outside = marked.get(2), otherFile = marked.get(3);
        assertTrue(added.inChangedFile() && added.onAddedLine() && added.inHunk());
        assertTrue(context.inChangedFile() && !context.onAddedLine() && context.inHunk());
        assertTrue(outside.inChangedFile() && !outside.onAddedLine() && !outside.inHunk());
        assertFalse(otherFile.inChangedFile() || otherFile.onAddedLine() || otherFile.inHunk());
        assertFalse(marked.get(4).inChangedFile(), "a deleted file has no head lines");
    }

    @Test
    void eachModeReportsItsWidth() {
        assertEquals(Map.of("app.py:5", true, "app.py:3", false, "app.py:20", false, "other.py:1", false, "old.py:1", false),
                reported(FilterMode.ADDED));
        assertEquals(Map.of("app.py:5", true, "app.py:3", true, "app.py:20", false, "other.py:1", false, "old.py:1", false),
                reported(FilterMode.DIFF_CONTEXT));
        assertEquals(Map.of("app.py:5", true, "app.py:3", true, "app.py:20", true, "other.py:1", false, "old.py:1", false),
                reported(FilterMode.FILE));
        assertEquals(Map.of("app.py:5", true, "app.py:3", true, "app.py:20", true, "other.py:1", true, "old.py:1", true),
                reported(FilterMode.NOFILTER));
    }
}
