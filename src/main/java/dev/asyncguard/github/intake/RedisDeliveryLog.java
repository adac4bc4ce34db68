package dev.asyncguard.github.intake;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * The {@link DeliveryLog} all replicas share: one key per delivery id with a time to live.
 * Redis errors propagate; the webhook then answers 503 and GitHub can redeliver.
 */
public final class RedisDeliveryLog implements DeliveryLog {
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final Duration ttl;

    public RedisDeliveryLog(StatefulRedisConnection<String, String> connection, String prefix, Duration ttl) {
        this.connection = connection;
        this.prefix = prefix + "delivery:";
        this.ttl = ttl;
    }

    @Override
    public boolean seen(String id) {
        return connection.sync().exists(prefix + id) > 0;
    }

    @Override
    public void remember(String id) {
        connection.sync().set(prefix + id, "1", SetArgs.Builder.px(ttl.toMillis()));
    }
}
