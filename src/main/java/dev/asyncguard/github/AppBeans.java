package dev.asyncguard.github;

import dev.asyncguard.review.RuleDocLinks;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Beans built from settings rather than constructed by injection alone. */
@Factory
final class AppBeans {
    private static final Logger LOG = LoggerFactory.getLogger(AppBeans.class);

    @Singleton
    AppCredentials credentials(GitHubAppSettings settings) {
        return AppCredentials.from(settings);
    }

    /**
     * Where comments link rule pages: {@code asyncguard.public-url} ({@code ASYNCGUARD_PUBLIC_URL},
     * this service's own {@code /rules/} pages) or {@code asyncguard.docs-url}
     * ({@code ASYNCGUARD_DOCS_URL}); neither, no links. {@link RuleDocLinks} decides, as for the CLI.
     */
    @Singleton
    RuleDocLinks ruleDocLinks(@Value("${asyncguard.public-url:}") String publicUrl,
                              @Value("${asyncguard.docs-url:}") String docsUrl) {
        try {
            return RuleDocLinks.of(publicUrl, docsUrl);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /** Only with {@code asyncguard.redis.url}: every replica then shares its queue and delivery log. */
    @Singleton
    @Requires(property = "asyncguard.redis.url", pattern = ".+")
    @Bean(preDestroy = "close")
    RedisConnections redis(RedisSettings settings) {
        if (settings.lease().isNegative() || settings.lease().compareTo(Duration.ofMillis(300)) < 0
                || settings.lease().compareTo(Duration.ofSeconds(30)) > 0) {
            throw new SettingsException("asyncguard.redis.lease must be between 300ms and 30s, not " + settings.lease());
        }
        RedisConnections redis = RedisConnections.open(settings);
        LOG.info("review queue: Redis Streams at {}", RedisConnections.describe(RedisConnections.uri(settings)));
        return redis;
    }
}
