package dev.asyncguard.github.fetch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.GitHubException;
import dev.asyncguard.github.GitHubRateLimited;
import dev.asyncguard.policy.PolicySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Policy files from GitHub through one installation's token, always from the default branch's
 * head: {@code GET /repos/{r}} for {@code default_branch}, {@code GET /repos/{r}/commits/{branch}}
 * (sha media type) for its head, both conditional (ETag; a 304 costs no rate limit), and the file
 * at that commit. A repository the App cannot see (404), such as a missing org {@code .github}
 * repository, has no policy. The default branch's name is asked for at most once per
 * {@link DefaultBranches#FRESH} per repository (a rename is rare); its head on every review.
 */
final class GitHubPolicySource implements PolicySource {
    private final GitHubClient github;
    private final long installation;
    private final ObjectMapper json;
    private final DefaultBranches branches;
    /** The default branches' heads this source read, by repository. */
    private final java.util.Map<String, String> headsRead = new java.util.concurrent.ConcurrentHashMap<>();

    GitHubPolicySource(GitHubClient github, long installation, ObjectMapper json, DefaultBranches branches) {
        this.github = github;
        this.branches = branches;
        this.installation = installation;
        this.json = json;
    }

    @Override
    public Optional<String> defaultBranchHead(String repository) throws IOException {
        try {
            String known = branches.get(installation, repository);
            if (known != null) {
                Optional<String> head = branchHead(repository, known);
                if (head.isPresent()) return head;
                branches.forget(installation, repository);   // renamed or gone: ask the repository again
            }
            Optional<byte[]> repo = github.getConditional(installation, "repos.get", "/repos/" + repository,
                    GitHubClient.JSON);
            if (repo.isEmpty()) return Optional.empty();   // not remembered: a repository created later counts at once
            String branch = json.readTree(repo.get()).path("default_branch").asText("");
            if (branch.isEmpty()) return Optional.empty();   // an empty repository has no branch yet
            branches.put(installation, repository, branch);
            return branchHead(repository, branch);
        } catch (GitHubRateLimited e) {
            throw e;     // the run is deferred, not reviewed under a policy it could not read
        } catch (GitHubException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private Optional<String> branchHead(String repository, String branch) {
        Optional<String> head = github.getConditional(installation, "commits.sha",
                        "/repos/" + repository + "/commits/" + GitHubClient.encodePath(branch), "application/vnd.github.sha")
                .map(this::shaOf);
        head.ifPresent(h -> headsRead.put(repository, h));
        return head;
    }

    /**
     * The commit SHA of GitHub's answer in the SHA media type; a server that ignores that {@code Accept}
     * (a proxy, a stand-in) answers with the commit's JSON object, whose {@code sha} it is.
     */
    private String shaOf(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) return text;
        try {
            return json.readTree(text).path("sha").asText(text);
        } catch (IOException notJson) {
            return text;
        }
    }

    /** The head of {@code repository}'s default branch as this source read it; null when it did not. */
    String headRead(String repository) {
        return headsRead.get(repository);
    }

    @Override
    public Optional<String> read(String repository, String commit, String path) throws IOException {
        try {
            return github.getConditional(installation, "contents.policy",
                            "/repos/" + repository + "/contents/" + GitHubClient.encodePath(path) + "?ref=" + commit,
                            "application/vnd.github.raw+json")
                    .map(b -> new String(b, StandardCharsets.UTF_8));
        } catch (GitHubRateLimited e) {
            throw e;     // the run is deferred, not reviewed under a policy it could not read
        } catch (GitHubException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
