package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.TempGitRepo;
import dev.asyncguard.diff.UnifiedDiffParser;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.review.FileAnalyzer;
import dev.asyncguard.review.GithubReviewValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code review} command on a real repository. The analyzer is not merged yet, so these tests
 * pass the command a test analyzer that reports AG201 wherever a line holds {@code time.sleep(}:
 * a transparent stand-in for the analyzer's input to the pipeline, not a claim about the rules.
 */
class ReviewCommandTest {
    /** Reports every {@code time.sleep(} by its spelling, with a SAFE fix to {@code await asyncio.sleep(}. */
    static final FileAnalyzer SLEEP_SPELLING = (path, content) -> {
        List<Finding> out = new ArrayList<>();
        List<String> lines = new String(content, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int col = lines.get(i).indexOf("time.sleep(");
            if (col < 0) continue;
            SourceRange name = new SourceRange(i + 1, col, i + 1, col + "time.sleep".length());
            out.add(new Finding("AG201", "blocking-sleep", Severity.WARNING, path, name,
                    "`time.sleep()` blocks the event loop.", Fix.safe("Use `await asyncio.sleep(...)`",
                    List.of(new Edit(name, "await asyncio.sleep")))));
        }
        return out;
    };

    @TempDir static Path dir;
    static TempGitRepo repo;
    static String base, head;

    static final String OLD = """
            import time


            async def old_far_away():
                time.sleep(1)


            def padding():
                a = 1
                b = 2
                c = 3
                d = 4
                e = 5


            async def near_the_change():
                time.sleep(2)
                x = 1
            """;

    @BeforeAll
    static void repository() {
        repo = new TempGitRepo(dir);
        repo.write("app/service.py", OLD)
            .write("app/gone.py", "import time\ntime.sleep(3)\n")
            .write("app/renamed_from.py", "import time\n\n\nasync def f():\n    time.sleep(4)\n    return 1\n")
            .write("README.txt", "time.sleep( in a text file is not Python\n");
        base = repo.commit("base with pitfalls");
        repo.write("app/service.py", OLD.replace("    x = 1\n", "    x = 1\n    time.sleep(5)\n"))
            .delete("app/gone.py")
            .move("app/renamed_from.py", "app/renamed to.py")
            .write("app/renamed to.py", "import time\n\n\nasync def f():\n    time.sleep(4)\n    return 2\n")
            .write("app/new ünï.py", "import time\n\nasync def g():\n    time.sleep(6)\n")
            .writeBytes("app/blob.bin", new byte[] {0, 1, 2})
            .write("README.txt", "time.sleep( still not Python\n");
        head = repo.commit("head adds pitfalls");
    }

    record Run(int exit, String out, String err) {}

    static Run run(FileAnalyzer analyzer, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new ReviewCommand(policy -> analyzer)).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static TreeSet<String> places(String jsonOut) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode f : new ObjectMapper().readTree(jsonOut).get("findings")) out.add(f.get("path").asText() + ":" + f.get("line").asInt());
        return out;
    }

    @Test
    void eachFilterReportsItsFindings() throws Exception {
        String[] common = {"--repo", dir.toString(), "--base", base, "--format", "json"};
        Run added = run(SLEEP_SPELLING, concat(common, "--filter", "added"));
        assertEquals(1, added.exit(), added.err());
        assertEquals(new TreeSet<>(List.of("app/service.py:19", "app/new ünï.py:4")), places(added.out()));
        Run context = run(SLEEP_SPELLING, concat(common, "--filter", "diff_context"));
        // Line 17 is context of the hunk around the insertion; the renamed file's line 5 is context of its edit.
        assertEquals(new TreeSet<>(List.of("app/service.py:17", "app/service.py:19", "app/new ünï.py:4", "app/renamed to.py:5")),
                places(context.out()));
        Run file = run(SLEEP_SPELLING, concat(common, "--filter", "file"));
        assertEquals(new TreeSet<>(List.of("app/service.py:5", "app/service.py:17", "app/service.py:19", "app/new ünï.py:4",
                "app/renamed to.py:5")), places(file.out()));
        assertEquals(3, new ObjectMapper().readTree(added.out()).get("notReportedByFilter").asInt());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void headDefaultsToHeadAndTextSaysWhatWasLeftOut() {
        Run r = run(SLEEP_SPELLING, "--repo", dir.toString(), "--base", base);
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("app/service.py:19:5: AG201 [blocking-sleep] warning: "), r.out());
        assertTrue(r.out().contains("2 findings reported under the filter added; 3 more in the changed files are outside it"), r.out());
    }

    @Test
    void githubFormatIsARequestGithubAccepts() throws Exception {
        for (String filter : List.of("added", "diff_context", "file", "nofilter")) {
            Run r = run(SLEEP_SPELLING, "--repo", dir.toString(), "--base", base, "--head", head, "--format", "github-review",
                    "--filter", filter, "--event", "REQUEST_CHANGES");
            assertEquals(1, r.exit(), r.err());
            var diff = UnifiedDiffParser.parseGit(repo.git().diff(base, head));
            assertEquals(List.of(), GithubReviewValidator.violations(r.out(), diff), r.out());
            JsonNode body = new ObjectMapper().readTree(r.out());
            assertEquals(head, body.get("commit_id").asText());
            assertEquals("REQUEST_CHANGES", body.get("event").asText());
            assertFalse(body.get("comments").isEmpty());
        }
    }

    @Test
    void sarifHasRulesResultsAndFingerprints() throws Exception {
        Run r = run(SLEEP_SPELLING, "--repo", dir.toString(), "--base", base, "--format", "sarif");
        JsonNode sarif = new ObjectMapper().readTree(r.out());
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode run = sarif.get("runs").get(0);
        boolean described = false;
        for (JsonNode rule : run.at("/tool/driver/rules")) described |= rule.get("id").asText().equals("AG201");
        assertTrue(described, "AG201 is among the driver's rules");
        assertEquals(2, run.get("results").size());
        for (JsonNode res : run.get("results")) {
            assertEquals("AG201", res.get("ruleId").asText());
            assertEquals("warning", res.get("level").asText());
            assertEquals(5, res.at("/locations/0/physicalLocation/region/startColumn").asInt());
            assertTrue(res.at("/partialFingerprints/asyncguard~1v1").asText().matches("[0-9a-f]{16}"));
        }
        assertTrue(r.out().contains("\"uri\" : \"app/new%20%C3%BCn%C3%AF.py\""), r.out());
    }

    @Test
    void nothingReportedExitsZero() {
        Run r = run((path, source) -> List.of(), "--repo", dir.toString(), "--base", base);
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("0 findings reported"));
    }

    @Test
    void badInputIsAClearErrorNotACrash() {
        Run badRev = run(SLEEP_SPELLING, "--repo", dir.toString(), "--base", "no-such-branch");
        assertEquals(2, badRev.exit());
        assertTrue(badRev.err().contains("'no-such-branch' does not name a commit"), badRev.err());
        Run notRepo = run(SLEEP_SPELLING, "--repo", dir.resolve("app").resolve("missing").toString(), "--base", base);
        assertEquals(2, notRepo.exit());
        assertTrue(notRepo.err().contains("is not a directory"), notRepo.err());
        Run badFilter = run(SLEEP_SPELLING, "--repo", dir.toString(), "--base", base, "--filter", "lines");
        assertEquals(2, badFilter.exit());
        assertTrue(badFilter.err().contains("unknown filter 'lines'"), badFilter.err());
        Run failing = run((path, source) -> { throw new IllegalStateException("boom"); }, "--repo", dir.toString(), "--base", base);
        assertEquals(0, failing.exit());
        assertTrue(failing.err().contains("could not analyze app/service.py: the analyzer failed"), failing.err());
    }

}
