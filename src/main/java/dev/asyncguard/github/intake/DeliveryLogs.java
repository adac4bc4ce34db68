package dev.asyncguard.github.intake;

import dev.asyncguard.github.RedisConnections;
import dev.asyncguard.github.RedisSettings;
import dev.asyncguard.github.ServiceSettings;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The memory of delivery ids: in this process without Redis, shared by every replica with it. */
@Factory
final class DeliveryLogs {
    @Singleton
    @Bean(typed = DeliveryLog.class)
    DeliveryLog deliveryLog(ServiceSettings settings, RedisSettings redisSettings, BeanProvider<RedisConnections> redis) {
        if (!redisSettings.enabled()) {
            return new DeliveryIds(settings.deliveryMemory(), settings.deliveryTtl());
        }
        return new RedisDeliveryLog(redis.get().commands, redisSettings.keyPrefix(), settings.deliveryTtl());
    }
}
