package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.policy.KnownRules;
import dev.asyncguard.policy.PolicyLoader;
import dev.asyncguard.policy.PyprojectToml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The set-up a check reads on a second core while it walks: the same as read on the spot. */
class SetUpAheadTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void aPyprojectReadAheadIsTheOneReadOnTheSpotAndIsTakenOnce() throws IOException {
        Path toml = write("pyproject.toml", "[project]\nrequires-python = \">=3.10\"\n\n[tool.asyncguard.rules]\nAG202 = \"off\"\n")
                .toAbsolutePath().normalize();
        SetUpAhead ahead = new SetUpAhead(List.of(dir.resolve("src")));    // the folder above the root is looked at too
        assertTrue(ahead.readingAhead(toml));
        PyprojectToml read = ahead.pyproject(toml);
        PyprojectToml direct = PyprojectToml.read(toml);
        assertEquals(direct.requiresPython(), read.requiresPython());
        assertEquals(direct.requiresPythonLine(), read.requiresPythonLine());
        assertEquals(direct.hasPolicy(), read.hasPolicy());
        assertTrue(read.hasPolicy());
        // Taken: a later ask reads the file as it is then.
        assertFalse(ahead.readingAhead(toml));
        Files.writeString(toml, "[project]\nrequires-python = \">=3.12\"\n");
        assertEquals(PyprojectToml.read(toml).requiresPython(), ahead.pyproject(toml).requiresPython());
        assertFalse(ahead.pyproject(toml).hasPolicy());
    }

    @Test
    void aBrokenPyprojectReadAheadFailsAsTheReadOnTheSpot() throws IOException {
        Path toml = write("pkg/pyproject.toml", "[tool.asyncguard\nrules = 1\n").toAbsolutePath().normalize();
        SetUpAhead ahead = new SetUpAhead(List.of(dir));
        ahead.readPyproject(toml);
        IOException direct = assertThrows(IOException.class, () -> PyprojectToml.read(toml));
        IOException read = assertThrows(IOException.class, () -> ahead.pyproject(toml));
        assertEquals(direct.getClass(), read.getClass());
        assertEquals(direct.getMessage(), read.getMessage());
    }

    @Test
    void theBuiltInPolicyIsTheOneLoadedOnTheSpot() {
        SetUpAhead ahead = new SetUpAhead(List.of(dir));
        assertEquals(PolicyLoader.defaults(KnownRules.builtIn()).policy(), ahead.defaults().policy());
    }

    /** The walk names the pyproject.toml files of the folders it searches, and of those alone. */
    @Test
    void theWalkTellsThePyprojectsOfTheFoldersItSearches() throws IOException {
        write("pyproject.toml", "");
        write("app/sub/pyproject.toml", "");
        write("app/sub/mod.py", "");
        write(".venv/pyproject.toml", "");                       // hidden: never searched
        write("env/pyvenv.cfg", "");
        write("env/pyproject.toml", "");                          // a virtual environment
        write("app/__pycache__/pyproject.toml", "");
        List<Path> told = new ArrayList<>();
        PythonFiles.Walk walk = PythonFiles.walk(List.of(dir), path -> {}, told::add);
        assertEquals(List.of(dir.resolve("app/sub/mod.py")), walk.files());
        told.sort(null);
        Path root = dir.toAbsolutePath().normalize();
        assertEquals(List.of(root.resolve("app/sub/pyproject.toml"), root.resolve("pyproject.toml")), told);
    }
}
