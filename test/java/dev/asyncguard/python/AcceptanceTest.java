package dev.asyncguard.python;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snippets that CPython 3.13's {@code ast.parse} rejects must give a diagnostic; snippets it
 * accepts (including many that only its compiler rejects later, like {@code f(a=1, a=2)} or
 * {@code *a = 1}) must not. Each list was checked against CPython 3.13 when written.
 */
class AcceptanceTest {
    private final Parser parser = new Parser(PythonVersion.PY313);

    private static List<String> cases(String resource) throws IOException {
        return List.of(CpythonAstTest.resource(resource).replaceAll("\n$", "").split("\n# ---\n"));
    }

    @TestFactory
    List<DynamicTest> rejectedByCpythonGiveADiagnostic() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : cases("rejected-cases.py")) {
            tests.add(DynamicTest.dynamicTest(source.replace("\n", "⏎"), () -> {
                ParseResult r = parser.parse(source);
                assertFalse(r.diagnostics().isEmpty(), "expected a diagnostic, got " + AstDump.dump(r.module()));
                for (SyntaxDiagnostic d : r.diagnostics()) {
                    assertTrue(d.line() >= 1 && !d.message().isBlank(), d::toString);
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> acceptedByCpythonParse() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : cases("accepted-cases.py")) {
            tests.add(DynamicTest.dynamicTest(source.replace("\n", "⏎"), () -> {
                ParseResult r = parser.parse(source);
                assertTrue(r.ok(), () -> "unexpected " + r.diagnostics());
            }));
        }
        return tests;
    }
}
