package dev.asyncguard.policy;

import java.io.IOException;
import java.util.Optional;

/**
 * Where {@link PolicyResolver} reads policy files from: GitHub in the service, fakes in tests.
 *
 * <p><b>Always the default branch.</b> Policy is read from the head of each repository's default
 * branch, never from a pull request's head or merge ref: otherwise a pull request could loosen
 * the rules it is judged by (turn a rule off, exclude its own files). An implementation must
 * therefore resolve the default branch itself ({@code GET /repos/{owner}/{repo}} →
 * {@code default_branch}, then {@code GET /repos/{owner}/{repo}/commits/{branch}}), not take a ref
 * from the webhook's {@code pull_request.head}.
 *
 * <p><b>Caching.</b> The resolver caches parsed files by (repository, commit), so it calls
 * {@link #read} only when the default branch has moved. {@link #defaultBranchHead} is called on
 * every resolution; implementations should make it a conditional request ({@code If-None-Match}
 * with the last ETag, which GitHub answers with 304 without charging the rate limit). A push to
 * the org's {@code .github} repository changes its head commit, so it takes effect on the next
 * review.
 *
 * <p>Implementations should refuse files larger than a few hundred kilobytes (the parser
 * rejects anything over 64 KiB anyway) and must be safe to call from several threads.
 */
public interface PolicySource {

    /**
     * The commit sha at the head of the repository's default branch, or empty when the
     * repository does not exist or the App cannot see it (a missing org {@code .github}
     * repository is normal, not an error).
     *
     * @param repository "owner/name"
     * @throws IOException when GitHub cannot be asked (the review should be retried, not run on
     *                     a policy that may be wrong)
     */
    Optional<String> defaultBranchHead(String repository) throws IOException;

    /**
     * The text (UTF-8) of a file at a commit, or empty when there is no such file.
     *
     * @param commit a sha returned by {@link #defaultBranchHead}
     * @param path   the file's path in the repository ({@value PolicyFile#POLICY_PATH})
     */
    Optional<String> read(String repository, String commit, String path) throws IOException;
}
