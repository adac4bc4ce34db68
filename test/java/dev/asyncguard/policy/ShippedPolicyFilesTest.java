package dev.asyncguard.policy;

import dev.asyncguard.analysis.Severity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config/default-policy.yml and config/example-org-policy.yml, as shipped. */
class ShippedPolicyFilesTest {

    private static final Path DEFAULTS = Path.of("config/default-policy.yml");
    private static final Path EXAMPLE = Path.of("config/example-org-policy.yml");

    @Test
    void theJarCarriesTheDocumentedDefaults() throws IOException {
        assertEquals(Files.readString(DEFAULTS), PolicyLoader.defaultsText());
    }

    @Test
    void theDefaultsSetEveryKeyEachAfterAComment() throws IOException {
        PolicyLayer layer = PolicyLoader.defaultsLayer(Policies.KNOWN);
        assertEquals(List.of(), layer.problems());
        List<String> lines = Files.readAllLines(DEFAULTS);
        for (PolicyKey key : PolicyKey.values()) {
            PolicyLayer.Setting s = layer.values().get(key.path());
            assertTrue(s != null, key.path() + " is set");
            String above = lines.get(s.line() - 2).strip();
            String section = key.section() + ":";
            assertTrue(above.startsWith("#") || above.equals(section) && lines.get(s.line() - 3).strip().startsWith("#"),
                    key.path() + " (line " + s.line() + ") is explained by a comment");
        }
        for (String key : List.of("rules:", "enforce:")) {
            int line = lines.indexOf(lines.stream().filter(l -> l.startsWith(key)).findFirst().orElseThrow());
            assertTrue(lines.get(line - 1).startsWith("#"), key + " is explained by a comment");
        }
    }

    @Test
    void theExampleOrgPolicyIsValidAndEnforcesKeys() throws IOException {
        ResolvedPolicy r = PolicyLoader.fromFiles(EXAMPLE, null, Policies.KNOWN);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of("rules.AG201", "rules.AG202", "rules.AG205", "review.request_changes_on", "paths.exclude"),
                List.copyOf(r.enforced().keySet()));
        assertEquals(Optional.of(Severity.INFO), r.policy().severityFor("AG602", Severity.INFO, true));
        assertTrue(!r.policy().includes("api/v1/user_pb2.py") && !r.policy().includes("vendor/lib/x.py"));
        assertTrue(r.policy().includes("src/shop/orders.py"));
    }

    @Test
    void aLocalFileOverTheDefaults(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("asyncguard.yml"), "review:\n  filter: nofilter\n");
        ResolvedPolicy r = PolicyLoader.fromFile(config, Policies.KNOWN);
        assertEquals(dev.asyncguard.diff.FilterMode.NOFILTER, r.policy().review().filter());
        assertEquals("repo " + config + ":2", r.sourceOf("review.filter").orElseThrow().describe());

        Path notUtf8 = Files.write(dir.resolve("latin1.yml"), new byte[]{'p', ':', ' ', (byte) 0xE9, '\n'});
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> PolicyLoader.fromFile(notUtf8, Policies.KNOWN));
        assertEquals(notUtf8 + ": not UTF-8 text", e.getMessage());
    }
}
