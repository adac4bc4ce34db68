package dev.asyncguard.queue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, in the foreground as a
 * child process, with no persistence; stopped by {@link #close}. Without the binary a test is
 * skipped with a message, except under {@code CI=true}, where that is a failure: CI must run them.
 */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static RedisServer start() {
        String binary = find();
        if (binary == null) {
            String why = "redis-server is not installed (apt-get install -y redis-server); the Redis tests need it";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(why + " and CI=true");
            Assumptions.abort(why);
        }
        try {
            Path dir = Files.createTempDirectory("asyncguard-redis");
            int port = freePort();
            Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisServer server = new RedisServer(p, port, dir);
            server.awaitUp();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String find() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, "redis-server");
            if (f.canExecute()) return f.getPath();
        }
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            File f = new File(d, "redis-server");
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    private void awaitUp() {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (RedisClient c = RedisClient.create(url()); StatefulRedisConnection<String, String> conn = c.connect()) {
                if ("PONG".equals(conn.sync().ping())) return;
            } catch (RuntimeException e) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    close();
                    throw new AssertionError("redis-server did not start on port " + port + ": " + e.getMessage());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(ie);
                }
            }
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public int port() {
        return port;
    }

    /** A connection for the test's own reads; the caller closes the client. */
    public RedisClient client() {
        return RedisClient.create(url());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
