package dev.asyncguard.github;

import java.time.Duration;

/**
 * GitHub refused a call for its rate limit and asks for a wait longer than
 * {@code asyncguard.github.retry.max-retry-after}: the run stops and its job is deferred
 * ({@link dev.asyncguard.queue.ReviewDeferred}) rather than failed.
 */
public final class GitHubRateLimited extends GitHubException {
    private final Duration wait;

    public GitHubRateLimited(String message, int status, Duration wait) {
        super(message, status);
        this.wait = wait;
    }

    /** How long GitHub asks us to wait (Retry-After, or until the rate limit resets). */
    public Duration waitFor() {
        return wait;
    }
}
