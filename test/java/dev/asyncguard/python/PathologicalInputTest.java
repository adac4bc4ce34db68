package dev.asyncguard.python;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input built to break a parser: each case ends in a result (a diagnostic where CPython rejects
 * the input too), never in an exception, a StackOverflowError or a hang. The timeouts are
 * generous hang guards, not performance measurements.
 */
class PathologicalInputTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private final Parser parser = new Parser(PythonVersion.PY313);

    private ParseResult parse(byte[] source) {
        ParseResult r = assertTimeoutPreemptively(HANG_GUARD, () -> parser.parse(source));
        assertNotNull(r.module());
        return r;
    }

    private ParseResult parse(String source) {
        return parse(source.getBytes(StandardCharsets.UTF_8));
    }

    private static String firstMessage(ParseResult r) {
        assertFalse(r.diagnostics().isEmpty(), "expected a diagnostic");
        return r.diagnostics().get(0).message();
    }

    @Test
    void tenThousandNestedBrackets() {
        assertEquals("too many nested parentheses", firstMessage(parse("x = " + "(".repeat(10_000) + ")".repeat(10_000) + "\n")));
        assertEquals("too many nested parentheses", firstMessage(parse("[".repeat(10_000))));
        assertEquals("too many nested parentheses", firstMessage(parse("{".repeat(5_000) + "}".repeat(5_000))));
    }

    @Test
    void nestingJustUnderCpythonsLimitParses() {
        // CPython's tokenizer allows 199 open brackets and rejects the 200th.
        assertTrue(parse("x = " + "(".repeat(150) + "1" + ")".repeat(150) + "\n").ok());
    }

    @Test
    void deeplyNestedFStrings() {
        assertFalse(parse("f'{".repeat(3_000) + "x" + "}'".repeat(3_000)).ok());
    }

    @Test
    void deepIndentation() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1_000; i++) sb.append(" ".repeat(i)).append("if x:\n");
        sb.append(" ".repeat(1_000)).append("pass\n");
        assertEquals("too many levels of indentation", firstMessage(parse(sb.toString())));
    }

    @Test
    void longChainsWithoutBrackets() {
        // Neither crashes; whatever the verdict, it is a result with the module or a diagnostic.
        parse("x = " + "-".repeat(200_000) + "1\n");
        parse("x = " + "not ".repeat(100_000) + "y\n");
        parse("x = " + "lambda: ".repeat(50_000) + "1\n");
        assertTrue(parse("x = a" + ".b".repeat(200_000) + "\n").ok());
        assertTrue(parse("x = 1" + " + 1".repeat(200_000) + "\n").ok());
    }

    @Test
    void inPlaceOnParserThreadsGivesTheSameResults() throws Exception {
        // On Parser.threads() a parse runs in place, without the worker handoff: same verdicts, no crash.
        List<String> cases = List.of(
                // Deep recursion in the parser and AST builder, yet shallow enough to dump the tree.
                "x = " + "not ".repeat(20_000) + "y\n",
                "x = 2" + " ** 2".repeat(20_000) + "\n",
                "x = " + "-".repeat(20_000) + "1\n",
                "x = " + "(".repeat(10_000) + ")".repeat(10_000) + "\n",
                "x = " + "(".repeat(150) + "1" + ")".repeat(150) + "\n",
                "def f(:\n    pass\n");
        ExecutorService pool = Executors.newSingleThreadExecutor(Parser.threads("test-parser"));
        try {
            for (String source : cases) {
                ParseResult inPlace = assertTimeoutPreemptively(HANG_GUARD, () -> pool.submit(() -> parser.parse(source)).get());
                ParseResult handedOff = parse(source);
                assertNotNull(inPlace.module());
                assertEquals(handedOff.diagnostics(), inPlace.diagnostics());
                // Dumped on the big-stack thread too: the trees are as deep as the input.
                assertEquals(pool.submit(() -> AstDump.dump(handedOff.module())).get(),
                        pool.submit(() -> AstDump.dump(inPlace.module())).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyMegabyteLine() {
        byte[] line = new byte[50 << 20];
        Arrays.fill(line, (byte) 'a');
        assertTrue(firstMessage(parse(line)).startsWith("file too large"));
    }

    @Test
    void aFewMegabytesOnOneLineParse() {
        String big = "x = '" + "a".repeat(4 << 20) + "'\n";
        assertTrue(parse(big).ok());
    }

    @Test
    void binaryBytesAndInvalidUtf8() {
        Random random = new Random(42);
        byte[] noise = new byte[100_000];
        random.nextBytes(noise);
        assertFalse(parse(noise).ok());
        assertTrue(firstMessage(parse(new byte[] {'x', ' ', '=', ' ', (byte) 0xC3, (byte) 0x28, '\n'})).contains("can't decode"));
        assertTrue(firstMessage(parse(new byte[] {(byte) 0xFF, (byte) 0xFE, 'x'})).contains("can't decode"));
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertFalse(parse(elf).ok());
    }

    @Test
    void emptyAndWhitespaceOnlyFiles() {
        for (String s : List.of("", "\n", "   ", "# only a comment", "\n\n  \n\t\n", "\\\n")) {
            ParseResult r = parse(s);
            if (!s.equals("\\\n")) assertTrue(r.ok(), () -> s + " -> " + r.diagnostics());
            assertTrue(r.module().body().isEmpty());
        }
    }
}
