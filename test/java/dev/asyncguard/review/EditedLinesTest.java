package dev.asyncguard.review;

import dev.asyncguard.analysis.SourceLines;
import static org.junit.jupiter.api.Assertions.*;

import dev.asyncguard.analysis.Edit;
import dev.asyncguard.python.ast.SourceRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EditedLinesTest {
    static final SourceLines SRC = new SourceLines("a = 1\r\nb = 2\r\nc = 3\r\n");

    @Test
    void oneEditGivesTheWholeLine() {
        assertEquals(Optional.of(new EditedLines(2, 2, "b = 20")),
                EditedLines.of(List.of(new Edit(new SourceRange(2, 4, 2, 5), "20")), SRC));
    }

    @Test
    void editsOnSeveralLinesAndNewlinesInTheReplacement() {
        var e = EditedLines.of(List.of(new Edit(new SourceRange(1, 0, 1, 0), "x = 0\n"), new Edit(new SourceRange(3, 4, 3, 5), "30")), SRC);
        assertEquals(Optional.of(new EditedLines(1, 3, "x = 0\na = 1\nb = 2\nc = 30")), e);
    }

    @Test
    void deletingAWholeLineEndsAtColumnZeroOfTheNext() {
        assertEquals(Optional.of(new EditedLines(2, 2, "")),
                EditedLines.of(List.of(new Edit(new SourceRange(2, 0, 3, 0), "")), SRC));
        assertEquals(Optional.of(new EditedLines(3, 3, "")),
                EditedLines.of(List.of(new Edit(new SourceRange(3, 0, 4, 0), "")), SRC), "the last line, up to the end of the file");
    }

    @Test
    void unusableEditsGiveNothing() {
        assertTrue(EditedLines.of(List.of(), SRC).isEmpty());
        assertTrue(EditedLines.of(List.of(new Edit(new SourceRange(2, 4, 2, 99), "x")), SRC).isEmpty(), "column beyond the line");
        assertTrue(EditedLines.of(List.of(new Edit(new SourceRange(9, 0, 9, 1), "x")), SRC).isEmpty(), "line beyond the file");
        assertTrue(EditedLines.of(List.of(new Edit(new SourceRange(1, 0, 1, 3), "x"), new Edit(new SourceRange(1, 2, 1, 4), "y")), SRC).isEmpty(),
                "overlapping edits");
        assertTrue(EditedLines.of(List.of(new Edit(new SourceRange(1, 5, 2, 0), "")), SRC).isEmpty(),
                "joining two lines cannot be a whole-line suggestion of line 1 alone");
    }

    @Test
    void fenceGrowsPastTheLongestBacktickRun() {
        assertEquals("```suggestion\nx\n```", Fence.block("suggestion", "x"));
        assertEquals("````python\na ``` b\n````", Fence.block("python", "a ``` b"));
        assertEquals("``````suggestion\n`````\n``````", Fence.block("suggestion", "`````"));
        assertEquals("```suggestion\n```", Fence.block("suggestion", ""));
    }

    @Test
    void boundedTextDropsWholeLinesWithANote() {
        BoundedText t = new BoundedText(40);
        for (int i = 0; i < 10; i++) t.line("line number " + i);
        String s = t.render("(%d more)");
        assertTrue(t.truncated());
        assertTrue(s.length() <= 40, s);
        assertEquals("line number 0\nline number 1\n\n(8 more)", s);
        BoundedText small = new BoundedText(100).line("short");
        assertEquals("short", small.render("(%d more)"));
        assertFalse(small.truncated());
        BoundedText huge = new BoundedText(20).line("x".repeat(50));
        String cut = huge.render("(%d more)");
        assertTrue(cut.length() <= 20, cut);
        assertTrue(cut.endsWith("(1 more)"));
    }
}
