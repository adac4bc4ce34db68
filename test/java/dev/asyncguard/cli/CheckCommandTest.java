package dev.asyncguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code asyncguard check} end to end on files in a temporary folder. */
class CheckCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int check(String... args) {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private void write(String relative, String code) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, code);
    }

    private void project() throws IOException {
        write("app/service.py", """
                import asyncio
                import time
                import requests

                async def poll():
                    time.sleep(1)
                    return requests.get("https://example.com", timeout=5)
                """);
        write("app/clean.py", """
                import asyncio

                async def poll():
                    await asyncio.sleep(1)
                """);
        write(".venv/lib/site.py", "import time\nasync def f():\n    time.sleep(1)\n");
        write("env2/pyvenv.cfg", "home = /usr/bin\n");
        write("env2/lib/x.py", "import time\nasync def f():\n    time.sleep(1)\n");
    }

    @Test
    void textOutputLikeACompilerAndExitOneWithFindings() throws IOException {
        project();
        assertEquals(1, check(dir.toString()));
        String text = out.toString();
        String service = dir.resolve("app/service.py").toString();
        assertTrue(text.contains(service + ":6:5: AG201 [blocking-sleep] time.sleep() blocks the event loop"), text);
        assertTrue(text.contains("      await asyncio.sleep(1)"), text);
        assertTrue(text.contains(service + ":7:12: AG202 [blocking-http]"), text);
        assertFalse(text.contains(".venv") || text.contains("env2"), "hidden folders and virtualenvs are skipped:\n" + text);
        assertTrue(text.contains("2 findings in 2 files"), text);
    }

    @Test
    void exitZeroWithoutFindingsAndSelectIgnore() throws IOException {
        project();
        assertEquals(0, check(dir.resolve("app/clean.py").toString()));
        assertEquals(1, check("--select", "AG2", "--ignore", "AG202", dir.resolve("app").toString()));
        assertFalse(out.toString().contains("AG202"));
        assertEquals(0, check("--select", "AG1", dir.resolve("app").toString()));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, check(dir.resolve("missing").toString()));
        assertTrue(err.toString().contains("no such file or folder"), err.toString());
        assertEquals(2, check("--select", "XX9", dir.toString()));
        assertEquals(2, check("--target-version", "banana", dir.toString()));
        assertEquals(2, check("--format", "xml", dir.toString()));
    }

    @Test
    void jsonAndSarif() throws IOException {
        project();
        String file = dir.resolve("app/service.py").toString();
        assertEquals(1, check("--format", "json", file));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(2, json.size());
        assertEquals("AG201", json.get(0).get("code").asText());
        assertEquals("safe", json.get(0).get("fix").get("applicability").asText());
        assertEquals(6, json.get(0).get("range").get("startLine").asInt());
        // Output is stable from run to run: keys in a fixed order (Map.of's order differs per JVM).
        assertEquals(List.of("range", "replacement"), fieldNames(json.get(0).get("fix").get("edits").get(0)));

        out.getBuffer().setLength(0);
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("app/service.py"));
        assertEquals(1, check("--format", "sarif", relative.toString()));
        JsonNode sarif = new ObjectMapper().readTree(out.toString());
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode run = sarif.get("runs").get(0);
        JsonNode located = run.get("results").get(0).get("locations").get(0).get("physicalLocation");
        assertEquals(List.of("artifactLocation", "region"), fieldNames(located));
        JsonNode rules = run.get("tool").get("driver").get("rules");
        assertTrue(rules.size() >= 15);
        // Neither ASYNCGUARD_PUBLIC_URL nor ASYNCGUARD_DOCS_URL: no page to link, so no helpUri.
        if (System.getenv("ASYNCGUARD_PUBLIC_URL") == null && System.getenv("ASYNCGUARD_DOCS_URL") == null) {
            assertFalse(rules.get(0).has("helpUri"), rules.get(0).toString());
            assertFalse(run.get("tool").get("driver").has("informationUri"));
        }
        JsonNode result = run.get("results").get(0);
        assertEquals("AG201", result.get("ruleId").asText());
        assertEquals("warning", result.get("level").asText());
        JsonNode location = result.get("locations").get(0).get("physicalLocation");
        assertEquals(relative.toString().replace('\\', '/'), location.get("artifactLocation").get("uri").asText());
        assertEquals(6, location.get("region").get("startLine").asInt());
        assertEquals(5, location.get("region").get("startColumn").asInt());
        assertEquals("await asyncio.sleep(1)", result.get("fixes").get(0).get("artifactChanges").get(0)
                .get("replacements").get(0).get("insertedContent").get("text").asText());
    }

    @Test
    void syntaxErrorsAreFindingsNotCrashes() throws IOException {
        write("bad.py", "def broken(:\n    pass\nimport time\nasync def f():\n    time.sleep(1)\n");
        assertEquals(1, check(dir.resolve("bad.py").toString()));
        assertTrue(out.toString().contains("bad.py:1:"), out.toString());
        assertTrue(out.toString().contains("AG001 [syntax-error]"), out.toString());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void sarifHelpUriFollowsTheRuleLinks() throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        CheckReports.sarif(List.of(), null, dev.asyncguard.analysis.RuleRegistry.builtIn(),
                dev.asyncguard.review.RuleDocLinks.of("https://asyncguard.example.com", null), new PrintWriter(text));
        JsonNode rules = new ObjectMapper().readTree(text.toString()).get("runs").get(0).get("tool").get("driver").get("rules");
        assertEquals("https://asyncguard.example.com/rules/" + rules.get(0).get("id").asText(), rules.get(0).get("helpUri").asText());
        assertFalse(text.toString().contains("github.com/asyncguard"));
    }
}
