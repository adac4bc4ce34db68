package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.project.ProjectSummaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A check keeps no file's text until its project's end: a decision that needs a file again reads it
 * from disk, and only when the bytes are those analyzed; a file changed meanwhile gives nothing and
 * is reported, never a finding made from other bytes.
 */
class SourceOnDiskTest {
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();
    private static final AnalysisOptions OPTIONS = AnalysisOptions.defaults(ANALYZER.registry());
    // No word of the blocking rules: its functions' calls are summarized only when a chain reaches them.
    private static final String HELPERS = "import time\n\n\ndef load():\n    time.sleep(1)\n";
    private static final String APP = "from helpers import load\n\n\nasync def handler():\n    load()\n";

    @TempDir
    Path dir;

    @Test
    void theSameBytesAreParsedAgainOtherBytesAreNot() throws IOException {
        Path file = dir.resolve("helpers.py");
        Files.writeString(file, HELPERS);
        List<Path> changed = new ArrayList<>();
        SourceOnDisk source = new SourceOnDisk(file, Files.readAllBytes(file), OPTIONS, changed::add);
        AnalysisInput again = source.get();
        assertNotNull(again);
        assertEquals(HELPERS, again.text());
        assertEquals(List.of(), changed);

        Files.writeString(file, HELPERS.replace("sleep(1)", "sleep(2)"));     // same length, other bytes
        assertNull(source.get());
        Files.writeString(file, HELPERS + "\n");
        assertNull(source.get());
        Files.delete(file);
        assertNull(source.get());
        assertEquals(List.of(file, file, file), changed);
    }

    /** The project's findings, its helper module analyzed with a source read again from disk; {@code edit} runs before the decisions. */
    private List<Finding> project(Runnable edit, List<Path> changed) throws IOException {
        Path helpers = dir.resolve("helpers.py");
        Path app = dir.resolve("app.py");
        Files.writeString(helpers, HELPERS);
        Files.writeString(app, APP);
        ProjectSummaries summaries = ProjectSummaries.forPaths(List.of(helpers.toString(), app.toString()));
        Analyzer.Project project = ANALYZER.project(summaries, OPTIONS);
        List<Finding> found = new ArrayList<>();
        for (Path p : List.of(helpers, app)) {
            byte[] bytes = Files.readAllBytes(p);
            found.addAll(project.analyze(AnalysisInput.parse(p.toString(), bytes, OPTIONS),
                    new SourceOnDisk(p, bytes, OPTIONS, changed::add)));
        }
        edit.run();
        found.addAll(project.decidePending());
        return found;
    }

    @Test
    void aDecisionReadsTheHelperAgainAndFindsTheChain() throws IOException {
        List<Path> changed = new ArrayList<>();
        List<Finding> found = project(() -> { }, changed);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).message().contains("helpers.py:5"), found.get(0).message());
        assertEquals(List.of(), changed);
    }

    @Test
    void aHelperChangedBeforeTheDecisionGivesNoFindingAndIsReported() throws IOException {
        List<Path> changed = new ArrayList<>();
        Path helpers = dir.resolve("helpers.py");
        List<Finding> found = project(() -> {
            try {
                Files.writeString(helpers, "import time\n\n\ndef load():\n    return 1\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, changed);
        assertEquals(List.of(), found);
        assertEquals(List.of(helpers), changed);
    }

    @Test
    void aCheckFindsTheChainThroughAHelperItReadsAgain() throws IOException {
        Files.writeString(dir.resolve("helpers.py"), HELPERS);
        Files.writeString(dir.resolve("app.py"), APP);
        CheckCommand command = new CheckCommand();
        command.paths = List.of(dir);
        command.cache = false;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = command.check(new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(CheckCommand.FINDINGS, exit, err.toString());
        assertTrue(out.toString().contains("AG201") && out.toString().contains("helpers.py:5"), out.toString());
        assertEquals("", err.toString(), "nothing changed: no file reported");
    }
}
