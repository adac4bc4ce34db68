package dev.asyncguard.github.fetch;

import dev.asyncguard.policy.Policy;
import dev.asyncguard.policy.PolicyReview;
import dev.asyncguard.policy.ResolvedPolicy;
import dev.asyncguard.review.FileAnalyzer;
import java.util.Collection;

/**
 * The policy in force for one repository (defaults < org < repo, from the default branches), with
 * the analyzer configured by it (rules, severities, target version).
 *
 * @param defaultBranchHead the repository's default branch's head commit the policy was read at;
 *                          null when unknown (an empty repository)
 */
public record ServicePolicy(ResolvedPolicy resolved, FileAnalyzer analyzer, String defaultBranchHead) {

    public ServicePolicy(ResolvedPolicy resolved, FileAnalyzer analyzer) {
        this(resolved, analyzer, null);
    }

    public Policy policy() {
        return resolved.policy();
    }

    /** {@code review.skip_drafts} and {@code review.skip_labels}. */
    public boolean skips(boolean draft, Collection<String> labels) {
        return policy().review().skips(draft, labels);
    }

    /** A pull request's label names, as {@code review.skip_labels} compares them. */
    public static java.util.List<String> labelsOf(com.fasterxml.jackson.databind.JsonNode pullRequest) {
        java.util.List<String> out = new java.util.ArrayList<>();
        pullRequest.path("labels").forEach(l -> out.add(l.path("name").asText()));
        return out;
    }

    /** {@code recheck.allowed} for a commenter's {@code author_association}. */
    public boolean allowsRecheck(String authorAssociation) {
        return policy().recheck().allows(authorAssociation);
    }

    /** {@code paths.include} / {@code paths.exclude}. */
    public boolean includes(String path) {
        return policy().includes(path);
    }

    /** Markdown for the check run: which files (at which commits) are in force, enforced keys, problems. */
    public String describe() {
        return PolicyReview.policySection(resolved);
    }
}
