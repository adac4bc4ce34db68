package dev.asyncguard.policy;

import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.FilterMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.asyncguard.policy.Policies.merge;
import static dev.asyncguard.policy.Policies.org;
import static dev.asyncguard.policy.Policies.repo;
import static dev.asyncguard.policy.Policies.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyMergeTest {

    private static final String ORG = """
            python: "3.11"
            rules:
              AG201: error
              AG401: {severity: warning}
            paths:
              exclude: ["**/migrations/**", "vendor/"]
            review:
              max_comments: 10
              request_changes_on: error
              skip_labels: [wip]
            enforce:
              - rules.AG201
              - review.request_changes_on
            """;

    /** The line of the built-in policy that holds a text, so these tests survive edits to its comments. */
    private static int lineOf(String text) {
        List<String> lines = PolicyLoader.defaultsText().lines().toList();
        assertTrue(lines.contains(text), text);
        return lines.indexOf(text) + 1;
    }

    @Test
    void defaultsAlone() {
        ResolvedPolicy r = merge(null, null);
        Policy p = r.policy();
        assertNull(p.python(), "auto: requires-python of the repository, else unknown");
        assertEquals(FilterMode.ADDED, p.review().filter());
        assertEquals(25, p.review().maxComments());
        assertTrue(p.review().suggestions());
        assertEquals(SeverityThreshold.NEVER, p.review().requestChangesOn());
        assertTrue(p.review().skipDrafts());
        assertEquals(List.of(), p.review().skipLabels());
        assertEquals(SeverityThreshold.ERROR, p.check().failOn());
        assertEquals(RecheckAllowed.COLLABORATORS, p.recheck().allowed());
        assertTrue(p.includes("src/app.py"));
        assertFalse(p.includes("README.md"));
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(PolicyFile.defaults()), r.applied());
        assertEquals("default config/default-policy.yml:" + lineOf("  max_comments: 25"),
                r.sourceOf("review.max_comments").orElseThrow().describe());
    }

    @Test
    void laterLayersOverrideKeyByKeyMapsMergeListsReplace() {
        ResolvedPolicy r = merge(org(ORG), repo("""
                rules:
                  AG401: error
                  AG204: off
                paths:
                  exclude: ["legacy/**"]
                review:
                  filter: file
                """));
        Policy p = r.policy();
        assertEquals(List.of(), r.problems());
        // org over defaults
        assertEquals(PythonVersion.of(3, 11), p.python());
        assertEquals(10, p.review().maxComments());
        // repo over org, while the org's other keys in the same map stay
        assertEquals(FilterMode.FILE, p.review().filter());
        assertEquals(List.of("wip"), p.review().skipLabels());
        // the rules map merges: org's AG201, repo's AG401 over org's, repo's AG204
        assertEquals(Optional.of(Severity.ERROR), p.severityFor("AG201", Severity.WARNING));
        assertEquals(Optional.of(Severity.ERROR), p.severityFor("AG401", Severity.INFO));
        assertEquals(Optional.empty(), p.severityFor("AG204", Severity.WARNING));
        assertEquals(Optional.of(Severity.WARNING), p.severityFor("AG301", Severity.WARNING), "unmentioned: the rule's default");
        // a list replaces the org's list
        assertEquals(List.of(Glob.compile("legacy/**")), p.paths().exclude());
        assertTrue(p.includes("src/migrations/0001_initial.py"), "the org's exclude is replaced, not added to");
        assertFalse(p.includes("legacy/old.py"));
        // provenance of each value
        assertEquals("repo .github/asyncguard.yml:7", r.sourceOf("review.filter").orElseThrow().describe());
        assertEquals("org acme/.github:.github/asyncguard.yml:8", r.sourceOf("review.max_comments").orElseThrow().describe());
        assertEquals("0123456789abcdef", r.sourceOf("python").orElseThrow().file().commit());
        assertEquals("default config/default-policy.yml:" + lineOf("  suggestions: true"),
                r.sourceOf("review.suggestions").orElseThrow().describe());
        assertEquals(3, r.applied().size());
    }

    @Test
    void aRepoCannotChangeWhatTheOrgEnforces() {
        ResolvedPolicy r = merge(org(ORG), repo("""
                rules:
                  AG201: off
                review:
                  request_changes_on: never
                  max_comments: 5
                """));
        Policy p = r.policy();
        assertEquals(Optional.of(Severity.ERROR), p.severityFor("AG201", Severity.WARNING), "the org's level stands");
        assertEquals(SeverityThreshold.ERROR, p.review().requestChangesOn());
        assertEquals(5, p.review().maxComments(), "keys the org leaves open still apply");
        assertEquals(List.of(
                "warning .github/asyncguard.yml:2: rules.AG201.severity: enforced by the org policy "
                        + "(acme/.github:.github/asyncguard.yml:12); the org's value stands: error",
                "warning .github/asyncguard.yml:4: review.request_changes_on: enforced by the org policy "
                        + "(acme/.github:.github/asyncguard.yml:13); the org's value stands: error"),
                texts(r.problems()));
        assertTrue(r.values().get("rules.AG201.severity").enforced());
        assertFalse(r.values().get("review.max_comments").enforced());
        assertEquals("org acme/.github:.github/asyncguard.yml:3", r.sourceOf("rules.AG201.severity").orElseThrow().describe());
        assertEquals(List.of("rules.AG201", "review.request_changes_on"), List.copyOf(r.enforced().keySet()));
    }

    @Test
    void repeatingTheOrgsValueIsNoConflict() {
        ResolvedPolicy r = merge(org(ORG), repo("rules: {AG201: error}\n"));
        assertEquals(List.of(), r.problems());
    }

    @Test
    void enforcingASectionCoversEveryKeyInIt() {
        ResolvedPolicy r = merge(org("enforce: [review, rules]\n"), repo("""
                review: {filter: nofilter}
                rules: {AG301: off}
                check: {fail_on: warning}
                """));
        assertEquals(FilterMode.ADDED, r.policy().review().filter(), "enforced default stands");
        assertEquals(Optional.of(Severity.WARNING), r.policy().severityFor("AG301", Severity.WARNING));
        assertEquals(SeverityThreshold.WARNING, r.policy().check().failOn());
        assertEquals(List.of(
                "warning .github/asyncguard.yml:1: review.filter: enforced by the org policy "
                        + "(acme/.github:.github/asyncguard.yml:1); the org's value stands: added",
                "warning .github/asyncguard.yml:2: rules.AG301.severity: enforced by the org policy "
                        + "(acme/.github:.github/asyncguard.yml:1); the org's value stands: (the rule's default)"),
                texts(r.problems()));
    }

    @Test
    void anInvalidRepoFileIsNotAppliedAndTheOrgPolicyStands() {
        ResolvedPolicy r = merge(org(ORG), repo("""
                review:
                  filter: nofilter
                  max_comments: lots
                """));
        assertEquals(FilterMode.ADDED, r.policy().review().filter(), "no part of an invalid file applies");
        assertEquals(10, r.policy().review().maxComments());
        assertEquals(List.of(Policies.repoFile("fedcba9876543210")), r.rejected());
        assertEquals(2, r.applied().size());
        assertTrue(r.hasErrors());
        assertEquals(List.of("error .github/asyncguard.yml:3: review.max_comments: expected a whole number from 0 to 500; got \"lots\""),
                texts(r.problems()));
    }

    @Test
    void anInvalidOrgFileIsNotAppliedNorItsEnforcement() {
        ResolvedPolicy r = merge(org("python: \"2.7\"\nenforce: [review]\n"), repo("review: {filter: file}\n"));
        assertEquals(FilterMode.FILE, r.policy().review().filter());
        assertTrue(r.enforced().isEmpty());
        assertEquals(List.of(Policies.orgFile("0123456789abcdef")), r.rejected());
    }

    @Test
    void previewRulesNeedPreviewTrue() {
        ResolvedPolicy off = merge(null, null);
        assertEquals(Optional.empty(), off.policy().severityFor("AG602", Severity.INFO, true));

        ResolvedPolicy on = merge(org("rules: {AG602: {preview: true}}\n"), null);
        assertEquals(Optional.of(Severity.INFO), on.policy().severityFor("AG602", Severity.INFO, true));

        ResolvedPolicy loud = merge(org("rules: {AG602: {preview: true}}\n"), repo("rules: {AG602: warning}\n"));
        assertEquals(Optional.of(Severity.WARNING), loud.policy().severityFor("AG602", Severity.INFO, true),
                "the repo's level merges with the org's preview switch");

        ResolvedPolicy forgot = merge(null, repo("rules: {AG602: error}\n"));
        assertEquals(Optional.empty(), forgot.policy().severityFor("AG602", Severity.INFO, true));
        assertEquals(List.of("warning .github/asyncguard.yml:1: rules.AG602: AG602 is a preview rule (off by default); "
                + "add preview: true to turn it on"), texts(forgot.problems()));

        ResolvedPolicy offAgain = merge(org("rules: {AG602: {preview: true}}\n"), repo("rules: {AG602: off}\n"));
        assertEquals(Optional.empty(), offAgain.policy().severityFor("AG602", Severity.INFO, true));
    }

    @Test
    void reviewAndCheckHelpers() {
        Policy p = merge(org(ORG), repo("check: {fail_on: warning}\nrecheck: {allowed: members}\nreview: {skip_drafts: false}\n")).policy();
        assertTrue(p.review().requestsChangesFor(Severity.ERROR));
        assertFalse(p.review().requestsChangesFor(Severity.WARNING));
        assertTrue(p.check().failsOn(Severity.WARNING));
        assertFalse(p.check().failsOn(Severity.INFO));
        assertTrue(p.review().skips(false, List.of("WIP")), "labels compare ignoring case");
        assertFalse(p.review().skips(true, List.of("bug")), "skip_drafts: false");
        assertTrue(p.recheck().allows("MEMBER"));
        assertFalse(p.recheck().allows("COLLABORATOR"));
        assertFalse(p.recheck().allows(null));
        assertTrue(merge(null, null).policy().review().skips(true, List.of()));
    }
}
