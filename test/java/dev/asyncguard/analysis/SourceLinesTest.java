package dev.asyncguard.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.ast.Stmt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines split as CPython splits them, so the parser's line numbers and the review's lines agree. */
class SourceLinesTest {

    @Test
    void breaksAtNewlineCarriageReturnNewlineAndALoneCarriageReturn() {
        SourceLines s = new SourceLines("a = 1\rb = 2\r\nc = 3\nd = 4");
        assertEquals(List.of("a = 1", "b = 2", "c = 3", "d = 4"),
                List.of(s.line(1), s.line(2), s.line(3), s.line(4)));
        assertEquals(4, s.count());
        assertEquals("", s.line(0));
        assertEquals("", s.line(5));
        assertFalse(s.exists(5));
    }

    @Test
    void aFinalLineBreakEndsTheLastLine() {
        assertEquals(2, new SourceLines("x\ny\n").count());
        assertEquals(2, new SourceLines("x\r\ny\r").count());
        assertEquals(0, new SourceLines("").count());
        assertTrue(new SourceLines("x\n").exists(1));
        assertFalse(new SourceLines("x\n").exists(2));
    }

    @Test
    void agreesWithTheParsersLineNumbers() {
        String text = "import time\rasync def f():\r\n    time.sleep(1)\r    return 2\n";
        ParseResult parsed = new Parser().parse(text);
        SourceLines lines = new SourceLines(text);
        Stmt.FunctionDef f = (Stmt.FunctionDef) parsed.module().body().get(1);
        assertEquals("async def f():", lines.line(f.range().startLine()));
        assertEquals("    return 2", lines.line(f.body().get(1).range().startLine()));
    }
}
