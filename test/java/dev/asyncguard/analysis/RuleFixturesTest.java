package dev.asyncguard.analysis;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.PythonVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every registered rule against its fixture {@code test/resources/fixtures/rules/AGnnn.py}: lines
 * marked {@code # expect: AGnnn[, AGmmm]} must be reported with exactly those codes (a code written
 * {@code AGnnn(low)} with low confidence, a plain one with high confidence), every other
 * line must stay clean. The fixture runs with the default rules plus its own, so fixtures also
 * guard against other rules crying wolf on realistic code. Also fails when a registered rule
 * lacks its fixture or its docs page.
 */
class RuleFixturesTest {
    private static final Pattern EXPECT = Pattern.compile(
            "#\\s*expect:\\s*(AG\\d{3}(?:\\(low\\))?(?:\\s*,\\s*AG\\d{3}(?:\\(low\\))?)*)");
    /** {@code # fixture-python: 3.9}: the fixture's project declares this Python (AG002 needs one). */
    private static final Pattern DECLARED_PYTHON = Pattern.compile("(?m)^#\\s*fixture-python:\\s*(\\S+)");

    static List<String> codes() {
        return RuleRegistry.builtIn().codes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void fixtureFindsExactlyTheMarkedLines(String code) throws IOException {
        String source = fixture(code);
        AnalysisOptions options = AnalysisOptions.defaults(RuleRegistry.builtIn())
                .withSeverity(code, RuleRegistry.builtIn().find(code).defaultSeverity());
        Matcher declared = DECLARED_PYTHON.matcher(source);
        if (declared.find()) options = options.withDeclaredPython(PythonVersion.parse(declared.group(1)));
        List<String> problems = compare(code + ".py", source, options);
        assertTrue(expectations(source).values().stream().anyMatch(s -> s.stream().anyMatch(c -> c.startsWith(code))),
                code + ".py marks no line with its own code: a fixture must show the rule firing");
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }

    static List<Path> services() throws IOException {
        try (var files = Files.list(Path.of("test", "resources", "fixtures", "services"))) {
            return files.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
    }

    /** Service-shaped modules (several pitfalls and many look-alikes in one file) under the default rules. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void serviceModuleFindsExactlyTheMarkedLines(Path file) throws IOException {
        String source = Files.readString(file);
        List<String> problems = compare(file.getFileName().toString(), source,
                AnalysisOptions.defaults(RuleRegistry.builtIn()));
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }

    /** The differences between the marked lines and the findings, one readable line each. */
    static List<String> compare(String name, String source, AnalysisOptions options) {
        ParseResult parsed = new Parser().parse(source);
        List<Finding> findings = Analyzer.withBuiltInRules().analyze(dev.asyncguard.analysis.AnalysisInput.of(name, parsed), options);

        Map<Integer, Set<String>> expected = expectations(source);
        Map<Integer, Set<String>> actual = new TreeMap<>();
        for (Finding f : findings) {
            actual.computeIfAbsent(f.line(), k -> new TreeSet<>()).add(marker(f));
        }

        List<String> problems = new ArrayList<>();
        Set<Integer> lines = new TreeSet<>(expected.keySet());
        lines.addAll(actual.keySet());
        String[] sourceLines = source.split("\n", -1);
        for (int line : lines) {
            Set<String> want = expected.getOrDefault(line, Set.of());
            Set<String> got = actual.getOrDefault(line, Set.of());
            if (!want.equals(got)) {
                List<String> messages = findings.stream().filter(f -> f.line() == line)
                        .map(f -> marker(f) + " " + f.message()).toList();
                problems.add(name + ":" + line + ": expected " + want + ", got " + got + " " + messages
                        + "\n    " + sourceLines[line - 1].strip());
            }
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void ruleHasItsDocsPage(String code) {
        Path page = Path.of("docs", "rules", code + ".md");
        assertTrue(Files.isRegularFile(page), "rule " + code + " lacks its docs page " + page);
    }

    /** The page's "In tests / in scripts" line says what {@code @RuleInfo(inTests, inScripts)} does. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void docsPageSaysWhereTheRuleApplies(String code) throws IOException {
        RuleMetadata rule = RuleRegistry.builtIn().find(code);
        String line = "- In tests: " + (rule.inTests() ? "yes" : "no") + "; in scripts: " + (rule.inScripts() ? "yes" : "no");
        String page = Files.readString(Path.of("docs", "rules", code + ".md"));
        assertTrue(page.contains(line), "docs/rules/" + code + ".md should say under Options: " + line);
    }

    /**
     * The page's "Equivalent codes" section lists exactly {@code @RuleInfo(equivalents)} (or says
     * "none"): the page is what SARIF's help and test/eval/fixture-recall.sh read the mapping from.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void docsPageListsTheEquivalentCodes(String code) throws IOException {
        RuleMetadata rule = RuleRegistry.builtIn().find(code);
        String page = Files.readString(Path.of("docs", "rules", code + ".md"));
        Matcher section = Pattern.compile("(?m)^## Equivalent codes\\s*\\n+(.*)$").matcher(page);
        assertTrue(section.find(), "docs/rules/" + code + ".md lacks its '## Equivalent codes' section");
        Set<String> listed = new TreeSet<>();
        Matcher codes = Pattern.compile("\\b[A-Z]+\\d{3,4}\\b").matcher(section.group(1));
        while (codes.find()) listed.add(codes.group());
        assertEquals(new TreeSet<>(rule.equivalents()), listed,
                "docs/rules/" + code + ".md 'Equivalent codes' should list @RuleInfo(equivalents)");
    }

    static String fixture(String code) throws IOException {
        try (InputStream in = RuleFixturesTest.class.getResourceAsStream("/fixtures/rules/" + code + ".py")) {
            assertNotNull(in, "rule " + code + " lacks its fixture test/resources/fixtures/rules/" + code + ".py");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** How a fixture marks this finding: its code, with {@code (low)} when the rule is not sure of it. */
    static String marker(Finding f) {
        return f.code() + (f.lowConfidence() ? "(low)" : "");
    }

    static Map<Integer, Set<String>> expectations(String source) {
        Map<Integer, Set<String>> out = new TreeMap<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPECT.matcher(lines[i]);
            if (m.find()) {
                for (String c : m.group(1).split("\\s*,\\s*")) out.computeIfAbsent(i + 1, k -> new TreeSet<>()).add(c.trim());
            }
        }
        return out;
    }
}
