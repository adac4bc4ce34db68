package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.diff.TempGitRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code review} on a real git repository where the change adds a coroutine that calls a blocking
 * helper of an unchanged module (two modules deep): the finding appears at the changed line and
 * names the unchanged file's line; with {@code --max-context-files 0} each changed file is alone.
 */
class ReviewAcrossModulesTest {
    @TempDir static Path dir;
    static String base;

    @BeforeAll
    static void repository() {
        TempGitRepo repo = new TempGitRepo(dir);
        base = repo.write("app/__init__.py", "")
                .write("app/files.py", "def read_text(path):\n    with open(path) as f:\n        return f.read()\n")
                .write("app/settings.py", "from .files import read_text\n\n\ndef load_settings():\n    return read_text('s.toml')\n")
                .write("app/service.py", "import asyncio\n\n\nasync def main():\n    await asyncio.sleep(0)\n")
                .commit("base");
        repo.write("app/service.py", "import asyncio\n\nfrom app.settings import load_settings\n\n\n"
                        + "async def main():\n    await asyncio.sleep(0)\n    return load_settings()\n")
                .commit("head calls a helper of an unchanged module");
    }

    static List<String> findings(int exit, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--repo", dir.toString(), "--base", base, "--format", "json"));
        args.addAll(List.of(more));
        String json = ReviewWithAnalyzerTest.runExpecting(exit, args.toArray(String[]::new))[0];
        List<String> out = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(json).get("findings")) {
            out.add(f.get("path").asText() + ":" + f.get("line").asInt() + " " + f.get("code").asText() + " "
                    + f.get("message").asText());
        }
        return out;
    }

    @Test
    void theChangedCoroutineIsReportedThroughTheUnchangedModules() throws Exception {
        List<String> found = findings(1);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("app/service.py:8 AG204 load_settings() blocks: it calls read_text() → "
                + "open() at app/files.py:2"), found.toString());
    }

    @Test
    void withoutContextEachChangedFileIsAlone() throws Exception {
        assertEquals(List.of(), findings(0, "--max-context-files", "0"));
    }
}
