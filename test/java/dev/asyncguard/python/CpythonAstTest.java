package dev.asyncguard.python;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of {@code python/ast-cases.py} must give the tree CPython 3.13 gives: the expected
 * lines in {@code ast-cases.expected} are CPython's own {@code ast.dump} output, written by
 * {@code test/cpython/dump_cases.py}.
 */
class CpythonAstTest {

    static String resource(String name) throws IOException {
        try (InputStream in = CpythonAstTest.class.getResourceAsStream("/python/" + name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @TestFactory
    List<DynamicTest> treesMatchCpython() throws IOException {
        return compare("ast-cases.expected", false);
    }

    /**
     * Source ranges too. CPython counts columns in UTF-8 bytes and we count UTF-16 units, so only
     * ASCII cases are compared.
     */
    @TestFactory
    List<DynamicTest> rangesMatchCpython() throws IOException {
        return compare("ast-cases.positions", true);
    }

    private List<DynamicTest> compare(String expectedFile, boolean positions) throws IOException {
        String[] cases = resource("ast-cases.py").split("\n# ---\n");
        String[] expected = resource(expectedFile).split("\n");
        assertEquals(cases.length, expected.length, "one expected dump per case");
        Parser parser = new Parser(PythonVersion.PY313);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            String source = cases[i];
            String want = expected[i];
            String title = (i + 1) + ": " + source.lines().findFirst().orElse("");
            if (positions && !source.chars().allMatch(ch -> ch < 128)) continue;
            tests.add(DynamicTest.dynamicTest(title, () -> {
                ParseResult r = parser.parse(source);
                assertTrue(r.ok(), () -> "diagnostics: " + r.diagnostics());
                assertEquals(want, positions ? AstDump.dumpWithPositions(r.module()) : AstDump.dump(r.module()));
            }));
        }
        return tests;
    }
}
