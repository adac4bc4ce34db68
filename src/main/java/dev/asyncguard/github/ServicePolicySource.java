package dev.asyncguard.github;

/** The policy in force for a repository, read from its default branch (never from a PR's head). */
@FunctionalInterface
public interface ServicePolicySource {
    ServicePolicy forRepository(long installationId, RepoRef repo);
}
