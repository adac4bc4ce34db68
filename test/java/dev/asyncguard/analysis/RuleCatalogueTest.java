package dev.asyncguard.analysis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry is the one catalogue: every rule class is registered, and the table in
 * {@code docs/rules/README.md} says what the registry says (code, name, default severity, off by
 * default). Fixtures and docs pages per rule: {@link RuleFixturesTest}.
 */
class RuleCatalogueTest {
    private static final Path RULES_SOURCES = Path.of("src", "main", "java", "dev", "asyncguard", "analysis", "rules");
    private static final Pattern ROW = Pattern.compile(
            "^\\| \\[(AG\\d{3})]\\(\\1\\.md\\) \\| ([a-z0-9-]+) \\| (\\w+) \\| (.*) \\|$");
    private static final Pattern RULE_CLASS = Pattern.compile("(?m)^@RuleInfo\\(\\s*code\\s*=\\s*\"(AG\\d{3})\"");

    @Test
    void everyRuleClassIsRegistered() throws IOException {
        List<String> unregistered = new ArrayList<>();
        try (var files = Files.list(RULES_SOURCES)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = RULE_CLASS.matcher(Files.readString(file));
                if (m.find() && RuleRegistry.builtIn().find(m.group(1)) == null) {
                    unregistered.add(file.getFileName() + " (" + m.group(1) + ")");
                }
            }
        }
        assertTrue(unregistered.isEmpty(), "rule classes with @RuleInfo that RuleRegistry does not list: "
                + unregistered + "; add an entry(...) line to RuleRegistry");
    }

    /** A fixture or page under a code no rule has (a typo, a rule not registered) is named, not ignored. */
    @Test
    void everyFixtureAndDocsPageBelongsToARegisteredRule() throws IOException {
        List<String> orphans = new ArrayList<>();
        for (Path dir : List.of(Path.of("test", "resources", "fixtures", "rules"), Path.of("docs", "rules"))) {
            try (var files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    Matcher m = Pattern.compile("(AG\\d{3})\\.(py|md)").matcher(file.getFileName().toString());
                    if (m.matches() && RuleRegistry.builtIn().find(m.group(1)) == null) orphans.add(file.toString());
                }
            }
        }
        assertTrue(orphans.isEmpty(), "fixtures or docs pages of codes RuleRegistry does not know: " + orphans
                + "; register the rule (entry(...) in RuleRegistry) or fix the file's name");
    }

    @Test
    void theDocsTableSaysWhatTheRegistrySays() throws IOException {
        Path readme = Path.of("docs", "rules", "README.md");
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(readme)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                boolean off = m.group(4).contains("(off by default)");
                documented.put(m.group(1), row(m.group(2), m.group(3), off));
            }
        }
        Map<String, String> registered = new LinkedHashMap<>();
        for (RuleMetadata rule : RuleRegistry.builtIn().rules()) {
            registered.put(rule.code(), row(rule.name(), rule.defaultSeverity().name().toLowerCase(Locale.ROOT),
                    rule.offByDefault()));
        }
        TreeSet<String> missing = new TreeSet<>(registered.keySet());
        missing.removeAll(documented.keySet());
        TreeSet<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(registered.keySet());
        assertTrue(missing.isEmpty(), readme + " has no row for the registered rules " + missing);
        assertTrue(unknown.isEmpty(), readme + " has rows for rules the registry does not know: " + unknown);
        for (var e : registered.entrySet()) {
            assertEquals(e.getValue(), documented.get(e.getKey()), readme + ": the row of " + e.getKey());
        }
        assertEquals(List.copyOf(registered.keySet()), List.copyOf(documented.keySet()),
                readme + " lists the rules in the registry's order");
    }

    private static String row(String name, String severity, boolean offByDefault) {
        return name + " | " + severity + (offByDefault ? " | off by default" : "");
    }
}
