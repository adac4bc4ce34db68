package dev.asyncguard.github;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Redis client and the two connections the service uses: one for commands (Lettuce
 * multiplexes it across threads) and one for the queue's blocking reads.
 */
public final class RedisConnections implements AutoCloseable {
    final RedisClient client;
    public final StatefulRedisConnection<String, String> commands;
    public final StatefulRedisConnection<String, String> reader;

    private RedisConnections(RedisClient client, StatefulRedisConnection<String, String> commands,
                             StatefulRedisConnection<String, String> reader) {
        this.client = client;
        this.commands = commands;
        this.reader = reader;
    }

    static RedisConnections open(RedisSettings settings) {
        RedisURI uri = uri(settings);
        RedisClient client = RedisClient.create(uri);
        // A command while Redis is unreachable fails at once (the webhook answers 503) instead of
        // waiting in Lettuce's buffer for a reconnect.
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        try {
            StatefulRedisConnection<String, String> commands = client.connect();
            commands.setTimeout(settings.timeout());
            StatefulRedisConnection<String, String> reader = client.connect();
            reader.setTimeout(settings.timeout().plus(Duration.ofSeconds(2)));
            return new RedisConnections(client, commands, reader);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new SettingsException("asyncguard.redis.url: cannot connect to " + describe(uri) + ": " + e.getMessage());
        }
    }

    static RedisURI uri(RedisSettings settings) {
        RedisURI uri;
        try {
            uri = RedisURI.create(settings.url().strip());
        } catch (RuntimeException e) {
            throw new SettingsException("asyncguard.redis.url (ASYNCGUARD_REDIS_URL) is not a redis:// or rediss:// URL");
        }
        if (!settings.url().strip().startsWith("redis://") && !settings.url().strip().startsWith("rediss://")) {
            throw new SettingsException("asyncguard.redis.url (ASYNCGUARD_REDIS_URL) must start with redis:// or rediss://");
        }
        if (settings.passwordFile() != null && !settings.passwordFile().isBlank()) {
            String password;
            try {
                password = Files.readString(Path.of(settings.passwordFile()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new SettingsException("asyncguard.redis.password-file (ASYNCGUARD_REDIS_PASSWORD_FILE): cannot read "
                        + settings.passwordFile() + ": " + e.getMessage());
            }
            if (password.isEmpty()) {
                throw new SettingsException("asyncguard.redis.password-file: " + settings.passwordFile() + " is empty");
            }
            uri = RedisURI.builder(uri).withPassword(password.toCharArray()).build();
        }
        uri.setTimeout(settings.timeout());
        return uri;
    }

    /** Host, port and database only: never the password. */
    static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    @Override
    public void close() {
        try {
            reader.close();
            commands.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
