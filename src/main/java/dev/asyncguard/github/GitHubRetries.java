package dev.asyncguard.github;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When {@link GitHubClient} tries a call again, and after how long: GitHub's rate limits (primary:
 * {@code x-ratelimit-remaining: 0} until {@code x-ratelimit-reset}; secondary: 403 or 429, often with
 * {@code Retry-After}), 5xx answers (their {@code Retry-After} when they name one, else our backoff),
 * and exponential backoff with full jitter between {@link RetrySettings#initialDelay()} and
 * {@link RetrySettings#maxDelay()}. How long is too long to wait ({@link RetrySettings#maxRetryAfter()})
 * is the client's decision.
 */
final class GitHubRetries {
    private final RetrySettings retry;

    GitHubRetries(RetrySettings retry) {
        this.retry = retry;
    }

    /** Whether GitHub refused a call for its rate limit (primary or secondary). */
    static boolean rateLimited(GitHubClient.Response r) {
        int s = r.status();
        boolean exhausted = r.header("x-ratelimit-remaining").map(v -> v.strip().equals("0")).orElse(false);
        return s == 429 || (s == 403 && (r.header("retry-after").isPresent() || exhausted || r.text().contains("rate limit")));
    }

    /** How long to wait before retrying this response, or empty when it is final. */
    Optional<Duration> retryDelay(GitHubClient.Response r, int attempt) {
        int s = r.status();
        Optional<Duration> retryAfter = r.header("retry-after").flatMap(GitHubRetries::retryAfter);
        boolean exhausted = r.header("x-ratelimit-remaining").map(v -> v.strip().equals("0")).orElse(false);
        if (s == 429 || (s == 403 && (retryAfter.isPresent() || exhausted || r.text().contains("rate limit")))) {
            if (retryAfter.isPresent()) return retryAfter;
            if (exhausted) {
                Optional<Duration> untilReset = r.header("x-ratelimit-reset").flatMap(GitHubRetries::seconds)
                        .map(epoch -> Duration.ofSeconds(Math.max(1, epoch.toSeconds() - Instant.now().getEpochSecond())));
                if (untilReset.isPresent()) return untilReset;
            }
            // A secondary limit without headers: our backoff first (short blips stay cheap), then a minute on the queue (above).
            return Optional.of(backoff(attempt));
        }
        if (s >= 500 && s != 501) {
            // GitHub's (or a proxy's) own wait when it names one; longer than maxRetryAfter, the answer stands (exchange).
            return Optional.of(retryAfter.filter(d -> !d.isZero()).orElseGet(() -> backoff(attempt)));
        }
        return Optional.empty();
    }

    /** {@code Retry-After} as seconds or as an HTTP date (RFC 9110 allows both), never negative. */
    static Optional<Duration> retryAfter(String v) {
        Optional<Duration> s = seconds(v);
        if (s.isPresent()) return s.filter(d -> !d.isNegative());
        try {
            Instant at = java.time.ZonedDateTime.parse(v.strip(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(Instant.now(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    static Optional<Duration> seconds(String v) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Exponential backoff with full jitter: uniform in [initial, min(max, initial * 2^(attempt-1))]. */
    Duration backoff(int attempt) {
        long initial = retry.initialDelay().toMillis();
        long cap = Math.min(retry.maxDelay().toMillis(), initial << Math.min(20, attempt - 1));
        long ms = cap <= initial ? initial : ThreadLocalRandom.current().nextLong(initial, cap + 1);
        return Duration.ofMillis(ms);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException("interrupted while waiting to retry a GitHub call", 0);
        }
    }
}
