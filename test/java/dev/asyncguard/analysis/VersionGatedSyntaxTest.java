package dev.asyncguard.analysis;

import dev.asyncguard.python.Parser;
import dev.asyncguard.python.PythonVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Version-gated syntax is never a syntax error: files parse with the newest grammar, and AG002
 * reports constructs newer than the declared Python only where one is declared.
 */
class VersionGatedSyntaxTest {
    private final Analyzer analyzer = Analyzer.withBuiltInRules();

    private List<String> codes(String source, PythonVersion declared) {
        AnalysisOptions options = AnalysisOptions.defaults(analyzer.registry()).withDeclaredPython(declared);
        return analyzeSource(analyzer, "app/models.py", source.getBytes(StandardCharsets.UTF_8), options)
                .stream().map(f -> f.line() + " " + f.code()).toList();
    }

    @Test
    void withNoDeclaredPythonModernSyntaxIsJustCode() throws IOException {
        assertEquals(List.of(), codes(RuleFixturesTest.fixture("AG002").replace("async def copy", "def copy"), null)
                .stream().filter(c -> c.endsWith("AG001") || c.endsWith("AG002")).toList());
    }

    @Test
    void onlyWhatIsNewerThanTheDeclaredVersionIsReported() {
        String source = """
                type Point = tuple[float, float]

                def parse(raw):
                    match raw:
                        case [x, y]:
                            return (x, y)
                    try:
                        return float(raw)
                    except ValueError, TypeError:
                        return None
                """;
        assertEquals(List.of("1 AG002", "4 AG002", "9 AG002"), codes(source, PythonVersion.PY39));
        assertEquals(List.of("1 AG002", "9 AG002"), codes(source, PythonVersion.PY311));
        assertEquals(List.of("9 AG002"), codes(source, PythonVersion.PY313));
        assertEquals(List.of(), codes(source, PythonVersion.PY314));
        assertEquals(List.of(), codes(source, null));
    }

    @Test
    void oneFindingPerKindOfConstructPerFile() {
        AnalysisOptions options = AnalysisOptions.defaults(analyzer.registry()).withDeclaredPython(PythonVersion.PY39);
        List<Finding> found = analyzeSource(analyzer, "m.py",
                "match a:\n    case 1: pass\nmatch b:\n    case 2: pass\nmatch c:\n    case 3: pass\n".getBytes(), options);
        assertEquals(1, found.size(), found::toString);
        assertEquals(1, found.get(0).line());
        assertTrue(found.get(0).message().endsWith("(2 more in this file)"), found.get(0).message());
    }

    @Test
    void aRealSyntaxErrorIsStillAG001AndAloneTheFirst() {
        List<String> found = codes("match x:\n    case 1:\n        pass\ndef broken(:\n    pass\n", PythonVersion.PY39);
        assertEquals(List.of("4 AG001"), found);
    }

    @Test
    void theMessageSaysWhatNeedsWhichVersion() {
        AnalysisOptions options = AnalysisOptions.defaults(analyzer.registry()).withDeclaredPython(PythonVersion.PY310);
        Finding f = analyzeSource(analyzer, "m.py", "def first[T](xs: list[T]) -> T:\n    return xs[0]\n".getBytes(), options).get(0);
        assertEquals("AG002", f.code());
        assertEquals(Severity.INFO, f.severity());
        assertEquals("type parameter lists needs Python 3.12, but the project declares Python 3.10 or newer", f.message());
    }

    @Test
    void aFileTooLargeToParseIsNotASyntaxError() {
        byte[] huge = new byte[Parser.MAX_SOURCE_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '#');
        assertEquals(List.of(), analyzeSource(analyzer, "big.py", huge, AnalysisOptions.defaults(analyzer.registry())));
        assertTrue(new Parser().parse(huge).skippedForSize());
    }

    private static List<Finding> analyzeSource(Analyzer analyzer, String path, byte[] source, AnalysisOptions options) {
        return analyzer.analyze(AnalysisInput.parse(path, source, options), options);
    }
}
