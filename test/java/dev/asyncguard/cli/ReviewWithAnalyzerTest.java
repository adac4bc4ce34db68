package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.diff.TempGitRepo;
import dev.asyncguard.diff.UnifiedDiffParser;
import dev.asyncguard.review.GithubReviewValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The end-to-end case with the real parser and analyzer: the base already holds pitfalls,
 * the head adds new ones; {@code added} reports exactly the new ones, the wider modes add the
 * context and file ones.
 */
class ReviewWithAnalyzerTest {
    static final String BASE = """
            import asyncio
            import time


            async def far():
                time.sleep(1)


            def pad():
                a = 1
                b = 2
                c = 3
                d = asyncio.get_running_loop  # the module knows get_running_loop: AG104 is sure of itself here


            async def near():
                time.sleep(2)
                x = 1
            """;

    @TempDir static Path dir;
    static TempGitRepo repo;
    static String base, head;

    @BeforeAll
    static void repository() {
        repo = new TempGitRepo(dir);
        base = repo.write("svc.py", BASE)
                .write("untouched.py", "import time\n\nasync def f():\n    time.sleep(9)\n")
                .commit("base with pitfalls");
        head = repo.write("svc.py", BASE + "    time.sleep(3)\n    loop = asyncio.get_event_loop()\n")
                .write("pkg/new_mod.py", "import time as t\n\n\nasync def poll():\n    t.sleep(0.1)\n")
                .commit("head adds pitfalls");
    }

    static String run(String... args) {
        return runExpecting(1, args)[0];
    }

    /** Runs the command as the CLI does; returns stdout and stderr. */
    static String[] runExpecting(int exitCode, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new ReviewCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        assertEquals(exitCode, exit, err.toString());
        return new String[] {out.toString(), err.toString()};
    }

    static Set<String> reported(String filter, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--repo", dir.toString(), "--base", base, "--format", "json"));
        if (filter != null) args.addAll(List.of("--filter", filter));
        args.addAll(List.of(more));
        String json = run(args.toArray(String[]::new));
        Set<String> out = new TreeSet<>();
        for (JsonNode f : new ObjectMapper().readTree(json).get("findings")) {
            out.add(f.get("path").asText() + ":" + f.get("line").asInt() + " " + f.get("code").asText());
        }
        return out;
    }

    @Test
    void addedReportsExactlyTheNewPitfalls() throws Exception {
        Set<String> added = Set.of("svc.py:19 AG201", "svc.py:20 AG104", "pkg/new_mod.py:5 AG201");
        assertEquals(new TreeSet<>(added), reported("added"));
        Set<String> context = new TreeSet<>(added);
        context.add("svc.py:17 AG201");
        assertEquals(context, reported("diff_context"));
        Set<String> file = new TreeSet<>(context);
        file.add("svc.py:6 AG201");
        assertEquals(file, reported("file"));
        // Only changed files are analyzed: nofilter adds nothing from untouched.py.
        assertEquals(file, reported("nofilter"));
    }

    @Test
    void theGithubReviewIsAcceptedAndItsSuggestionsFixTheNewLines() {
        String json = run("--repo", dir.toString(), "--base", base, "--format", "github-review");
        var diff = UnifiedDiffParser.parseGit(repo.git().diff(base, head));
        assertEquals(List.of(), GithubReviewValidator.violations(json, diff));
        String svc = new String(repo.git().show(head, "svc.py"), StandardCharsets.UTF_8);
        String fixed = svc;
        List<GithubReviewValidator.Suggestion> suggestions = GithubReviewValidator.suggestions(json).stream()
                .filter(s -> s.path().equals("svc.py")).sorted((a, b) -> b.first() - a.first()).toList();
        assertEquals(2, suggestions.size());
        for (GithubReviewValidator.Suggestion s : suggestions) fixed = GithubReviewValidator.apply(fixed, s);
        assertTrue(fixed.endsWith("    x = 1\n    await asyncio.sleep(3)\n    loop = asyncio.get_running_loop()\n"), fixed);
        assertTrue(fixed.contains("    time.sleep(2)\n"), "the old pitfall is left alone under the added filter");
    }

    /** The README's demo change: its review comments only on lines the head added, and GitHub would accept it. */
    @Test
    void theReadmeDemoChange(@TempDir Path demoDir) throws Exception {
        Path examples = Path.of("examples", "review-demo");
        String worker = "app/worker.py";
        TempGitRepo demo = new TempGitRepo(demoDir);
        String demoBase = demo.write(worker, java.nio.file.Files.readString(examples.resolve("base").resolve(worker))).commit("base");
        String demoHead = demo.write(worker, java.nio.file.Files.readString(examples.resolve("head").resolve(worker))).commit("head");
        String json = run("--repo", demoDir.toString(), "--base", demoBase, "--format", "github-review");
        var diff = UnifiedDiffParser.parseGit(demo.git().diff(demoBase, demoHead));
        assertEquals(List.of(), GithubReviewValidator.violations(json, diff));
        JsonNode comments = new ObjectMapper().readTree(json).get("comments");
        assertTrue(comments.size() >= 4, json);
        var added = diff.file(worker).orElseThrow().changedLines();
        for (JsonNode c : comments) assertTrue(added.isAdded(c.get("line").asInt()), "comment on a line the head added: " + c);
        assertFalse(json.contains("time.sleep(30)"), "the base's old pitfall is not commented on");
        assertTrue(json.contains("```suggestion"));
    }

    /** Like a pull request: what landed on the base branch after the fork is not part of the change. */
    @Test
    void theChangeStartsWhereHeadForkedFromBase(@TempDir Path forkDir) throws Exception {
        TempGitRepo fork = new TempGitRepo(forkDir);
        fork.write("svc.py", BASE).commit("shared history");
        fork.git().run("branch", "feature");
        fork.write("main_only.py", "import time\n\nasync def m():\n    time.sleep(7)\n").commit("main moves on");
        fork.git().run("checkout", "-q", "feature");
        fork.write("svc.py", BASE + "    time.sleep(3)\n").commit("feature adds a pitfall");
        String json = run("--repo", forkDir.toString(), "--base", "main", "--format", "json", "--filter", "nofilter");
        JsonNode report = new ObjectMapper().readTree(json);
        Set<String> paths = new TreeSet<>();
        for (JsonNode f : report.get("findings")) paths.add(f.get("path").asText());
        assertEquals(Set.of("svc.py"), paths);
        assertEquals(new String(fork.git().run("rev-parse", "main~1"), StandardCharsets.UTF_8).trim(), report.get("base").asText());
    }

    @Test
    void aPolicyFileSetsRulesFilterCapAndEventAndOptionsOverrideIt(@TempDir Path cfg) throws Exception {
        Path policy = cfg.resolve("asyncguard.yml");
        java.nio.file.Files.writeString(policy, """
                rules:
                  AG104: off
                  AG201: error
                review:
                  filter: file
                  max_comments: 1
                  request_changes_on: error
                """);
        Set<String> underPolicy = new TreeSet<>(Set.of("svc.py:6 AG201", "svc.py:17 AG201", "svc.py:19 AG201", "pkg/new_mod.py:5 AG201"));
        assertEquals(underPolicy, reported(null, "--config", policy.toString()));
        assertEquals(new TreeSet<>(Set.of("svc.py:19 AG201", "pkg/new_mod.py:5 AG201")),
                reported("added", "--config", policy.toString()));
        JsonNode review = new ObjectMapper().readTree(run("--repo", dir.toString(), "--base", base, "--config", policy.toString(),
                "--format", "github-review"));
        assertEquals("REQUEST_CHANGES", review.get("event").asText());
        assertEquals(1, review.get("comments").size());
        assertTrue(review.get("body").asText().contains("over this review's limit of 1"), review.get("body").asText());
        String markdown = run("--repo", dir.toString(), "--base", base, "--config", policy.toString(), "--format", "markdown",
                "--max-comments", "3");
        assertTrue(markdown.contains("### Policy in force\n\nIn force: built-in defaults < repo"), markdown);
        assertTrue(markdown.contains("Overridden on the command line: `--max-comments 3`."), markdown);
        JsonNode byDefault = new ObjectMapper().readTree(run("--repo", dir.toString(), "--base", base, "--format", "github-review"));
        assertEquals("COMMENT", byDefault.get("event").asText(), "the built-in policy never requests changes");
    }

    @Test
    void aPolicyFileWithErrorsStopsTheReview(@TempDir Path cfg) throws Exception {
        Path policy = cfg.resolve("asyncguard.yml");
        java.nio.file.Files.writeString(policy, "review:\n  filter: everything\n");
        String err = runExpecting(2, "--repo", dir.toString(), "--base", base, "--config", policy.toString())[1];
        assertTrue(err.contains("everything"), err);
        assertTrue(err.contains("the policy file has errors"), err);
        String missing = runExpecting(2, "--repo", dir.toString(), "--base", base, "--config", cfg.resolve("nope.yml").toString())[1];
        assertTrue(missing.contains("cannot read the policy file"), missing);
    }

    /** A re-run after more commits: earlier comments keep their fingerprints and are not posted again. */
    @Test
    void aRerunAfterUnrelatedEditsPostsOnlyWhatIsNew(@TempDir Path rerunDir) {
        TempGitRepo r = new TempGitRepo(rerunDir);
        String start = r.write("svc.py", BASE).commit("base");
        String first = r.write("svc.py", BASE + "    time.sleep(3)\n").commit("first push");
        String second = r.write("svc.py", "import os\nimport sys\n" + BASE + "    time.sleep(3)\n\n\nasync def later():\n    time.sleep(4)\n")
                .commit("second push: imports above, a new coroutine below");
        var git = r.git();
        var pipeline = new dev.asyncguard.review.ReviewPipeline(dev.asyncguard.review.BuiltInAnalyzer.fileAnalyzer());
        var options = dev.asyncguard.review.ReviewOptions.defaults();
        var firstReview = pipeline.review(dev.asyncguard.review.LocalChanges.load(git, start, first).files(), options);
        assertEquals(1, firstReview.draft().comments().size());
        Set<String> posted = new java.util.HashSet<>();
        for (var c : firstReview.draft().comments()) posted.addAll(dev.asyncguard.review.Fingerprints.parse(c.body()));

        var secondReview = pipeline.review(dev.asyncguard.review.LocalChanges.load(git, start, second).files(),
                options.withAlreadyPosted(posted));
        assertEquals(List.of(25), secondReview.draft().comments().stream().map(c -> c.line()).toList(),
                "only the new coroutine's sleep is commented; the first one moved from line 19 to 21 but kept its fingerprint");
        assertEquals(1, secondReview.findings().stream()
                .filter(f -> f.disposition() == dev.asyncguard.review.Disposition.ALREADY_POSTED).count());
    }
}
