package dev.asyncguard.policy;

import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.diff.FilterMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.asyncguard.policy.GitRepositoriesSource.commitPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An operator's default policy file (the chart's ASYNCGUARD_POLICY_DEFAULTS_FILE) over the built-in one. */
class PolicyDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void anOperatorsFileOverridesTheBuiltInKeyByKey() throws IOException {
        Path file = Files.writeString(dir.resolve("default-policy.yml"), "review:\n  filter: file\n  colour: red\n");
        PolicyDefaults defaults = PolicyDefaults.fromFile(file, Policies.KNOWN);

        assertEquals(List.of(file + ":3: review.colour: unknown key"), defaults.warnings().stream().map(Object::toString).toList());
        assertEquals(List.of(PolicyFile.defaults(), new PolicyFile(PolicyFile.Layer.DEFAULT, null, file.toString(), null)),
                defaults.files());

        ResolvedPolicy r = PolicyMerge.merge(defaults, Policies.org("review: {max_comments: 4}\n"), null, Policies.KNOWN);
        assertEquals(FilterMode.FILE, r.policy().review().filter());
        assertEquals(4, r.policy().review().maxComments());
        assertEquals(SeverityThreshold.ERROR, r.policy().check().failOn(), "left out: the built-in value");
        assertEquals("default " + file + ":2", r.sourceOf("review.filter").orElseThrow().describe());
        assertEquals(List.of(), r.problems(), "the operator's warnings are not every check run's business");
        String md = PolicyRenderer.summaryMarkdown(r);
        assertEquals(true, md.contains("In force: built-in defaults < default `" + file + "` < org "), md);
    }

    @Test
    void aBrokenOperatorsFileStopsTheServiceWithEveryProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("default-policy.yml"), "python: \"2.7\"\nreview: {filter: some}\n");
        IOException e = assertThrows(IOException.class, () -> PolicyDefaults.fromFile(file, Policies.KNOWN));
        assertEquals("the default policy " + file + " is invalid:\n"
                + "  error: " + file + ":1: python: expected auto or a Python version from 3.8 to 3.14, e.g. \"3.11\"; got \"2.7\"\n"
                + "  error: " + file + ":2: review.filter: expected one of added, diff_context, file, nofilter; got \"some\"",
                e.getMessage());
    }

    @Test
    void theResolverUsesTheOperatorsDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("default-policy.yml"), "python: \"3.12\"\n");
        GitRepositoriesSource source = new GitRepositoriesSource(dir.resolve("repos"));
        commitPolicy(source.create("acme/shop"), "review: {filter: nofilter}\n");
        PolicyResolver resolver = new PolicyResolver(null, Policies.KNOWN, PolicyDefaults.fromFile(file, Policies.KNOWN), 16);

        Policy p = resolver.resolve("acme/shop", source).policy();

        assertEquals(PythonVersion.of(3, 12), p.python());
        assertEquals(FilterMode.NOFILTER, p.review().filter());
    }
}
