package dev.asyncguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.python.PythonVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pyproject.toml}: the {@code [tool.asyncguard]} table as a policy, {@code requires-python}, bad files. */
class PyprojectTomlTest {
    static final KnownRules KNOWN = new KnownRules(Set.of("AG201", "AG202", "AG602"), Set.of("AG602"));

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("pyproject.toml"), text);
    }

    @Test
    void theTableIsAPolicyWithTheSameKeys() throws Exception {
        Path file = write("""
                [project]
                name = "svc"
                requires-python = ">=3.10"

                [tool.ruff]
                line-length = 100

                [tool.asyncguard]
                python = "3.12"
                paths.exclude = ["migrations/", "**/*_pb2.py"]

                [tool.asyncguard.rules]
                AG201 = "error"
                AG602 = { severity = "info", preview = true }

                [tool.asyncguard.review]
                filter = "diff_context"
                max_comments = 10
                """);
        ResolvedPolicy r = PolicyLoader.fromFile(file, KNOWN);
        assertFalse(r.hasErrors(), r.problems().toString());
        Policy p = r.policy();
        assertEquals(PythonVersion.of(3, 12), p.python());
        assertEquals(10, p.review().maxComments());
        assertFalse(p.includes("migrations/0001.py"));
        assertFalse(p.includes("api/user_pb2.py"));
        assertTrue(p.includes("api/user.py"));
        assertEquals(Optional.of(dev.asyncguard.analysis.Severity.ERROR),
                p.severityFor("AG201", dev.asyncguard.analysis.Severity.WARNING));
        assertEquals(13, r.sourceOf("rules.AG201.severity").orElseThrow().line(), "lines point into the TOML file");
        assertEquals(9, r.sourceOf("python").orElseThrow().line());
    }

    @Test
    void aWrongValueIsReportedAtItsTomlLine() throws Exception {
        Path file = write("""
                [tool.asyncguard]
                python = "3.12"

                [tool.asyncguard.review]
                max_comments = "many"
                """);
        ResolvedPolicy r = PolicyLoader.fromFile(file, KNOWN);
        assertTrue(r.hasErrors());
        String problem = r.problems().get(0).toString();
        assertTrue(problem.startsWith(file + ":5: review.max_comments:"), problem);
    }

    @Test
    void brokenTomlSaysFileLineAndColumn() throws Exception {
        Path file = write("""
                [project]
                name = "svc"
                requires-python = ">=3.10

                [tool.asyncguard]
                """);
        PyprojectToml.SyntaxError e = assertThrows(PyprojectToml.SyntaxError.class, () -> PyprojectToml.read(file));
        assertTrue(e.getMessage().startsWith(file + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid TOML"), e.getMessage());
    }

    @Test
    void requiresPythonGivesTheOldestVersion() throws Exception {
        assertEquals(Optional.of(PythonVersion.of(3, 10)), PyprojectToml.lowestPython(">=3.10,<4"));
        assertEquals(Optional.of(PythonVersion.of(3, 9)), PyprojectToml.lowestPython("~=3.9"));
        assertEquals(Optional.of(PythonVersion.of(3, 8)), PyprojectToml.lowestPython(">3.8"));
        assertEquals(Optional.of(PythonVersion.of(3, 11)), PyprojectToml.lowestPython("==3.11.*"));
        assertEquals(Optional.of(PythonVersion.of(3, 8)), PyprojectToml.lowestPython(">=3.6"));
        assertEquals(Optional.empty(), PyprojectToml.lowestPython("<3.13"));
        assertThrows(IllegalArgumentException.class, () -> PyprojectToml.lowestPython("python3"));
        PyprojectToml p = PyprojectToml.read(write("[project]\nname = \"x\"\nrequires-python = \">=3.11\"\n"));
        assertEquals(Optional.of(">=3.11"), p.requiresPython());
        assertEquals(3, p.requiresPythonLine());
        assertFalse(p.hasPolicy());
    }

    @Test
    void keyLinesFollowTablesDottedKeysAndSkipMultilineValues() {
        var lines = PyprojectToml.keyLines("""
                [tool.asyncguard]
                enforce = [
                  "python = x",
                ]
                "paths".exclude = ["a"]
                [tool.asyncguard.rules]
                AG201 = 'error' # note
                """);
        assertEquals(1, lines.get("tool.asyncguard"));
        assertEquals(2, lines.get("tool.asyncguard.enforce"));
        assertFalse(lines.containsKey("tool.asyncguard.python"));
        assertEquals(5, lines.get("tool.asyncguard.paths.exclude"));
        assertEquals(7, lines.get("tool.asyncguard.rules.AG201"));
    }

    /** The App and the CLI read requires-python the same way: one reader, one lower bound. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
            ">=3.9; 3.9", ">=3.9,<4; 3.9", ">= 3.8.1; 3.8", "~=3.10; 3.10", "~=3.11.2; 3.11", ">3.9; 3.9",
            "==3.12.*; 3.12", "==3.11; 3.11", "<4,>=3.7; 3.8", ">=3.9,>=3.11; 3.11", "'' ; ", "<4; ",
            "3.9; ", ">=3.x; ", ">=99999999999999; "})
    void declaredPythonIsTheClampedLowerBoundOrNothing(String spec, String expected) throws Exception {
        PyprojectToml p = PyprojectToml.parse("pyproject.toml", "[project]\nrequires-python = \"" + spec + "\"\n");
        assertEquals(Optional.ofNullable(expected).map(PythonVersion::parse), p.declaredPython(), spec);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"3.9", ">=3.x", ">=99999999999999"})
    void theCliIsToldWhyASpecifierCannotBeRead(String spec) {
        assertThrows(IllegalArgumentException.class, () -> PyprojectToml.lowestPython(spec));
    }

    @Test
    void textReadElsewhereNamesTheFileAndLineWhenBroken() {
        PyprojectToml.SyntaxError e = assertThrows(PyprojectToml.SyntaxError.class, () -> PyprojectToml.parse("pyproject.toml",
                "[project]\nname = \"x\"\nrequires-python = >=3.9\n"));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("pyproject.toml:3:"), e.getMessage());
        PyprojectToml.SyntaxError big = assertThrows(PyprojectToml.SyntaxError.class,
                () -> PyprojectToml.parse("pyproject.toml", "#".repeat(PyprojectToml.MAX_BYTES + 1)));
        assertTrue(big.getMessage().contains("too large"), big.getMessage());
    }

    @Test
    void noRequiresPythonMeansNoDeclaredPython() throws Exception {
        assertEquals(Optional.empty(), PyprojectToml.parse("pyproject.toml", "[tool.black]\nline-length = 100\n").declaredPython());
        assertEquals(Optional.empty(), PyprojectToml.parse("pyproject.toml", "").declaredPython());
        assertEquals(Optional.empty(), PyprojectToml.parse("pyproject.toml", "[project]\nrequires-python = 3.9\n").declaredPython());
    }
}
