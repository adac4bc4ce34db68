package dev.asyncguard.github.fetch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.GitHubException;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.SettingsException;
import dev.asyncguard.policy.KnownRules;
import dev.asyncguard.policy.PolicyDefaults;
import dev.asyncguard.policy.PolicyResolver;
import dev.asyncguard.policy.ResolvedPolicy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The policy for a repository, resolved through the installation's token. One resolver (one cache
 * of parsed files by repository and commit) serves every installation.
 */
@Singleton
public class RepositoryPolicies {
    private final GitHubClient github;
    private final ObjectMapper json;
    private final PolicyResolver resolver;
    private final DefaultBranches branches = new DefaultBranches();

    public RepositoryPolicies(GitHubClient github, ObjectMapper json, PolicySettings settings) {
        this.github = github;
        this.json = json;
        KnownRules known = KnownRules.builtIn();
        PolicyDefaults defaults = PolicyDefaults.builtIn(known);
        if (settings.defaultsFile() != null && !settings.defaultsFile().isBlank()) {
            try {
                defaults = PolicyDefaults.fromFile(Path.of(settings.defaultsFile()), known);
            } catch (IOException | RuntimeException e) {
                throw new SettingsException("asyncguard.policy.defaults-file '" + settings.defaultsFile()
                        + "' (ASYNCGUARD_POLICY_DEFAULTS_FILE) is not a usable policy: " + e.getMessage());
            }
        }
        this.resolver = new PolicyResolver(null, known, defaults, Math.max(16, settings.cacheSize()));
    }

    /** @throws GitHubException when the policy cannot be read; the run fails rather than guess */
    public ServicePolicy forRepository(long installation, RepoRef repo) {
        return forRepository(installation, repo, null);
    }

    /**
     * The policy, with the repository's default branch as the delivery named it ({@code null}: asked
     * of GitHub when not known lately); a branch that no longer exists is asked for again.
     *
     * @throws GitHubException when the policy cannot be read; the run fails rather than guess
     */
    public ServicePolicy forRepository(long installation, RepoRef repo, String defaultBranch) {
        if (defaultBranch != null) branches.put(installation, repo.toString(), defaultBranch);
        ResolvedPolicy resolved;
        GitHubPolicySource source = new GitHubPolicySource(github, installation, json, branches);
        try {
            resolved = resolver.resolve(repo.toString(), source);
        } catch (IOException e) {
            throw new GitHubException("cannot read the policy for " + repo + ": " + e.getMessage(), 0);
        }
        return new ServicePolicy(resolved, analysisOf(resolved), source.headRead(repo.toString()));
    }

    /**
     * The policy of a repository with no policy files of its own in an org without any: the operator's
     * defaults, with the same analyzer a review of such a repository gets. Asks nothing of GitHub (the
     * service's warm-up reviews with it).
     */
    public ServicePolicy withoutPolicyFiles(String repository) {
        dev.asyncguard.policy.PolicySource none = new dev.asyncguard.policy.PolicySource() {
            @Override
            public java.util.Optional<String> defaultBranchHead(String repo) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<String> read(String repo, String commit, String path) {
                return java.util.Optional.empty();
            }
        };
        try {
            ResolvedPolicy resolved = resolver.resolve(repository, none);
            return new ServicePolicy(resolved, analysisOf(resolved), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);      // the source above reads nothing
        }
    }

    /**
     * The analyzer and options a resolved policy configures, made once per policy: the resolver
     * answers a repository whose default branches did not move with the very same
     * {@link ResolvedPolicy}, so a review does not build its rules again.
     */
    private ServicePolicy.Analysis analysisOf(ResolvedPolicy resolved) {
        SamePolicy key = new SamePolicy(resolved);
        synchronized (analyses) {
            ServicePolicy.Analysis known = analyses.get(key);
            if (known != null) return known;
        }
        ServicePolicy.Analysis made = ServicePolicy.Analysis.of(resolved);
        synchronized (analyses) {
            analyses.put(key, made);
        }
        return made;
    }

    /** A resolved policy by identity (its record equality would compare every setting on each lookup). */
    private record SamePolicy(ResolvedPolicy policy) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SamePolicy other && other.policy == policy;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(policy);
        }
    }

    private final java.util.Map<SamePolicy, ServicePolicy.Analysis> analyses = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<SamePolicy, ServicePolicy.Analysis> eldest) {
            return size() > 256;
        }
    };
}
