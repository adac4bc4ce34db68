package dev.asyncguard.policy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the policy for a repository: built-in defaults, the org's
 * {@code .github/asyncguard.yml} in the owner's {@code .github} repository, then the
 * repository's own {@code .github/asyncguard.yml}, each read from its default branch's head
 * through a {@link PolicySource}.
 *
 * <p>Parsed files are cached by (repository, layer, commit): the same commit always holds the
 * same file, so a hit needs no read and no parse, and a new commit (a push) is a miss. Absent
 * files are cached too. The cache is a bounded LRU; thread-safe.
 *
 * <p>One resolver (one cache) serves the whole service. Reading needs an installation's token,
 * so the source can be given per call ({@link #resolve(String, PolicySource)}); sharing the cache
 * across sources is sound because a commit's content is the same whoever reads it.
 *
 * <p>When the merged policy's {@code python} is {@code auto} (the default), the repository's
 * {@code pyproject.toml} is read at the same default-branch head, for the lower bound of its
 * {@code requires-python} ({@link ResolvedPolicy#declaredPython()}); cached the same way. A broken
 * pyproject.toml is a warning with its line; the review runs with no declared version.
 *
 * <p>A missing org {@code .github} repository or file is not a problem: the repository's file
 * applies over the defaults. An invalid file is not applied and its problems are returned with
 * the result, so a review still runs (on the org's policy when the repo file is the bad one) and
 * its check run can say what was wrong and where.
 */
public final class PolicyResolver {

    public static final int DEFAULT_CACHE_SIZE = 4096;

    private record CacheKey(String repository, PolicyFile.Layer layer, String commit) {
    }

    private final PolicySource defaultSource;
    private final KnownRules known;
    private final PolicyDefaults defaults;
    private final Map<CacheKey, Optional<PolicyLayer>> cache;
    /**
     * Policies merged before, by repository and the two default-branch heads they were read at
     * (everything a merge depends on besides this resolver's defaults): a review of a repository
     * whose heads did not move gets the same {@link ResolvedPolicy} without merging again.
     */
    private final Map<MergedKey, ResolvedPolicy> merged;

    private record MergedKey(String repository, String orgHead, String head) {
    }
    /** pyproject.toml by (repository, commit): what it declares, or the problem that it could not be read. */
    private final Map<CacheKey, Optional<Object>> pyprojects;

    /** A resolver on the built-in defaults whose callers pass the source on each call. */
    public PolicyResolver(KnownRules known) {
        this(null, known, PolicyDefaults.builtIn(known), DEFAULT_CACHE_SIZE);
    }

    /** A resolver on the built-in defaults that always reads through one source ({@link #resolve(String)}). */
    public PolicyResolver(PolicySource source, KnownRules known) {
        this(source, known, PolicyDefaults.builtIn(known), DEFAULT_CACHE_SIZE);
    }

    /**
     * @param source    the source {@link #resolve(String)} reads through; null when callers give one per call
     * @param defaults  the lowest layer ({@link PolicyDefaults#fromFile} for an operator's file)
     * @param cacheSize parsed files kept at most (least recently used go first)
     */
    public PolicyResolver(PolicySource source, KnownRules known, PolicyDefaults defaults, int cacheSize) {
        this.defaultSource = source;
        this.known = known;
        this.defaults = defaults;
        this.pyprojects = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, Optional<Object>> eldest) {
                return size() > cacheSize;
            }
        };
        this.merged = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MergedKey, ResolvedPolicy> eldest) {
                return size() > cacheSize;
            }
        };
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, Optional<PolicyLayer>> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * The effective policy for a repository.
     *
     * @param repository "owner/name" of the pull request's base repository
     * @throws IOException when the source cannot be read (GitHub unreachable); the caller should
     *                     retry rather than review under a policy it could not read
     */
    public ResolvedPolicy resolve(String repository) throws IOException {
        if (defaultSource == null) throw new IllegalStateException("this resolver has no source; call resolve(repository, source)");
        return resolve(repository, defaultSource);
    }

    /**
     * The effective policy for a repository, read through a source given for this call (e.g. one
     * bound to the repository's installation token).
     *
     * @param repository "owner/name" of the pull request's base repository
     */
    public ResolvedPolicy resolve(String repository, PolicySource source) throws IOException {
        int slash = repository.indexOf('/');
        if (slash <= 0 || slash != repository.lastIndexOf('/') || slash == repository.length() - 1) {
            throw new IllegalArgumentException("expected a repository as owner/name, got '" + repository + "'");
        }
        String orgRepository = repository.substring(0, slash) + "/.github";
        Optional<String> orgHead = source.defaultBranchHead(orgRepository);
        // In the .github repository itself its file is the org's policy; reading it twice would
        // only repeat it.
        boolean isOrgRepository = repository.equalsIgnoreCase(orgRepository);
        Optional<String> head = isOrgRepository ? Optional.empty() : source.defaultBranchHead(repository);
        // The same two heads hold the same files: the policy merged for them before is the answer.
        MergedKey mergedKey = new MergedKey(repository, orgHead.orElse(null), head.orElse(null));
        synchronized (merged) {
            ResolvedPolicy hit = merged.get(mergedKey);
            if (hit != null) return hit;
        }
        PolicyLayer org = layer(source, orgRepository, PolicyFile.Layer.ORG, orgHead);
        PolicyLayer repo = isOrgRepository ? null : layer(source, repository, PolicyFile.Layer.REPO, head);
        ResolvedPolicy resolved = PolicyMerge.merge(defaults, org, repo, known);
        if (resolved.policy().python() == null && head.isPresent()) {
            resolved = withPyproject(resolved, pyproject(source, repository, head.get()));
        }
        synchronized (merged) {
            merged.put(mergedKey, resolved);
        }
        return resolved;
    }

    /** The resolved policy with what the repository's pyproject.toml declares, or a warning why it could not be read. */
    private static ResolvedPolicy withPyproject(ResolvedPolicy resolved, Optional<Object> read) {
        if (read.isEmpty()) return resolved;
        if (read.get() instanceof PyprojectToml p) return resolved.withPyproject(p, null);
        return resolved.withPyproject(null, (PolicyProblem) read.get());
    }

    private Optional<Object> pyproject(PolicySource source, String repository, String head) throws IOException {
        CacheKey key = new CacheKey(repository, PolicyFile.Layer.REPO, head);
        synchronized (pyprojects) {
            Optional<Object> hit = pyprojects.get(key);
            if (hit != null) return hit;
        }
        PolicyFile file = new PolicyFile(PolicyFile.Layer.REPO, repository, PolicyFile.PYPROJECT_PATH, head);
        Optional<Object> read = source.read(repository, head, PolicyFile.PYPROJECT_PATH).map(text -> {
            try {
                return PyprojectToml.parse(PolicyFile.PYPROJECT_PATH, text);
            } catch (PyprojectToml.SyntaxError e) {
                return PolicyProblem.warning(file, e.line(), "", "not read, so requires-python does not apply: "
                        + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            }
        });
        synchronized (pyprojects) {
            pyprojects.put(key, read);
        }
        return read;
    }

    private PolicyLayer layer(PolicySource source, String repository, PolicyFile.Layer layer, Optional<String> head)
            throws IOException {
        if (head.isEmpty()) return null;
        CacheKey key = new CacheKey(repository, layer, head.get());
        synchronized (cache) {
            Optional<PolicyLayer> hit = cache.get(key);
            if (hit != null) return hit.orElse(null);
        }
        PolicyFile file = new PolicyFile(layer, repository, PolicyFile.POLICY_PATH, head.get());
        Optional<PolicyLayer> parsed = source.read(repository, head.get(), PolicyFile.POLICY_PATH)
                .map(text -> PolicyParser.parse(text, file, known));
        synchronized (cache) {
            cache.put(key, parsed);
        }
        return parsed.orElse(null);
    }
}
