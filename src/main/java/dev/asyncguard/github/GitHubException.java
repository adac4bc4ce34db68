package dev.asyncguard.github;

/**
 * A GitHub call that did not succeed after its retries. The message is fit for a check run's
 * summary: which call, the status, and GitHub's own message; never a token.
 */
public class GitHubException extends RuntimeException {
    private final int status;

    public GitHubException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when no response came back (timeout, reset). */
    public int status() {
        return status;
    }
}
