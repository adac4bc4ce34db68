package dev.asyncguard.policy;

import dev.asyncguard.python.PythonVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyprojectFactsTest {

    @Test
    void readsRequiresPythonAndTheToolTable() {
        PyprojectFacts p = PyprojectFacts.parse("pyproject.toml", """
                [build-system]
                requires = ["hatchling"]

                [project]
                name = "bot"
                requires-python = ">=3.10, <4"
                dependencies = ["aiohttp>=3.9"]

                [tool.asyncguard]
                python = "3.11"
                rules = { AG201 = "error" }

                [tool.asyncguard.paths]
                exclude = ["vendor/"]
                """);
        assertEquals(Optional.of(">=3.10, <4"), p.requiresPython());
        assertEquals(Optional.of(PythonVersion.PY310), p.declaredPython());
        assertEquals("3.11", p.toolAsyncguard().get("python"));
        assertEquals(Map.of("AG201", "error"), p.toolAsyncguard().get("rules"));
        assertEquals(Map.of("exclude", List.of("vendor/")), p.toolAsyncguard().get("paths"));
    }

    @Test
    void aFileWithoutEitherIsEmpty() {
        PyprojectFacts p = PyprojectFacts.parse("pyproject.toml", "[tool.black]\nline-length = 100\n");
        assertEquals(Optional.empty(), p.declaredPython());
        assertEquals(Map.of(), p.toolAsyncguard());
        assertEquals(Optional.empty(), PyprojectFacts.parse("pyproject.toml", "").declaredPython());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            ">=3.9; 3.9", ">=3.9,<4; 3.9", ">= 3.8.1; 3.8", "~=3.10; 3.10", "~=3.11.2; 3.11", ">3.8; 3.8",
            "==3.12.*; 3.12", "==3.11; 3.11", "<4,>=3.7; 3.7", ">=2.7,!=3.0.*,!=3.1.*,>=3.6; 3.6", ">=3; 3.0",
            ">=3.9,>=3.11; 3.11", "'' ; ", "<4; ", ">=4; ", "3.9; ", ">=3.x; ", ">=99999999999999; ", ">=3.100; "})
    void theLowerBoundOfTheSpecifier(String spec, String expected) {
        assertEquals(Optional.ofNullable(expected).map(PythonVersion::parse), PyprojectFacts.lowerBound(spec), spec);
    }

    @Test
    void brokenTomlNamesTheFileAndLine() {
        PyprojectFacts.Invalid e = assertThrows(PyprojectFacts.Invalid.class, () -> PyprojectFacts.parse("pyproject.toml",
                "[project]\nname = \"x\"\nrequires-python = >=3.9\n"));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("pyproject.toml:3: "), e.getMessage());
    }

    @Test
    void aRequiresPythonThatIsNotAStringIsAProblemWithItsLine() {
        PyprojectFacts.Invalid e = assertThrows(PyprojectFacts.Invalid.class, () -> PyprojectFacts.parse("sub/pyproject.toml",
                "[project]\nname = \"x\"\nrequires-python = 3.9\n"));
        assertEquals("sub/pyproject.toml:3: project.requires-python: expected a string such as \">=3.9\"", e.getMessage());
        assertThrows(PyprojectFacts.Invalid.class, () -> PyprojectFacts.parse("pyproject.toml", "[tool]\nasyncguard = 1\n"));
    }

    @Test
    void anOversizedFileIsRefusedWithAMessage() {
        byte[] big = new byte[PyprojectFacts.MAX_BYTES + 1];
        PyprojectFacts.Invalid e = assertThrows(PyprojectFacts.Invalid.class, () -> PyprojectFacts.parse("pyproject.toml", big));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }
}
