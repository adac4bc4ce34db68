package dev.asyncguard.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void explainsEachValuesSourceTheEnforcedKeysAndTheProblems() throws IOException {
        Path org = Files.writeString(dir.resolve("org.yml"), """
                python: "3.11"
                rules:
                  AG201: error
                review:
                  request_changes_on: error
                enforce: [rules.AG201]
                """);
        Path repo = Files.writeString(dir.resolve("repo.yml"), """
                rules:
                  AG201: off
                  AG2O2: info
                review:
                  filter: file
                """);

        int code = Main.run("policy", "explain", "--org", org.toString(), "--repo", repo.toString());

        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String text = stdout();
        assertTrue(text.contains("#   default config/default-policy.yml (built in)\n"
                + "#   org     " + org + "\n"
                + "#   repo    " + repo + "\n"), text);
        assertTrue(text.contains(line("python: \"3.11\"", "org " + org + ":1")), text);
        assertTrue(text.contains("rules:\n  AG201:\n" + line("    severity: error", "org " + org + ":3, enforced")), text);
        assertTrue(text.contains(line("  filter: file", "repo " + repo + ":5")), text);
        assertTrue(text.contains(line("  request_changes_on: error", "org " + org + ":5")), text);
        int defaultsLine = Files.readAllLines(Path.of("config/default-policy.yml")).indexOf("  max_comments: 25") + 1;
        assertTrue(text.contains(line("  max_comments: 25", "default config/default-policy.yml:" + defaultsLine)), text);
        assertTrue(text.contains("enforce:\n" + line("  - rules.AG201", "org " + org + ":6")), text);
        assertTrue(text.contains("#   warning: " + repo + ":3: rules.AG2O2: unknown rule code; did you mean AG202?\n"), text);
        assertTrue(text.contains("#   warning: " + repo + ":2: rules.AG201.severity: enforced by the org policy ("
                + org + ":6); the org's value stands: error\n"), text);
    }

    @Test
    void theDefaultsAloneAreAValidPolicyFile() {
        assertEquals(0, Main.run("policy", "explain"));
        String text = stdout();
        assertTrue(text.contains("rules: {}"), text);
        assertTrue(text.contains("enforce: []\n"), text);
        assertTrue(!text.contains("# Problems"), text);
    }

    @Test
    void exitsOneWhenAFileHasErrors() throws IOException {
        Path repo = Files.writeString(dir.resolve("repo.yml"), "review:\n  max_comments: -1\n");
        assertEquals(1, Main.run("policy", "explain", "--repo", repo.toString()));
        assertTrue(stdout().contains("#   repo    " + repo + " -- NOT APPLIED, it has errors (see the problems below)\n"), stdout());
        assertTrue(stdout().contains("#   error: " + repo + ":2: review.max_comments: expected a whole number from 0 to 500; got \"-1\"\n"),
                stdout());
    }

    @Test
    void exitsTwoWhenAFileCannotBeRead() {
        Path missing = dir.resolve("nope.yml");
        assertEquals(2, Main.run("policy", "explain", "--org", missing.toString()));
        assertEquals("asyncguard: " + missing + ": no such file\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void configOptionLoadsAFileOverTheDefaults() throws IOException {
        ConfigOption option = new ConfigOption();
        assertEquals(25, option.load().policy().review().maxComments());
        option.config = Files.writeString(dir.resolve("c.yml"), "review: {max_comments: 2}\n");
        assertEquals(2, option.load().policy().review().maxComments());
    }

    @Test
    void explainsOverAnOperatorsDefaults() throws IOException {
        Path defaults = Files.writeString(dir.resolve("defaults.yml"), "review: {max_comments: 3}\nextra: 1\n");
        assertEquals(0, Main.run("policy", "explain", "--defaults", defaults.toString()));
        assertTrue(stdout().contains(line("  max_comments: 3", "default " + defaults + ":1")), stdout());
        assertEquals("asyncguard: warning: " + defaults + ":2: extra: unknown key\n", err.toString(StandardCharsets.UTF_8));

        Path broken = Files.writeString(dir.resolve("broken.yml"), "review: {max_comments: x}\n");
        assertEquals(2, Main.run("policy", "explain", "--defaults", broken.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the default policy " + broken + " is invalid:"), err.toString());
    }

    private static String line(String yaml, String source) {
        return yaml + " ".repeat(Math.max(1, 44 - yaml.length())) + "# " + source + "\n";
    }
}
