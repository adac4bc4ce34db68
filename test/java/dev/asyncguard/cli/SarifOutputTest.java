package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code check --format sarif} for code scanning: the tool's version, each rule's full description
 * and help (text and Markdown from docs/rules), a fingerprint on every result, paths relative to a
 * {@code uriBaseId}. (Field by field here; {@link SarifSchemaTest} validates the whole document
 * against the SARIF 2.1.0 JSON schema.)
 */
class SarifOutputTest {
    @Test
    void sarifCarriesWhatCodeScanningUses() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/sarif-test/app"));
        Path file = Files.writeString(dir.resolve("job.py"),
                "import asyncio\nimport time\n\nasync def f():\n    time.sleep(1)\n    time.sleep(1)\n");
        CliRun cli = new CliRun();
        assertEquals(1, cli.run("check", "--format", "sarif", file.toAbsolutePath().toString()));
        JsonNode run = new ObjectMapper().readTree(cli.out.toString()).path("runs").get(0);
        JsonNode driver = run.path("tool").path("driver");
        assertEquals(Main.VERSION, driver.path("version").asText());
        JsonNode ag201 = null;
        for (JsonNode rule : driver.path("rules")) {
            assertTrue(rule.path("fullDescription").path("text").asText().length() > 0, rule.toString());
            if (rule.path("id").asText().equals("AG201")) ag201 = rule;
        }
        assertTrue(ag201 != null);
        assertEquals(Files.readString(Path.of("docs/rules/AG201.md")), ag201.path("help").path("markdown").asText());
        assertEquals(ag201.path("help").path("markdown").asText(), ag201.path("help").path("text").asText());
        assertTrue(ag201.path("fullDescription").path("text").asText().startsWith("Reports `time.sleep(...)` called inside a coroutine"),
                ag201.toString());

        String root = run.path("originalUriBaseIds").path("%SRCROOT%").path("uri").asText();
        assertEquals(Path.of("").toAbsolutePath().toUri().toString(), root);
        assertEquals(2, run.path("results").size());
        java.util.Set<String> prints = new java.util.HashSet<>();
        for (JsonNode result : run.path("results")) {
            JsonNode location = result.path("locations").get(0).path("physicalLocation").path("artifactLocation");
            assertEquals("target/sarif-test/app/job.py", location.path("uri").asText(), "repository-relative");
            assertEquals("%SRCROOT%", location.path("uriBaseId").asText());
            String print = result.path("partialFingerprints").path("asyncguard/v1").asText();
            assertTrue(print.matches("[0-9a-f]{16}"), result.toString());
            prints.add(print);
            for (String required : new String[] {"ruleId", "message", "locations"}) assertTrue(result.has(required), required);
        }
        assertEquals(2, prints.size(), "two identical lines still get two fingerprints");
    }
}
