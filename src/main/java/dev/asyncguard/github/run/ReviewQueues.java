package dev.asyncguard.github.run;

import dev.asyncguard.github.RedisConnections;
import dev.asyncguard.github.RedisSettings;
import dev.asyncguard.github.ServiceSettings;
import dev.asyncguard.queue.InProcessReviewQueue;
import dev.asyncguard.queue.RedisReviewQueue;
import dev.asyncguard.queue.ReviewQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.UUID;

/** The review queue the runs take their jobs from, built from the settings. */
@Factory
final class ReviewQueues {
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

    /** The pod's name (HOSTNAME in Kubernetes) and a random part: a restarted pod is a new consumer. */
    private static String consumerName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "asyncguard");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
