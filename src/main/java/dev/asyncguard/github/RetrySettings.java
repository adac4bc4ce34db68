package dev.asyncguard.github;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the service talks to GitHub when GitHub misbehaves: attempts per call, exponential backoff
 * with full jitter between {@code initialDelay} and {@code maxDelay}, the longest {@code Retry-After}
 * or rate-limit reset it is willing to wait for, and the per-request timeout.
 */
@ConfigurationProperties("asyncguard.github.retry")
public record RetrySettings(
        @Bindable(defaultValue = "4") int maxAttempts,
        @Bindable(defaultValue = "500ms") Duration initialDelay,
        @Bindable(defaultValue = "10s") Duration maxDelay,
        @Bindable(defaultValue = "90s") Duration maxRetryAfter,
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "30s") Duration requestTimeout) {

    public RetrySettings {
        if (maxAttempts < 1) maxAttempts = 1;
    }
}
