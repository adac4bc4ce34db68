package dev.asyncguard.policy;

/** Test support: the registry's rule codes and short ways to parse policy text. */
final class Policies {

    static final KnownRules KNOWN = KnownRules.builtIn();

    private Policies() {
    }

    static PolicyFile orgFile(String commit) {
        return new PolicyFile(PolicyFile.Layer.ORG, "acme/.github", PolicyFile.POLICY_PATH, commit);
    }

    static PolicyFile repoFile(String commit) {
        return new PolicyFile(PolicyFile.Layer.REPO, "acme/shop", PolicyFile.POLICY_PATH, commit);
    }

    static PolicyLayer org(String yaml) {
        return PolicyParser.parse(yaml, orgFile("0123456789abcdef"), KNOWN);
    }

    static PolicyLayer repo(String yaml) {
        return PolicyParser.parse(yaml, repoFile("fedcba9876543210"), KNOWN);
    }

    static ResolvedPolicy merge(PolicyLayer org, PolicyLayer repo) {
        return PolicyMerge.merge(PolicyDefaults.builtIn(KNOWN), org, repo, KNOWN);
    }

    /** The problems of a layer as the one-line texts people see. */
    static java.util.List<String> texts(java.util.List<PolicyProblem> problems) {
        return problems.stream().map(p -> p.level().name().toLowerCase() + " " + p).toList();
    }
}
