package dev.asyncguard.github.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncguard.diff.FileStatus;
import dev.asyncguard.diff.UnifiedDiffParser;
import dev.asyncguard.github.AppCredentials;
import dev.asyncguard.github.DeliveryRehearsal;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.github.ServiceSettings;
import dev.asyncguard.github.WarmUpSettings;
import dev.asyncguard.github.fetch.PullRequestSnapshot;
import dev.asyncguard.github.fetch.RepositoryPolicies;
import dev.asyncguard.github.fetch.ServicePolicy;
import dev.asyncguard.github.fetch.SkippedFile;
import dev.asyncguard.github.publish.CheckRuns;
import dev.asyncguard.github.publish.PullRequestReview;
import dev.asyncguard.review.ChangedFile;
import dev.asyncguard.review.ContextModules;
import dev.asyncguard.review.GithubReviewJson;
import dev.asyncguard.review.ReviewDraft;
import dev.asyncguard.review.RuleDocLinks;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's warm-up ({@link WarmUpSettings}): once the HTTP listener is up and before readiness
 * says "ready" ({@link ServiceReadiness}), one background thread reviews a bundled pull request some
 * forty times (asyncguard.warm-up.reviews) the way a delivery's review does, but without GitHub: the
 * webhook's signature check, field reading and decision; the App's JWT; the PR's file listing as JSON;
 * the diff; the parse, analysis and project summaries; the review's and the check run's JSON; an HTTP
 * round trip to the service's own liveness endpoint. A new replica otherwise pays for class loading, the interpreter and the parser's
 * empty prediction caches in its first real reviews (about a second of CPU for the first one).
 * Nothing is queued, posted, remembered or counted; the caches of real reviews are not filled.
 */
@Singleton
public class ServiceWarmUp implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceWarmUp.class);
    /** The bundled pull request: realistic asyncio services (the project's test fixtures, packaged by the build). */
    static final String INPUT = "dev/asyncguard/warm-up/";
    static final List<String> MODULES = List.of("fastapi_orders.py", "aiohttp_worker.py", "client_pitfalls.py",
            "publisher.py", "ratelimited_poller.py", "threaded_callbacks.py", "gui_event_loops.py",
            "mqtt_connect_in_executor.py", "mqtt_loop_driven.py");
    /** Unchanged modules of the bundled head that {@link #ENTRY} imports: their summaries are made as a review's are. */
    static final List<String> CONTEXT = List.of("nonblocking_socket_probe.py", "watchdog_reload.py");
    /** A changed module that calls into the unchanged ones (a coroutine awaiting a helper that blocks). */
    static final String ENTRY = """
            import asyncio

            from app import publisher
            from app.nonblocking_socket_probe import probe_blocking
            from app.watchdog_reload import ReloadingHandler


            async def main(host, port):
                await probe_blocking(host, port)
                handler = ReloadingHandler()
                await asyncio.gather(publisher.consume_all(), publisher.supervisor(handler))
            """;
    static final String DELIVERY = "opened.payload.json";

    private final WarmUpSettings settings;
    private final RepositoryPolicies policies;
    private final CheckRuns checkRuns;
    private final ObjectMapper json;
    private final AppCredentials credentials;
    private final DeliveryRehearsal intake;
    private final PullRequestReviewer reviewer;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile int reviewed;

    public ServiceWarmUp(WarmUpSettings settings, RepositoryPolicies policies, CheckRuns checkRuns, ObjectMapper json,
                         AppCredentials credentials, DeliveryRehearsal intake, RuleDocLinks links, ServiceSettings service,
                         ServiceMetrics metrics) {
        this.intake = intake;
        this.settings = settings;
        this.policies = policies;
        this.checkRuns = checkRuns;
        this.json = json;
        this.credentials = credentials;
        // A reviewer of its own: the same pipeline as the service's, none of its cached findings.
        this.reviewer = new PipelineReviewer(links, service, metrics);
        if (settings.reviews() <= 0) finished.countDown();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (finished.getCount() == 0) return;
        int port = event.getSource().getPort();
        Thread.ofPlatform().name("warm-up").daemon(true).start(() -> {
            long started = System.nanoTime();
            try {
                run(port);
                LOG.info("warm-up: {} reviews of the bundled pull request in {} ms; ready", reviewed,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | IOException | Error e) {
                // Only the first reviews are slower without it: the service becomes ready all the same.
                LOG.warn("warm-up stopped after {} reviews: {}", reviewed, e.toString());
            } finally {
                finished.countDown();
            }
        });
    }

    /** Whether the warm-up is over (done, stopped, or off). */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /** Bundled reviews run so far. */
    public int reviewed() {
        return reviewed;
    }

    @PreDestroy
    void stop() {
        stopping = true;
    }

    private void run(int port) throws IOException {
        long deadline = System.nanoTime() + settings.timeLimit().toNanos();
        Map<String, byte[]> modules = new LinkedHashMap<>();
        for (String m : MODULES) modules.put("app/" + m, resource(m));
        modules.put("app/main.py", ENTRY.getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> headFiles = new LinkedHashMap<>(modules);
        for (String m : CONTEXT) headFiles.put("app/" + m, resource(m));
        byte[] delivery = resource(DELIVERY);
        ServicePolicy policy = policies.withoutPolicyFiles("asyncguard-warm-up/bundled");
        ContextModules context = new BundledModules(headFiles);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        URI liveness = URI.create("http://127.0.0.1:" + port + "/health/liveness");
        boolean httpWorks = true;
        for (int i = 0; i < settings.reviews() && !stopping && System.nanoTime() < deadline; i++) {
            if (!intake.decidesReview("pull_request", delivery, "warm-up-" + i)) {
                throw new IllegalStateException("the bundled delivery does not read as a review");
            }
            // The App's JWT, as a token request signs it: once (a replica signs one an hour or so, loading
            // the code is what counts, not compiling it).
            if (i == 0) credentials.signOnce();
            String head = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(20).putInt(i).array());
            List<ChangedFile> files = changedFiles(modules, i);
            PullRequestReview review = reviewer.review(new PullRequestSnapshot(new RepoRef("asyncguard-warm-up", "bundled"),
                    1, head, files, List.of(new SkippedFile("app/data.bin", "binary file")), Set.of(), policy, context));
            ReviewDraft draft = review.review();
            json.readTree(GithubReviewJson.write(new ReviewDraft(head, draft.event(), draft.body(), draft.comments())));
            for (ObjectNode body : checkRuns.resultBodies(review)) json.readTree(json.writeValueAsBytes(body));
            if (httpWorks) httpWorks = roundTrip(http, liveness);
            reviewed = i + 1;
        }
    }

    /**
     * The PR's files as GitHub lists them (JSON, read back), each with its patch: added files on even
     * rounds, modified ones with a hunk every 20 lines on odd rounds.
     */
    private List<ChangedFile> changedFiles(Map<String, byte[]> modules, int round) throws IOException {
        ArrayNode listing = json.createArrayNode();
        modules.forEach((path, content) -> {
            String text = new String(content, StandardCharsets.UTF_8);
            boolean added = round % 2 == 0;
            listing.addObject().put("sha", Integer.toHexString(path.hashCode())).put("filename", path)
                    .put("status", added ? "added" : "modified").put("patch", added ? addedPatch(text) : hunksEvery20(text));
        });
        List<ChangedFile> out = new ArrayList<>();
        for (JsonNode f : json.readTree(json.writeValueAsBytes(listing))) {
            String path = f.path("filename").asText();
            out.add(new ChangedFile(UnifiedDiffParser.githubFile(path, null, FileStatus.fromGithub(f.path("status").asText()),
                    f.path("patch").asText()), modules.get(path)));
        }
        return out;
    }

    private static String addedPatch(String text) {
        List<String> lines = text.lines().toList();
        StringBuilder patch = new StringBuilder("@@ -0,0 +1,").append(lines.size()).append(" @@\n");
        for (String line : lines) patch.append('+').append(line).append('\n');
        return patch.toString();
    }

    /** Hunks of three context lines and two added ones, one every 20 lines of the head. */
    private static String hunksEvery20(String text) {
        List<String> lines = text.lines().toList();
        StringBuilder patch = new StringBuilder();
        int added = 0;
        for (int start = 1; start + 4 <= lines.size(); start += 20) {
            patch.append("@@ -").append(start - added).append(",3 +").append(start).append(",5 @@\n");
            for (int k = 0; k < 5; k++) patch.append(k < 3 ? ' ' : '+').append(lines.get(start - 1 + k)).append('\n');
            added += 2;
        }
        return patch.toString();
    }

    /** A GET to the service's own liveness endpoint (the HTTP server's and client's paths); false when it cannot. */
    private boolean roundTrip(HttpClient http, URI liveness) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(liveness).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            json.readTree(r.body());
            return true;
        } catch (IOException e) {
            return false;       // listening elsewhere than loopback: the rest still warms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return false;
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ServiceWarmUp.class.getClassLoader().getResourceAsStream(INPUT + name)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + INPUT + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled head's Python files, changed and unchanged, as a review reads the head's other modules. */
    private record BundledModules(Map<String, byte[]> modules) implements ContextModules {
        @Override
        public List<String> pythonPaths() {
            return List.copyOf(modules.keySet());
        }

        @Override
        public Map<String, byte[]> read(Collection<String> paths) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (String p : paths) if (modules.containsKey(p)) out.put(p, modules.get(p));
            return out;
        }
    }
}
