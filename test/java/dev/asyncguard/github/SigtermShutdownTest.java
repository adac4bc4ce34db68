package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.HEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.deploy.RenderedChart;
import dev.asyncguard.github.intake.WebhookSignature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real service as its own JVM ({@code asyncguard serve}), stopped the way Kubernetes stops
 * it: SIGTERM while a review runs, with GitHub slowed down by WireMock. The shutdown settings are
 * the ones the Helm chart renders for a 25 s budget with the default 5 s preStop pause and 10 s
 * margin, so the test holds the chart to the service's real behaviour: the process exits by
 * itself before the kubelet's SIGKILL, both when the review finishes within the drain and when
 * it does not.
 */
class SigtermShutdownTest {
    static final int TERMINATION_GRACE_SECONDS = 25;
    static final int PRE_STOP_SECONDS = 5;
    /** After the preStop pause the kubelet allows the rest of the budget before SIGKILL. */
    static final Duration BUDGET_AFTER_SIGTERM = Duration.ofSeconds(TERMINATION_GRACE_SECONDS - PRE_STOP_SECONDS);
    static final String CONTENT = BASE + "/contents/app/worker.py?ref=" + HEAD;

    @Test
    void sigtermDuringAReviewLetsItFinishAndTheProcessExitsWithinTheGracePeriod() throws Exception {
        try (GitHubFake github = new GitHubFake()) {
            slowContent(github, 2000);
            try (ServiceProcess service = ServiceProcess.start(github, "finishing")) {
                service.deliverAndAwaitContentFetch(github);

                long sigterm = System.nanoTime();
                service.process.destroy();
                // The HTTP server stops taking connections at once (Micronaut's graceful shutdown of
                // Netty): readiness fails and a delivery is refused while the review finishes.
                int readiness = service.awaitReadinessNot200(Duration.ofSeconds(2));
                int lateDelivery = service.process.isAlive() ? service.deliver() : -1;
                Duration took = service.awaitExit(sigterm);
                String tail = service.tail();
                System.out.println("SIGTERM to exit, review finishing: " + took.toMillis() + " ms, exit code "
                        + service.process.exitValue() + ", readiness after SIGTERM " + readiness
                        + ", delivery after SIGTERM " + lateDelivery);

                assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0,
                        "the process does not sit out the whole 10 s drain once the review is done: " + took);
                assertNotEquals(200, readiness);
                assertNotEquals(202, lateDelivery, "no delivery is taken once SIGTERM arrived\n" + tail);
                // 143 = 128 + SIGTERM: the JVM's status after a signal, once its shutdown hooks have run.
                // Ours only returns after the drain, and the drain posted the review (below).
                assertEquals(143, service.process.exitValue(), tail);
                assertTrue(tail.contains("stopping: 1 review(s) running, 0 waiting"), "the shutdown hook drained the queue\n" + tail);
                assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size(),
                        "the running review was posted exactly once\n" + tail);
                List<JsonNode> completed = github.bodies(ReviewRunTest.CHECK_COMPLETED);
                assertEquals(1, completed.size(), tail);
                assertEquals("neutral", completed.get(0).path("conclusion").asText(), "its check run completed normally");
            }
        }
    }

    @Test
    void reviewLongerThanTheDrainIsHandedBackAndTheProcessStillExitsBeforeSigkill() throws Exception {
        try (GitHubFake github = new GitHubFake()) {
            slowContent(github, 25_000);
            try (ServiceProcess service = ServiceProcess.start(github, "overrunning")) {
                service.deliverAndAwaitContentFetch(github);

                long sigterm = System.nanoTime();
                service.process.destroy();
                Duration took = service.awaitExit(sigterm);
                String tail = service.tail();
                System.out.println("SIGTERM to exit, review overrunning the 10 s drain: " + took.toMillis() + " ms, exit code "
                        + service.process.exitValue());

                assertTrue(took.compareTo(Duration.ofSeconds(10)) >= 0, "the drain lasted its full 10 s: " + took);
                assertTrue(tail.contains("not reviewed before shutdown: " + PullRequests.OWNER + "/" + PullRequests.REPO + "#2"),
                        "the unfinished review is logged for a /recheck\n" + tail);
                assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size(), tail);
                List<JsonNode> completed = github.bodies(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                        .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))));
                assertEquals(1, completed.size(), "the interrupted run still closes its check run\n" + tail);
                assertNotEquals("neutral", completed.get(0).path("conclusion").asText(), completed.get(0).toString());
            }
        }
    }

    /** GitHub answers the one Python file's content after {@code delayMs}. */
    private static void slowContent(GitHubFake github, int delayMs) {
        github.installation(PullRequests.INSTALLATION);
        github.pullRequest(PullRequests.OWNER, PullRequests.REPO, PullRequests.NUMBER, HEAD, false, PullRequests.typicalFiles());
        github.stub(get(urlEqualTo(CONTENT)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                .withFixedDelay(delayMs).withBody(PullRequests.WORKER)));
    }

    /** {@code java -cp <test class path> dev.asyncguard.cli.Main serve}, configured as the chart configures the pod. */
    record ServiceProcess(Process process, int port, HttpClient http, Path log) implements AutoCloseable {

        static ServiceProcess start(GitHubFake github, String name) throws Exception {
            return start(github, name, Map.of());
        }

        /** As the chart configures the pod, plus {@code extraEnv} (e.g. ASYNCGUARD_REDIS_URL). */
        static ServiceProcess start(GitHubFake github, String name, Map<String, String> extraEnv) throws Exception {
            Map<String, String> chartEnv = RenderedChart.render(Map.of(
                    "github.appId", Long.toString(ServiceHarness.APP_ID),
                    "terminationGracePeriodSeconds", TERMINATION_GRACE_SECONDS,
                    "preStop.seconds", PRE_STOP_SECONDS)).plainEnv();
            assertEquals("10s", chartEnv.get("ASYNCGUARD_SERVICE_SHUTDOWN_GRACE"), "25 s budget - 5 s pause - 10 s margin");

            Path log = Path.of("target", "sigterm-" + name + "-service.log");
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "dev.asyncguard.cli.Main", "serve")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("ASYNCGUARD_") || k.startsWith("MICRONAUT_") || k.equals("JAVA_TOOL_OPTIONS"));
            for (String setting : List.of("MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_ENABLED",
                    "MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_GRACE_PERIOD", "ASYNCGUARD_SERVICE_SHUTDOWN_GRACE")) {
                env.put(setting, chartEnv.get(setting));
            }
            env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            env.put("ASYNCGUARD_GITHUB_API_URL", github.url());
            env.put("ASYNCGUARD_GITHUB_APP_ID", Long.toString(ServiceHarness.APP_ID));
            env.put("ASYNCGUARD_GITHUB_PRIVATE_KEY_FILE", TestKeys.writePkcs1(Files.createTempDirectory("asyncguard-sigterm")).toString());
            env.put("ASYNCGUARD_GITHUB_WEBHOOK_SECRET", ServiceHarness.SECRET);
            env.putAll(extraEnv);

            ServiceProcess service = new ServiceProcess(pb.start(), port,
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build(), log);
            try {
                assertTrue(service.process.supportsNormalTermination(), "destroy() must send SIGTERM, not SIGKILL");
                service.awaitReady();
                return service;
            } catch (Exception | AssertionError e) {
                service.close();
                throw e;
            }
        }

        /**
         * Waits for the process to exit by itself within what the kubelet allows after SIGTERM;
         * how long that took since {@code sigtermNanos}.
         */
        Duration awaitExit(long sigtermNanos) throws InterruptedException {
            boolean exited = process.waitFor(BUDGET_AFTER_SIGTERM.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - sigtermNanos);
            assertTrue(exited, "no exit within " + BUDGET_AFTER_SIGTERM.toSeconds() + " s of SIGTERM: the chart's "
                    + "drain and Micronaut grace period do not fit its terminationGracePeriodSeconds\n" + tail());
            return took;
        }

        /** Sends the signed {@code pull_request} delivery; its status, or -1 when nothing answered. */
        int deliver() {
            return deliver(PullRequests.opened(), UUID.randomUUID().toString());
        }

        /** Sends a signed {@code pull_request} delivery; its status, or -1 when nothing answered. */
        int deliver(byte[] body, String deliveryId) {
            try {
                // GitHub gives a delivery 10 s before it counts it as failed; under a loaded CI
                // machine an accept (which waits up to 1 s for the queued check run) can pass 2 s.
                return http.send(HttpRequest.newBuilder(uri("/github/webhook"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "pull_request")
                        .header("X-GitHub-Delivery", deliveryId)
                        .header("X-Hub-Signature-256", WebhookSignature.sign(ServiceHarness.SECRET.getBytes(StandardCharsets.UTF_8), body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** Delivers, then waits until the review is inside the slowed content fetch. */
        void deliverAndAwaitContentFetch(GitHubFake github) {
            assertEquals(202, deliver(), tail());
            github.await(getRequestedFor(urlEqualTo(CONTENT)), 1, Duration.ofSeconds(30));
            assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size(),
                    "SIGTERM must land while the review is still running");
        }

        /** The service's {@code /prometheus} text, or "" when it does not answer. */
        String prometheus() {
            try {
                return http.send(HttpRequest.newBuilder(uri("/prometheus")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        int readiness() {
            try {
                return http.send(HttpRequest.newBuilder(uri("/health/readiness")).timeout(Duration.ofSeconds(1)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** Polls readiness until it is no longer 200: 503 (DOWN) or -1 (no longer listening). */
        int awaitReadinessNot200(Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            int status;
            while ((status = readiness()) == 200 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            return status;
        }

        private void awaitReady() throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (readiness() != 200) {
                if (!process.isAlive()) throw new AssertionError("the service exited with " + process.exitValue() + "\n" + tail());
                if (System.nanoTime() > end) throw new AssertionError("the service did not become ready\n" + tail());
                Thread.sleep(100);
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** The child's last 40 lines of output, for assertion messages. */
        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return "--- service output (" + log + ") ---\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no service output: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            http.close();
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
