package dev.asyncguard.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** Test support: the catalogue's rule codes and short ways to parse policy text. */
final class Policies {

    static final KnownRules KNOWN = load();

    private Policies() {
    }

    private static KnownRules load() {
        try (InputStream in = Policies.class.getResourceAsStream("/policy/rule-codes.txt")) {
            Set<String> codes = new HashSet<>();
            Set<String> off = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.trim().split("\\s+");
                codes.add(parts[0]);
                if (parts.length > 1 && parts[1].equals("off")) off.add(parts[0]);
            }
            return new KnownRules(codes, off);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
