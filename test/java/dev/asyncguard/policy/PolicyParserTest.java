package dev.asyncguard.policy;

import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.diff.FilterMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.asyncguard.policy.Policies.org;
import static dev.asyncguard.policy.Policies.repo;
import static dev.asyncguard.policy.Policies.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyParserTest {

    private static Map<String, Object> values(PolicyLayer layer) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        layer.values().forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    /** A rule that runs can be configured: policy validation knows every registered rule. */
    @Test
    void acceptsEveryRegisteredRule() {
        StringBuilder yaml = new StringBuilder("rules:\n");
        for (String code : dev.asyncguard.analysis.RuleRegistry.builtIn().codes()) {
            yaml.append("  ").append(code).append(": error\n");
        }
        PolicyLayer layer = repo(yaml.toString());
        assertEquals(List.of(), texts(layer.problems()));
        assertEquals(dev.asyncguard.analysis.RuleRegistry.builtIn().codes().size(), layer.values().size());
    }

    @Test
    void readsEveryKeyWithItsLine() {
        PolicyLayer layer = org("""
                python: 3.10
                rules:
                  AG201: error
                  AG204: off
                  AG602: {severity: info, preview: true}
                paths:
                  include: ["src/**/*.py", "tools/*.py"]
                  exclude: ["**/migrations/**"]
                  tests: ["spec/", "*_spec.py"]
                  scripts: ["ops/"]
                review:
                  filter: diff_context
                  max_comments: 7
                  max_context_files: 40
                  suggestions: off
                  request_changes_on: warning
                  skip_drafts: no
                  skip_labels: [wip, "do not review"]
                check:
                  fail_on: never
                recheck:
                  allowed: anyone
                enforce: [rules.AG201, review, paths.exclude]
                """);
        assertEquals(List.of(), layer.problems());
        Map<String, Object> v = values(layer);
        assertEquals(java.util.Optional.of(PythonVersion.of(3, 10)), v.get("python"), "3.10 is read as text, not the number 3.1");
        assertEquals(RuleLevel.ERROR, v.get("rules.AG201.severity"));
        assertEquals(RuleLevel.OFF, v.get("rules.AG204.severity"), "YAML's boolean 'off' still means the level off");
        assertEquals(RuleLevel.INFO, v.get("rules.AG602.severity"));
        assertEquals(Boolean.TRUE, v.get("rules.AG602.preview"));
        assertEquals(List.of(Glob.compile("src/**/*.py"), Glob.compile("tools/*.py")), v.get("paths.include"));
        assertEquals(List.of(Glob.compile("**/migrations/**")), v.get("paths.exclude"));
        assertEquals(FilterMode.DIFF_CONTEXT, v.get("review.filter"));
        assertEquals(7, v.get("review.max_comments"));
        assertEquals(40, v.get("review.max_context_files"));
        assertEquals(Boolean.FALSE, v.get("review.suggestions"));
        assertEquals(SeverityThreshold.WARNING, v.get("review.request_changes_on"));
        assertEquals(Boolean.FALSE, v.get("review.skip_drafts"));
        assertEquals(List.of("wip", "do not review"), v.get("review.skip_labels"));
        assertEquals(SeverityThreshold.NEVER, v.get("check.fail_on"));
        assertEquals(RecheckAllowed.ANYONE, v.get("recheck.allowed"));
        assertEquals(List.of(Glob.compile("spec/"), Glob.compile("*_spec.py")), v.get("paths.tests"));
        assertEquals(List.of(Glob.compile("ops/")), v.get("paths.scripts"));
        assertEquals(Map.of("rules.AG201", 23, "review", 23, "paths.exclude", 23), layer.enforce());
        assertEquals(13, layer.values().get("review.max_comments").line());
        assertEquals(5, layer.values().get("rules.AG602.preview").line());
        assertEquals(PolicyKey.values().length + 4, layer.values().size(), "every key read");
    }

    @Test
    void saysWhatIsWrongWhereAndWhatWasExpected() {
        PolicyLayer layer = repo("""
                python: 2.7
                rules:
                  AG2O1: error
                  AG201: loud
                  AG202: {severity: warning, preveiw: true}
                review:
                  filter: add
                  max_comments: many
                  suggestions: maybe
                  request_changes_on: errors
                  skip_labels: skip
                  max_coments: 3
                check:
                  fail_on: [error]
                recheck:
                  allowed: everyone
                paths:
                  exclude: ["src/[a.py"]
                colour: blue
                """);
        assertEquals(List.of(
                "error .github/asyncguard.yml:1: python: expected auto or a Python version from 3.8 to 3.14, e.g. \"3.11\"; got \"2.7\"",
                "warning .github/asyncguard.yml:3: rules.AG2O1: unknown rule code; did you mean AG201?",
                "error .github/asyncguard.yml:4: rules.AG201: expected one of off, info, warning, error; got \"loud\"",
                "warning .github/asyncguard.yml:5: rules.AG202.preveiw: unknown key; did you mean preview?",
                "error .github/asyncguard.yml:7: review.filter: expected one of added, diff_context, file, nofilter; got \"add\"; did you mean added?",
                "error .github/asyncguard.yml:8: review.max_comments: expected a whole number from 0 to 500; got \"many\"",
                "error .github/asyncguard.yml:9: review.suggestions: expected true or false; got \"maybe\"",
                "error .github/asyncguard.yml:10: review.request_changes_on: expected one of never, error, warning; got \"errors\"; did you mean error?",
                "error .github/asyncguard.yml:11: review.skip_labels: expected a list of label names, e.g. [\"skip-asyncguard\"]; got \"skip\"",
                "warning .github/asyncguard.yml:12: review.max_coments: unknown key; did you mean max_comments?",
                "error .github/asyncguard.yml:14: check.fail_on: expected one of never, error, warning; got a list",
                "error .github/asyncguard.yml:16: recheck.allowed: expected one of maintainers, members, collaborators, anyone; got \"everyone\"",
                "error .github/asyncguard.yml:18: paths.exclude: invalid glob pattern \"src/[a.py\": a '[' is never closed with ']'",
                "warning .github/asyncguard.yml:19: colour: unknown key"),
                texts(layer.problems()));
        assertFalse(layer.valid());
        assertEquals(Map.of("rules.AG202.severity", RuleLevel.WARNING), values(layer), "only the good values are kept");
    }

    @Test
    void inlineConfidenceIsHighOrLowPerRule() {
        PolicyLayer layer = repo("""
                rules:
                  AG204: {inline_confidence: low}
                  AG304: {severity: info, inline_confidence: High}
                  AG105: {inline_confidence: sometimes}
                  AG503: {inline_confidance: low}
                """);
        assertEquals(List.of(
                "error .github/asyncguard.yml:4: rules.AG105.inline_confidence: expected one of high, low; got \"sometimes\"",
                "warning .github/asyncguard.yml:5: rules.AG503.inline_confidance: unknown key; did you mean inline_confidence?"),
                texts(layer.problems()));
        assertEquals(dev.asyncguard.analysis.Confidence.LOW, values(layer).get("rules.AG204.inline_confidence"));
        assertEquals(dev.asyncguard.analysis.Confidence.HIGH, values(layer).get("rules.AG304.inline_confidence"));

        Policy policy = Policies.merge(null, repo("""
                rules:
                  AG204: {inline_confidence: low}
                  AG201: error
                """)).policy();
        assertEquals(Map.of("AG204", dev.asyncguard.analysis.Confidence.LOW), policy.inlineConfidence(),
                "only the rules the policy names; the rest keep the HIGH bar");
    }

    @Test
    void unknownKeysAndCodesOnlyWarn() {
        PolicyLayer layer = repo("""
                reveiw:
                  filter: file
                rules:
                  ag201: error
                  AG999: off
                review:
                  filter: file
                """);
        assertEquals(List.of(
                "warning .github/asyncguard.yml:1: reveiw: unknown key; did you mean review?",
                "warning .github/asyncguard.yml:4: rules.ag201: unknown rule code; did you mean AG201?",
                "warning .github/asyncguard.yml:5: rules.AG999: unknown rule code"), texts(layer.problems()));
        assertTrue(layer.valid(), "warnings do not reject a file");
        assertEquals(Map.of("review.filter", FilterMode.FILE), values(layer));
    }

    @Test
    void rejectsArbitraryTypeTags() {
        PolicyLayer layer = repo("""
                review:
                  filter: added
                python: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1:1/x.jar"]]]]
                """);
        assertEquals(List.of("error .github/asyncguard.yml:3: unsupported YAML tag !!javax.script.ScriptEngineManager; "
                        + "policy files hold only strings, numbers, booleans, lists and mappings"),
                texts(layer.problems()));
        assertTrue(layer.values().isEmpty(), "nothing of a file with a foreign tag is used");
    }

    @Test
    void rejectsLocalTagsToo() {
        PolicyLayer layer = repo("review: !custom {filter: added}\n");
        assertEquals(List.of("error .github/asyncguard.yml:1: unsupported YAML tag !custom; "
                + "policy files hold only strings, numbers, booleans, lists and mappings"), texts(layer.problems()));
    }

    @Test
    void rejectsAnAliasBomb() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String prev = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        yaml.append("review:\n  skip_labels: *j\n");
        PolicyLayer layer = repo(yaml.toString());
        assertEquals(List.of("error .github/asyncguard.yml: the file uses YAML aliases (*name) of lists or mappings more than 20 "
                + "times; policy files need few or none (the limit stops alias bombs)"), texts(layer.problems()));
    }

    @Test
    void aFewAliasesAreFineAndCostNothing() {
        PolicyLayer layer = repo("""
                paths:
                  include: &py ["**/*.py"]
                review:
                  skip_labels: [wip]
                x: *py
                """);
        assertEquals(List.of("warning .github/asyncguard.yml:5: x: unknown key"), texts(layer.problems()));
        assertEquals(List.of(Glob.compile("**/*.py")), values(layer).get("paths.include"));
    }

    @Test
    void rejectsDeepNestingOversizedFilesAndBrokenYaml() {
        String deep = "review: " + "[".repeat(40) + "]".repeat(40) + "\n";
        assertEquals(1, repo(deep).problems().size());
        assertTrue(repo(deep).problems().getFirst().message().startsWith("not valid YAML: "), repo(deep).problems().toString());
        assertFalse(repo(deep).valid());

        String big = "# " + "x".repeat(PolicyParser.MAX_CHARS) + "\n";
        assertEquals(List.of("error .github/asyncguard.yml: the file has 65539 characters; a policy file may have at most 65536"),
                texts(repo(big).problems()));

        PolicyLayer broken = repo("review:\n  filter: [added\n  max_comments: 3\n");
        assertEquals(1, broken.problems().size());
        PolicyProblem p = broken.problems().getFirst();
        assertTrue(p.isError());
        assertTrue(p.line() > 0 && p.message().startsWith("not valid YAML: "), p.toString());

        PolicyLayer twoDocuments = repo("python: \"3.11\"\n---\npython: \"3.12\"\n");
        assertFalse(twoDocuments.valid(), twoDocuments.problems().toString());
    }

    @Test
    void duplicateKeysAreErrors() {
        PolicyLayer layer = repo("""
                review:
                  filter: added
                  filter: nofilter
                """);
        assertEquals(List.of("error .github/asyncguard.yml:3: review.filter: duplicate key (first set on line 2)"),
                texts(layer.problems()));
    }

    @Test
    void wrongShapes() {
        assertEquals(List.of("error .github/asyncguard.yml:1: expected a mapping of policy keys (python, rules, paths, review, "
                + "check, recheck, enforce); got a list"), texts(repo("- python\n").problems()));
        assertEquals(List.of("error .github/asyncguard.yml:1: review: expected a mapping with the keys filter, max_comments, "
                + "max_context_files, suggestions, request_changes_on, skip_drafts, skip_labels; got \"strict\""), texts(repo("review: strict\n").problems()));
        assertEquals(List.of("error .github/asyncguard.yml:1: rules: expected a mapping of rule codes to levels, e.g. "
                + "{AG201: error}; got a list"), texts(repo("rules: [AG201]\n").problems()));
        assertEquals(List.of("error .github/asyncguard.yml:1: rules.AG201: expected one of off, info, warning, error, or a "
                + "mapping such as {severity: warning, preview: true}; got a list"), texts(repo("rules: {AG201: [off]}\n").problems()));
        assertEquals(List.of("error .github/asyncguard.yml:1: python: expected auto or a Python version from 3.8 to 3.14, "
                + "e.g. \"3.11\"; got nothing"), texts(repo("python:\n").problems()));
        assertEquals(List.of("error .github/asyncguard.yml:3: paths.include: expected a list of glob patterns, e.g. "
                + "[\"tests/**\"]; got an entry that is a list"), texts(repo("paths:\n  include:\n    - [a]\n").problems()));
        assertEquals(List.of("error .github/asyncguard.yml:1: review.max_comments: expected a whole number from 0 to 500; "
                + "got \"501\""), texts(repo("review: {max_comments: 501}\n").problems()));
        String labels = "review:\n  skip_labels: [" + "x, ".repeat(ValueKind.MAX_LIST) + "x]\n";
        assertEquals(List.of("error .github/asyncguard.yml:2: review.skip_labels: expected a list of at most 500 entries; got 501"),
                texts(repo(labels).problems()));
    }

    @Test
    void emptyFilesAndEmptySectionsAreFine() {
        assertEquals(List.of(), repo("").problems());
        assertEquals(List.of(), repo("# only a comment\n").problems());
        PolicyLayer sections = repo("review:\nrules:\n");
        assertEquals(List.of(), sections.problems());
        assertTrue(sections.values().isEmpty());
    }

    @Test
    void onlyTheOrgMayEnforce() {
        PolicyLayer layer = repo("enforce: [python]\n");
        assertEquals(List.of("warning .github/asyncguard.yml:1: enforce: only the org policy (.github/asyncguard.yml in the "
                + "org's .github repository) can enforce keys; ignored"), texts(layer.problems()));
        assertTrue(layer.enforce().isEmpty());
    }

    @Test
    void enforcePathsAreChecked() {
        PolicyLayer layer = org("""
                enforce:
                  - rules.AG2O1
                  - review.filter
                  - reviews
                  - rules.AG602.preview
                  - enforce
                """);
        assertEquals(List.of(
                "warning acme/.github:.github/asyncguard.yml:2: enforce: unknown key \"rules.AG2O1\"; did you mean rules.AG201?; not enforced",
                "warning acme/.github:.github/asyncguard.yml:4: enforce: unknown key \"reviews\"; did you mean review?; not enforced",
                "warning acme/.github:.github/asyncguard.yml:6: enforce: unknown key \"enforce\"; not enforced"),
                texts(layer.problems()));
        assertEquals(List.of("review.filter", "rules.AG602.preview"), List.copyOf(layer.enforce().keySet()));
    }

    @Test
    void namesFromTheFileCannotCarryControlCharacters() {
        PolicyLayer layer = repo("review:\n  \"max\\e[31m\\u202e_comments\": 3\n\"a\\nb\": 1\n");
        assertEquals(List.of(
                "warning .github/asyncguard.yml:2: review.\"max\\u001b[31m\\u202e_comments\": unknown key",
                "warning .github/asyncguard.yml:3: \"a\\nb\": unknown key"), texts(layer.problems()));
    }

    /** Bad input is a problem, never an exception: many damaged copies of a real policy file. */
    @Test
    void damagedFilesNeverThrow() throws java.io.IOException {
        String original = java.nio.file.Files.readString(java.nio.file.Path.of("config/example-org-policy.yml"));
        String alphabet = " \t\n:-[]{},&*!|>'\"#%@`?~\\0123456789abcAG.\u0000\u00e9\u202e";
        java.util.Random random = new java.util.Random(20261122);
        int rejected = 0;
        for (int i = 0; i < 1500; i++) {
            StringBuilder text = new StringBuilder(original);
            for (int edits = 1 + random.nextInt(4); edits > 0 && !text.isEmpty(); edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            PolicyLayer layer = org(text.toString());
            ResolvedPolicy resolved = Policies.merge(layer, null);
            if (!layer.valid()) rejected++;
            for (PolicyProblem p : layer.problems()) {
                assertFalse(p.toString().contains("\n"), p.toString());
            }
            assertEquals(layer.valid() ? 2 : 1, resolved.applied().size());
        }
        assertTrue(rejected > 75 && rejected < 1500, "the damage both breaks and spares files: " + rejected);
    }
}
