package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.FileRole;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.RuleMetadata;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.policy.KnownRules;
import dev.asyncguard.policy.Policy;
import dev.asyncguard.policy.PolicyReview;
import dev.asyncguard.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * paths.tests and paths.scripts: a test or script file gets only the rules that matter there
 * ({@code @RuleInfo(inTests, inScripts)}), decided in one place from the policy for the App
 * ({@link PolicyReview#analysisOptions}) and for {@code check}; the same file as product code gets all.
 */
class TestAndScriptPathsTest {
    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*(AG\\d{3})");
    private static final Policy DEFAULTS = PolicyLoader.defaults(KnownRules.builtIn()).policy();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "tests/test_api.py, TEST", "src/pkg/tests/helpers.py, TEST", "test_api.py, TEST", "pkg/api_test.py, TEST",
            "conftest.py, TEST", "src/conftest.py, TEST", "test/unit/x.py, TEST", "src/pkg/testing.py, TEST",
            "scripts/seed.py, SCRIPT", "examples/client.py, SCRIPT", "docs/conf.py, SCRIPT", "setup.py, SCRIPT",
            "tools/release.py, SCRIPT", "examples/tests/test_demo.py, TEST",
            "usage_example.py, SCRIPT", "pkg/example.py, SCRIPT", "pkg/example_client.py, SCRIPT",
            "pkg/counterexample.py, CODE", "pkg/examples_data.py, CODE",
            "src/pkg/api.py, CODE", "pkg/testing_utils.py, CODE", "pkg/contest.py, CODE", "src/scripts.py, CODE"})
    void theDefaultsSayWhatAFileIsFor(String path, FileRole role) {
        assertEquals(role, DEFAULTS.roleOf(path));
    }

    @ParameterizedTest
    @CsvSource({
            "setuptools/_vendor/autocommand/autoasync.py, false", "vendor/requests/api.py, false",
            "pkg/_vendored/six.py, false", "pkg/vendored/attr/_make.py, false", "third_party/lib/x.py, false",
            "src/thirdparty/y.py, false",
            "pkg/vendors.py, true", "pkg/vendoring/copy.py, true", "app/vendor_api.py, true", "src/pkg/api.py, true"})
    void theDefaultsLeaveVendoredCopiesOfOtherProjectsAlone(String path, boolean reviewed) {
        // A copy of another project's code is that project's to fix: a comment there would be dismissed.
        assertEquals(reviewed, DEFAULTS.paths().includes(path));
    }

    @Test
    void everyRuleDeclaresWhereItMatters() {
        Map<String, String> where = new LinkedHashMap<>();
        for (RuleMetadata r : RuleRegistry.builtIn().rules()) where.put(r.code(), r.inTests() + "/" + r.inScripts());
        // The bugs stay everywhere; blocking and style advice stays in product code.
        assertEquals("true/true", where.get("AG301"), "a dangling task in a test is a bug");
        assertEquals("true/true", where.get("AG302"), "a never-awaited coroutine in a test is a bug");
        assertEquals("false/false", where.get("AG204"), "Path.write_text() preparing a fixture is not");
        assertEquals("false/false", where.get("AG201"), "a blocking sleep in a test body is not");
        assertEquals("false/false", where.get("AG105"), "get_event_loop() in a script is not");
        assertEquals("false/false", where.get("AG503"), "a pytest fixture yields inside its context managers");
    }

    @Test
    void aTestFileGetsOnlyTheRulesThatMatterInTests() throws IOException {
        assertOnlyMarked("tests/test_client.py", fixture("test_client.py"));
    }

    @Test
    void aScriptGetsOnlyTheRulesThatMatterInScripts() throws IOException {
        assertOnlyMarked("scripts/seed_db.py", fixture("seed_db.py"));
    }

    @Test
    void theSameCodeAsProductCodeGetsEveryRule() throws IOException {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        AnalysisOptions options = PolicyReview.analysisOptions(analyzer.registry(), DEFAULTS);
        List<String> codes = analyzeSource(analyzer, "src/app/client.py", fixture("test_client.py").getBytes(), options)
                .stream().map(Finding::code).toList();
        assertTrue(codes.containsAll(List.of("AG204", "AG201", "AG503", "AG301", "AG302")), codes::toString);
        List<String> script = analyzeSource(analyzer, "src/app/seed_db.py", fixture("seed_db.py").getBytes(), options)
                .stream().map(Finding::code).toList();
        assertTrue(script.contains("AG201") && script.contains("AG105"), script::toString);
    }

    @Test
    void findingsDecidedAcrossFilesFollowTheRoleToo() throws IOException {
        // A blocking helper in product code, called from a test's coroutine and from the service's:
        // the cross-module AG2xx finding is kept in the service and not in the test.
        Analyzer analyzer = Analyzer.withBuiltInRules();
        AnalysisOptions options = PolicyReview.analysisOptions(analyzer.registry(), DEFAULTS);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("app/__init__.py", new byte[0]);
        files.put("tests/__init__.py", new byte[0]);
        files.put("app/storage.py", "import time\n\ndef flush():\n    time.sleep(1)\n".getBytes());
        String caller = "from app.storage import flush\n\nasync def handler():\n    flush()\n";
        files.put("app/service.py", caller.getBytes());
        files.put("tests/test_service.py", caller.getBytes());
        List<Finding> found = analyzer.project(dev.asyncguard.analysis.project.ProjectSummaries.forPaths(files.keySet()), options)
                .analyzeAll(files, List.of());
        assertTrue(found.stream().anyMatch(f -> f.path().equals("app/service.py") && f.code().startsWith("AG2")), found::toString);
        assertFalse(found.stream().anyMatch(f -> f.path().startsWith("tests/")), found::toString);
    }

    @Test
    void checkAppliesTheSameDefaults() throws IOException {
        Files.createDirectories(dir.resolve("tests"));
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("tests/test_client.py"), fixture("test_client.py"));
        Files.writeString(dir.resolve("app/client.py"), fixture("test_client.py"));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.execute("check", "--no-summaries", dir.toString());
        TreeSet<String> inTest = new TreeSet<>();
        TreeSet<String> inApp = new TreeSet<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = Pattern.compile("(AG\\d{3})").matcher(line);
            if (!m.find()) continue;
            if (line.contains("tests" + java.io.File.separator)) inTest.add(m.group(1));
            if (line.contains("app" + java.io.File.separator)) inApp.add(m.group(1));
        }
        assertEquals(new TreeSet<>(List.of("AG301", "AG302")), inTest, out::toString);
        assertTrue(inApp.containsAll(List.of("AG201", "AG204", "AG301", "AG302", "AG503")), out::toString);
    }

    @Test
    void checkSkipsVendoredCopies() throws IOException {
        // The project's root (its pyproject.toml's folder) is what the policy's globs see paths from.
        Files.writeString(dir.resolve("pyproject.toml"), "[project]\nname = \"app\"\n");
        Files.createDirectories(dir.resolve("app/_vendor/lib"));
        Files.writeString(dir.resolve("app/_vendor/lib/client.py"), fixture("test_client.py"));
        Files.writeString(dir.resolve("app/client.py"), fixture("test_client.py"));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.execute("check", "--no-summaries", dir.toString());
        assertTrue(out.toString().contains("app" + java.io.File.separator + "client.py"), out::toString);
        assertFalse(out.toString().contains("_vendor"), out::toString);
    }

    private static void assertOnlyMarked(String path, String source) {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        AnalysisOptions options = PolicyReview.analysisOptions(analyzer.registry(), DEFAULTS);
        Map<Integer, String> expected = new LinkedHashMap<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPECT.matcher(lines[i]);
            if (m.find()) expected.put(i + 1, m.group(1));
        }
        Map<Integer, String> actual = new LinkedHashMap<>();
        for (Finding f : analyzeSource(analyzer, path, source.getBytes(), options)) actual.merge(f.line(), f.code(), (a, b) -> a + "," + b);
        assertEquals(expected, actual);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = TestAndScriptPathsTest.class.getResourceAsStream("/fixtures/roles/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static List<Finding> analyzeSource(Analyzer analyzer, String path, byte[] source, AnalysisOptions options) {
        return analyzer.analyze(AnalysisInput.parse(path, source, options), options);
    }
}
