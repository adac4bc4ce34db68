package dev.asyncguard.github;

import dev.asyncguard.queue.RedisServer;

/**
 * One redis-server for every {@link ServiceHarness} of a test JVM run with
 * {@code -Dasyncguard.test.redis=true} (each service gets its own key prefix); stopped when the
 * JVM exits.
 */
final class SharedRedis {
    private static RedisServer server;

    private SharedRedis() {}

    static boolean enabled() {
        return Boolean.getBoolean("asyncguard.test.redis");
    }

    static synchronized String url() {
        if (server == null) {
            server = RedisServer.start();
            RedisServer s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "stop-redis-server"));
        }
        return server.url();
    }
}
