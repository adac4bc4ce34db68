package dev.asyncguard.github;

import dev.asyncguard.github.intake.WebhookSignature;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real service on a random loopback port, pointed at a {@link GitHubFake} through
 * {@code asyncguard.github.api-url}, with a throwaway App key and short retry delays.
 */
final class ServiceHarness implements AutoCloseable {
    static final long APP_ID = 424242;
    static final String SECRET = "whsec-test-3c0b5e1d9a";

    final GitHubFake github;
    final EmbeddedServer server;
    final Path keyDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ServiceHarness(GitHubFake github, EmbeddedServer server, Path keyDir) {
        this.github = github;
        this.server = server;
        this.keyDir = keyDir;
    }

    static ServiceHarness start(Map<String, Object> overrides) {
        GitHubFake github = new GitHubFake();
        try {
            Path dir = Files.createTempDirectory("asyncguard-key");
            Map<String, Object> props = new HashMap<>();
            props.put("micronaut.server.port", -1);
            props.put("asyncguard.github.api-url", github.url());
            props.put("asyncguard.github.app-id", Long.toString(APP_ID));
            props.put("asyncguard.github.private-key-file", TestKeys.writePkcs1(dir).toString());
            props.put("asyncguard.github.webhook-secret", SECRET);
            props.put("asyncguard.github.retry.initial-delay", "5ms");
            props.put("asyncguard.github.retry.max-delay", "40ms");
            props.put("asyncguard.github.retry.request-timeout", "1500ms");
            props.put("asyncguard.service.shutdown-grace", "3s");
            // Most tests follow a check run through queued / in progress / completed: created at the
            // delivery. The default (2 s: created completed when the job is done sooner) is tested
            // by the tests that override this (ReviewCallsTest, CheckRunShownLateTest).
            props.put("asyncguard.jobs.check-run-after", "0s");
            // The warm-up (bundled reviews before readiness) is ServiceWarmUpTest's; elsewhere it would
            // only hold readiness back and take CPU from the test's own reviews.
            props.put("asyncguard.warm-up.reviews", 0);
            if (SharedRedis.enabled()) {
                // -Dasyncguard.test.redis=true: the same tests against the Redis Streams queue.
                props.put("asyncguard.redis.url", SharedRedis.url());
                props.put("asyncguard.redis.key-prefix", "t-" + UUID.randomUUID() + ":");
            }
            props.putAll(overrides);
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test");
            return new ServiceHarness(github, server, dir);
        } catch (IOException e) {
            github.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            // An aborted setup (no redis-server) or a service that did not start: the fake GitHub goes too.
            github.close();
            throw e;
        }
    }

    ApplicationContext context() {
        return server.getApplicationContext();
    }

    URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    /** Sends a delivery signed with the test secret, as GitHub would. */
    HttpResponse<String> deliver(String event, byte[] body) {
        return deliver(event, body, UUID.randomUUID().toString());
    }

    HttpResponse<String> deliver(String event, byte[] body, String deliveryId) {
        return send(event, body, deliveryId, WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), body));
    }

    HttpResponse<String> send(String event, byte[] body, String deliveryId, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/github/webhook"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/044aadd")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (event != null) b.header("X-GitHub-Event", event);
        if (deliveryId != null) b.header("X-GitHub-Delivery", deliveryId);
        if (signature != null) b.header("X-Hub-Signature-256", signature);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        http.close();   // an idle keep-alive connection would hold up the server's graceful shutdown
        try {
            server.getApplicationContext().close();
        } finally {
            github.close();
        }
    }
}
