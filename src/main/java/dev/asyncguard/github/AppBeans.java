package dev.asyncguard.github;

import dev.asyncguard.service.DeliveryLog;
import dev.asyncguard.service.InProcessReviewQueue;
import dev.asyncguard.service.RedisDeliveryLog;
import dev.asyncguard.service.RedisReviewQueue;
import dev.asyncguard.service.ReviewQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import dev.asyncguard.review.RuleDocLinks;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
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

    /** The in-process queue without Redis; the shared Redis Streams queue with it. */
    @Singleton
    @Bean(typed = ReviewQueue.class)
    ReviewQueue reviewQueue(ServiceSettings settings, RedisSettings redisSettings, BeanProvider<RedisConnections> redis,
                            MeterRegistry meters) {
        if (!redisSettings.enabled()) {
            return new InProcessReviewQueue(settings.queueCapacity(), settings.concurrency());
        }
        RedisConnections r = redis.get();
        return new RedisReviewQueue(r.commands, r.reader, redisSettings.keyPrefix(), consumerName(),
                redisSettings.backlog(), settings.concurrency(), redisSettings.lease(), redisSettings.maxDeliveries(), meters);
    }

    @Singleton
    @Bean(typed = DeliveryLog.class)
    DeliveryLog deliveryLog(ServiceSettings settings, RedisSettings redisSettings, BeanProvider<RedisConnections> redis) {
        if (!redisSettings.enabled()) {
            return new DeliveryIds(settings.deliveryMemory(), settings.deliveryTtl());
        }
        return new RedisDeliveryLog(redis.get().commands, redisSettings.keyPrefix(), settings.deliveryTtl());
    }

    /** The pod's name (HOSTNAME in Kubernetes) and a random part: a restarted pod is a new consumer. */
    private static String consumerName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "asyncguard");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
