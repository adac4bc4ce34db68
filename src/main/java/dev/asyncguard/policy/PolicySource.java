package dev.asyncguard.policy;

import java.io.IOException;
import java.util.Optional;

/**
 * Where {@link PolicyResolver} reads policy files from: GitHub in the service, fakes in tests.
 *
 * <p><b>Always the default branch.</b> Policy is read from the head of each repository's default
 * branch, never from a pull request's head or merge ref: otherwise a pull request could loosen
 * the rules it is judged by (turn a rule off, exclude its own files). An implementation must
 * therefore resolve the default branch itself, not take a ref from the webhook's
 * {@code pull_request.head}. With GitHub's REST API: {@code GET /repos/{owner}/{repo}} gives
 * {@code default_branch} (the webhook's {@code repository.default_branch} is the same value for the
 * base repository); {@code GET /repos/{owner}/{repo}/commits/{branch}} with
 * {@code Accept: application/vnd.github.sha} gives the head sha; {@code GET
 * /repos/{owner}/{repo}/contents/{path}?ref={sha}} with {@code Accept: application/vnd.github.raw}
 * gives the file, 404 meaning "no such file".
 *
 * <p><b>Access.</b> A 404 for the org's {@code .github} repository reads as "no org policy". When
 * the App is installed on selected repositories only, the org's {@code .github} repository must be
 * among them, or the org policy silently does not apply (the check-run summary then lists no org
 * file, which is how an admin notices).
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
