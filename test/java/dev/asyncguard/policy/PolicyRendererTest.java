package dev.asyncguard.policy;

import org.junit.jupiter.api.Test;

import static dev.asyncguard.policy.Policies.merge;
import static dev.asyncguard.policy.Policies.org;
import static dev.asyncguard.policy.Policies.repo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyRendererTest {

    @Test
    void summaryNamesTheFilesCommitsEnforcedKeysAndProblems() {
        ResolvedPolicy r = merge(org("rules: {AG201: error}\nenforce: [rules.AG201, review]\n"),
                repo("rules: {AG201: off, AG2O1: info}\n"));
        assertEquals("""
                ### Policy

                In force: built-in defaults < org `acme/.github:.github/asyncguard.yml` at `0123456` < repo `.github/asyncguard.yml` at `fedcba9`.

                Enforced by the org: `rules.AG201`, `review`.

                **Problems in policy files:**

                - warning: `.github/asyncguard.yml:1: rules.AG2O1: unknown rule code; did you mean AG201?`
                - warning: `.github/asyncguard.yml:1: rules.AG201.severity: enforced by the org policy (acme/.github:.github/asyncguard.yml:2); the org's value stands: error`
                """, PolicyRenderer.summaryMarkdown(r));
    }

    @Test
    void summarySaysWhenAFileWasNotApplied() {
        ResolvedPolicy r = merge(null, repo("review: {filter: sometimes}\n"));
        String md = PolicyRenderer.summaryMarkdown(r);
        assertTrue(md.contains("In force: built-in defaults.\n"), md);
        assertTrue(md.contains("**Not applied:** repo `.github/asyncguard.yml` at `fedcba9` has errors (below); "
                + "this review ran without it.\n"), md);
        assertTrue(md.contains("- error: `.github/asyncguard.yml:1: review.filter: expected one of added, diff_context, file, "
                + "nofilter; got \"sometimes\"`\n"), md);
    }

    @Test
    void nothingFromAPolicyFileRendersAsMarkdown() {
        assertEquals("`plain`", PolicyRenderer.code("plain"));
        assertEquals("`` a`b ``".replace("`` a", "``a").replace("b ``", "b``"), PolicyRenderer.code("a`b"));
        assertEquals("``` `` ```", PolicyRenderer.code("``"));
        ResolvedPolicy r = merge(null, repo("\"[x](http://evil)`\": 1\n"));
        assertTrue(PolicyRenderer.summaryMarkdown(r).contains("- warning: ``.github/asyncguard.yml:1: \"[x](http://evil)`\": unknown key``\n"),
                PolicyRenderer.summaryMarkdown(r));
    }

    @Test
    void summaryListsAtMostThirtyProblems() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 40; i++) yaml.append("unknown").append(i).append(": 1\n");
        String md = PolicyRenderer.summaryMarkdown(merge(null, repo(yaml.toString())));
        assertEquals(30, md.lines().filter(l -> l.startsWith("- warning:")).count());
        assertTrue(md.contains("- and 10 more (run `asyncguard policy explain` on the file to see all)\n"), md);
    }
}
