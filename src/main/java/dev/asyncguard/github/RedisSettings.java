package dev.asyncguard.github;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The shared Redis (or Valkey) that lets several replicas share the review queue
 * ({@code ASYNCGUARD_REDIS_URL}). Unset: one replica with the in-process queue, as before.
 *
 * @param url           {@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS
 * @param passwordFile  a file holding the password (a mounted Secret) instead of putting it in the URL
 * @param keyPrefix     prefix of every key, so that several deployments can share one Redis
 * @param lease         how long a replica owns a running job and its pull request without
 *                      refreshing them (at most 30 s): a dead replica's jobs are taken over after it
 * @param backlog       jobs in the stream (waiting and running) before deliveries get 503
 * @param maxDeliveries a job delivered this often without finishing is dropped and logged
 * @param timeout       how long one Redis command may take before the webhook answers 503
 */
@ConfigurationProperties("asyncguard.redis")
public record RedisSettings(
        @Nullable String url,
        @Nullable String passwordFile,
        @Bindable(defaultValue = "asyncguard:") String keyPrefix,
        @Bindable(defaultValue = "15s") Duration lease,
        @Bindable(defaultValue = "10000") int backlog,
        @Bindable(defaultValue = "5") int maxDeliveries,
        @Bindable(defaultValue = "3s") Duration timeout) {

    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
        // The URL may carry the password.
        return "RedisSettings[url=" + (url == null ? "unset" : "***") + ", passwordFile=" + passwordFile
                + ", keyPrefix=" + keyPrefix + ", lease=" + lease + "]";
    }
}
