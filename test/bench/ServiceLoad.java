import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The load benchmark of {@code asyncguard serve}: the real service jar in its own JVM (with the
 * chart's JVM options and its 768 MiB memory limit), WireMock in this JVM standing in for GitHub,
 * and signed {@code pull_request} deliveries sent at a fixed rate. Each delivery is a new pull
 * request of one repository with 10 changed Python files (about 1,500 lines) whose contents differ
 * from every other PR's (distinct blob SHAs: nothing an earlier review computed applies), importing
 * three unchanged modules of the repository that every PR shares; with {@code --same}, every PR
 * changes the same files to the same contents (the same blob SHAs: what a service may reuse). Prints, per jar: delivery -> review POST latency (p50/p90/p99/max), CPU per
 * review (the service process's CPU time over the measured window / reviews), peak RSS (VmHWM),
 * and GitHub calls per review by route (from WireMock's request journal; 304s shown apart).
 *
 * <p>The fake GitHub answers every GET with an ETag and answers 304 to an {@code If-None-Match}
 * that matches it, as GitHub does. Run by {@code test/bench/service-load.sh}.
 */
public final class ServiceLoad {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWNER = "Codertocat";
    static final String REPO = "Hello-World";
    static final String API = "/repos/" + OWNER + "/" + REPO;
    static final long INSTALLATION = 1;
    static final long APP_ID = 424242;
    /** Further Python modules of the repository that no PR changes or imports (--tree N; 0 by default). */
    static int TREE = 0;
    /** Changed files per PR (--files N; 10 by default). */
    static int FILES = 10;
    static final String BRANCH_HEAD = "3f9a1c0d2b4e6f8a0c1d3e5f7a9b1c2d3e4f5a6b";

    public static void main(String[] args) throws Exception {
        double rate = 10;
        int seconds = 30, warmup = 10;
        String payloadFile = null;
        boolean jfr = false, same = false;
        int[] delay = {0, 0};
        String serve = "";
        List<String[]> jars = new ArrayList<>();
        // The service's JAVA_TOOL_OPTIONS: the chart's (passed in by service-load.sh), or --jvm OPTS for the jars after it.
        String jvm = System.getProperty("load.java-tool-options", "-XX:+ExitOnOutOfMemoryError");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--payload" -> payloadFile = args[++i];
                case "--jfr" -> jfr = true;
                case "--same" -> same = true;
                case "--jvm" -> jvm = args[++i];
                case "--serve" -> serve = args[++i];
                case "--files" -> FILES = Integer.parseInt(args[++i]);
                case "--tree" -> TREE = Integer.parseInt(args[++i]);
                case "--delay" -> {
                    String[] range = args[++i].split("-");
                    delay[0] = Integer.parseInt(range[0]);
                    delay[1] = Integer.parseInt(range[range.length - 1]);
                }
                default -> {
                    String a = args[i];
                    int eq = a.indexOf('=');
                    jars.add(eq < 0 ? new String[] {Path.of(a).getFileName().toString(), a, jvm, serve}
                            : new String[] {a.substring(0, eq), a.substring(eq + 1), jvm, serve});
                }
            }
        }
        if (jars.isEmpty() || payloadFile == null) {
            System.err.println("usage: java -cp CP ServiceLoad.java --payload opened.json [--rate R] [--seconds S] [--warmup W] [--jfr] [--same] [--delay MIN-MAX] [--files N] [--tree N] [--jvm OPTS] [--serve ARGS] [LABEL=]JAR...");
            System.exit(2);
        }
        JsonNode payload = JSON.readTree(Path.of(payloadFile).toFile());
        List<Result> results = new ArrayList<>();
        for (String[] jar : jars) {
            ServiceLoad load = new ServiceLoad(payload, same);
            load.fake.delayMs = delay;
            results.add(load.run(jar[0], Path.of(jar[1]), jar[2], jar[3], rate, seconds, warmup, jfr));
        }
        System.out.println();
        System.out.printf("%d-file PR (%d lines)%s, %s, %.0f deliveries/s for %d s after %d s of warm-up, one replica%s:%n",
                FILES, Content.lines(), TREE > 0 ? " in a repository of " + TREE + " more modules" : "", same ? "the same files in every PR (--same)" : "other file contents in every PR",
                rate, seconds, warmup, delay[1] > 0 ? ", GitHub answering in " + delay[0] + "-" + delay[1] + " ms" : "");
        System.out.printf("%-12s %8s %8s %8s %8s %8s %12s %10s %10s %10s %8s %s%n", "jar", "reviews", "p50 ms", "p90 ms", "p99 ms",
                "max ms", "CPU/review", "peak RSS", "calls/rev", "- files", "of: 304", "  load avg (start, end of the window)");
        for (Result r : results) {
            System.out.printf("%-12s %8d %8.1f %8.1f %8.1f %8.1f %9.1f ms %7d MB %10.1f %10.1f %8.1f   %s%n", r.label, r.reviews,
                    r.p(50), r.p(90), r.p(99), r.p(100), r.cpuMs / Math.max(1, r.reviews), r.peakRssKb / 1024,
                    r.calls / (double) Math.max(1, r.reviews), (r.calls - r.fileCalls) / (double) Math.max(1, r.reviews),
                    r.notModified / (double) Math.max(1, r.reviews), r.load);
        }
        for (Result r : results) {
            System.out.println();
            System.out.println("GitHub calls per review, " + r.label + " (first review of the run: " + r.firstReviewCalls + " calls):");
            r.routes.forEach((route, n) -> System.out.printf("  %6.2f  %s%n", n / (double) Math.max(1, r.reviews), route));
            System.out.println("  the first review's calls, in order (with GitHub's status):");
            r.firstReviewRoutes.forEach(route -> System.out.println("          " + route));
            System.out.println("  CPU per review by thread (ms; threads named alike summed, digits as #):");
            r.threadMs.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .filter(e -> e.getValue() / Math.max(1, r.reviews) >= 0.05)
                    .forEach(e -> System.out.printf("  %6.2f  %s%n", e.getValue() / Math.max(1, r.reviews), e.getKey()));
            if (r.missing > 0) System.out.println("  !! " + r.missing + " review(s) did not arrive; service log: " + r.log);
        }
    }

    record Result(String label, int reviews, int missing, List<Double> latencies, double cpuMs, long peakRssKb,
                  int calls, int fileCalls, int notModified, Map<String, Integer> routes, int firstReviewCalls,
                  List<String> firstReviewRoutes, String load, Path log, Map<String, Double> threadMs) {
        double p(int pct) {
            if (latencies.isEmpty()) return Double.NaN;
            List<Double> s = new ArrayList<>(latencies);
            Collections.sort(s);
            int i = (int) Math.ceil(pct / 100.0 * s.size()) - 1;
            return s.get(Math.max(0, Math.min(s.size() - 1, i)));
        }
    }

    private final JsonNode payload;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final FakeGitHub fake = new FakeGitHub();
    private final ConcurrentHashMap<Integer, CompletableFuture<Long>> posted = new ConcurrentHashMap<>();
    private WireMockServer github;

    ServiceLoad(JsonNode payload, boolean same) {
        this.payload = payload;
        fake.same = same;
    }

    Result run(String label, Path jar, String jvm, String serve, double rate, int seconds, int warmup, boolean jfr) throws Exception {
        Path work = Files.createTempDirectory("asyncguard-load");
        github = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64)
                .jettyAcceptors(2).asynchronousResponseEnabled(false).extensions(fake));
        github.start();
        fake.base = github.baseUrl();
        github.stubFor(any(anyUrl()).willReturn(new ResponseDefinitionBuilder().withTransformers(FakeGitHub.NAME)));
        Pattern review = Pattern.compile(Pattern.quote(API + "/pulls/") + "(\\d+)/reviews");
        github.addMockServiceRequestListener((request, response) -> {
            Matcher m = review.matcher(request.getUrl());
            if (request.getMethod().value().equals("POST") && m.matches()) {
                posted.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new CompletableFuture<>()).complete(System.nanoTime());
            }
        });
        String secret = "load-" + UUID.randomUUID();
        int port = freePort();
        Path log = work.resolve("serve.log");
        long started = System.nanoTime();
        Process service = startService(jar, jvm, serve, port, secret, work, log, jfr ? work.resolve(label + ".jfr") : null);
        try {
            if (!awaitHealthy(port, service)) throw new IllegalStateException("service did not start; log: " + log);
            Duration cpuUp = cpu(service);
            say(String.format("%s: service pid %d up in %.1f s, %d ms of CPU (JAVA_TOOL_OPTIONS %s); warm-up %d s at %s/s", label,
                    service.pid(), (System.nanoTime() - started) / 1e9, cpuUp.toMillis(), jvm, warmup, rate));
            int next = 1000;
            List<int[]> firstCalls = new ArrayList<>();
            // The very first review, alone: what a cold service calls (token, policy, ...).
            github.resetRequests();
            long firstSent = System.nanoTime();
            long firstPosted = send(port, secret, next++, new ArrayList<>()).get(60, TimeUnit.SECONDS);
            Thread.sleep(500);
            // What a new replica's first review costs: the start-up's cold paths (class loading, the interpreter).
            say(String.format("%s: the first review posted after %.0f ms, %d ms of CPU", label, (firstPosted - firstSent) / 1e6,
                    cpu(service).minus(cpuUp).toMillis()));
            // WireMock's journal lists the newest first: the first review's calls in the order they were made.
            List<ServeEvent> firstEvents = new ArrayList<>(github.getAllServeEvents());
            Collections.reverse(firstEvents);
            int first = firstEvents.size();
            List<String> firstRoutes = new ArrayList<>();
            for (ServeEvent e : firstEvents) firstRoutes.add(route(e.getRequest()) + "  " + e.getResponse().getStatus());
            Phase w = phase(port, secret, next, rate, warmup);
            next += w.sent;
            w.await();
            Thread.sleep(1000);   // the warm-up's check runs complete
            github.resetRequests();
            Duration cpu0 = cpu(service);
            Map<String, Long> threads0 = threadTicks(service);
            String load0 = loadAverage();
            long windowStart = System.currentTimeMillis();
            say(label + ": measuring " + seconds + " s at " + rate + "/s");
            Phase m = phase(port, secret, next, rate, seconds);
            int missing = m.await();
            awaitQuiet();
            Duration cpu1 = cpu(service);
            Map<String, Long> threads1 = threadTicks(service);
            if (jfr) say(label + ": JFR window " + windowStart + " " + System.currentTimeMillis() + " " + (m.sent - missing));
            long rss = peakRssKb(service);
            Map<String, Integer> routes = new TreeMap<>();
            int calls = 0, fileCalls = 0, notModified = 0;
            for (ServeEvent e : github.getAllServeEvents()) {
                String route = route(e.getRequest());
                if (e.getResponse().getStatus() == 304) {
                    route += "  (304)";
                    notModified++;
                }
                routes.merge(route, 1, Integer::sum);
                calls++;
                if (route.contains("/contents/app/mod") || route.contains("/git/blobs/") || route.equals("POST /graphql")) fileCalls++;
            }
            return new Result(label, m.sent - missing, missing, m.latenciesMs(), cpu1.minus(cpu0).toNanos() / 1e6, rss,
                    calls, fileCalls, notModified, routes, first, firstRoutes, load0 + ", " + loadAverage(), log,
                    threadMs(threads0, threads1));
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) service.destroyForcibly();
            github.stop();
            if (jfr) say(label + ": JFR recording in " + work.resolve(label + ".jfr"));
        }
    }

    /** Deliveries sent at a fixed rate from {@code first} on; each one's review POST is awaited later. */
    final class Phase {
        final List<CompletableFuture<Long>> reviews = new ArrayList<>();
        final List<Long> sentAt = new ArrayList<>();
        int sent;

        int await() {
            int missing = 0;
            for (CompletableFuture<Long> f : reviews) {
                try {
                    f.get(120, TimeUnit.SECONDS);
                } catch (Exception e) {
                    missing++;
                }
            }
            return missing;
        }

        List<Double> latenciesMs() {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < reviews.size(); i++) {
                Long at = reviews.get(i).getNow(null);
                if (at != null) out.add((at - sentAt.get(i)) / 1e6);
            }
            return out;
        }
    }

    Phase phase(int port, String secret, int first, double rate, int seconds) throws Exception {
        Phase p = new Phase();
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        int n = (int) Math.round(rate * seconds);
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            List<Long> at = new ArrayList<>();
            p.reviews.add(send(port, secret, first + i, at));
            p.sentAt.add(at.get(0));
            p.sent++;
        }
        return p;
    }

    /** Sends PR {@code number}'s signed delivery (without waiting for the answer); completes when its review is posted. */
    CompletableFuture<Long> send(int port, String secret, int number, List<Long> sentAt) throws Exception {
        ObjectNode p = (ObjectNode) payload.deepCopy();
        p.put("action", "opened").put("number", number);
        ObjectNode pr = (ObjectNode) p.path("pull_request");
        pr.put("number", number).put("draft", false).put("state", "open");
        ((ObjectNode) pr.path("head")).put("sha", fake.headOf(number));
        ((ObjectNode) p.path("repository")).put("default_branch", "main");
        ((ObjectNode) p.path("installation")).put("id", INSTALLATION);
        byte[] body = JSON.writeValueAsBytes(p);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/github/webhook"))
                .header("Content-Type", "application/json").header("User-Agent", "GitHub-Hookshot/044aadd")
                .header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        CompletableFuture<Long> done = posted.computeIfAbsent(number, k -> new CompletableFuture<>());
        sentAt.add(System.nanoTime());
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
            if (r.statusCode() != 202) System.err.println("delivery for #" + number + " answered " + r.statusCode());
        });
        return done.thenApply(t -> t);
    }

    /** Waits until GitHub has received nothing for a second (the last check runs completed). */
    void awaitQuiet() throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 30; i++) {
            int now = github.getAllServeEvents().size();
            if (now == last) return;
            last = now;
            Thread.sleep(1000);
        }
    }

    static String route(Request r) {
        String url = r.getUrl().replaceAll("\\?.*", "");
        url = url.replaceAll("/pulls/\\d+", "/pulls/{n}").replaceAll("/contents/app/mod\\d+\\.py", "/contents/app/mod{i}.py")
                .replaceAll("/git/(blobs|trees)/[0-9a-f]{40}", "/git/$1/{sha}").replaceAll("/commits/[0-9a-f]{40}", "/commits/{sha}")
                .replaceAll("/check-runs/\\d+", "/check-runs/{id}").replaceAll("/comments/\\d+", "/comments/{id}")
                .replaceAll("/reviews/\\d+", "/reviews/{id}");
        return r.getMethod().value() + " " + url;
    }

    // ------------------------------------------------------------------------------ the service

    Process startService(Path jar, String jvm, String serve, int port, String secret, Path work, Path log, Path jfr) throws Exception {
        KeyPairGenerator keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path key = Files.writeString(work.resolve("app.private-key.pem"), pem);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The chart's memory limit (768 MiB): the JVM sizes its heap from it as it would in the pod.
        cmd.add("-XX:MaxRAM=" + System.getProperty("load.max-ram", "768m"));
        if (jfr != null) cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile"
                // JDK 25+: samples by CPU time (native code in Java threads too), as `perf` would; older JDKs ignore it.
                + (Runtime.version().feature() >= 25 ? ",jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms" : ""));
        cmd.addAll(List.of("-jar", jar.toString(), "serve",
                "--micronaut.server.port=" + port, "--micronaut.server.host=127.0.0.1",
                "--asyncguard.github.api-url=" + github.baseUrl(),
                "--asyncguard.github.app-id=" + APP_ID,
                "--asyncguard.github.private-key-file=" + key));
        // --serve "ARGS": settings of the service under test, e.g. --asyncguard.github.graphql.blobs-per-query=0
        for (String a : serve.trim().split("\\s+")) if (!a.isEmpty()) cmd.add(a);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ASYNCGUARD_GITHUB_WEBHOOK_SECRET", secret);
        pb.environment().put("JAVA_TOOL_OPTIONS", jvm);
        return pb.start();
    }

    boolean awaitHealthy(int port, Process service) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end && service.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return true;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * CPU ticks (user + system) of each live thread of the service, by thread name with digits as {@code #}
     * (a pool's threads summed), from /proc; empty where there is no /proc. Threads that ended are in none.
     */
    static Map<String, Long> threadTicks(Process p) {
        Map<String, Long> out = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(p.pid()), "task");
        try (var dirs = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) dirs::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(close + 2).split(" ");
                    out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException noProc) {
            return Map.of();
        }
        return out;
    }

    /** Milliseconds of CPU per thread name between two {@link #threadTicks} readings (ticks of 10 ms, USER_HZ 100). */
    static Map<String, Double> threadMs(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((name, ticks) -> out.put(name, (ticks - before.getOrDefault(name, 0L)) * 10.0));
        return out;
    }

    static Duration cpu(Process p) {
        return p.toHandle().info().totalCpuDuration().orElseThrow();
    }

    static long peakRssKb(Process p) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D+", ""));
        }
        return -1;
    }

    /** The machine's 1-minute load average: what else ran beside the measurement. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    // ------------------------------------------------------------------------------ the content

    /** The changed modules of PR n: each a realistic asyncio module of about 150 lines, different in every PR. */
    static final class Content {
        static final String TEMPLATE = """
                # app/mod%1$d.py: service endpoints, part %1$d (revision %2$d)
                import asyncio
                import json
                import logging
                import time

                import requests

                from app import db, util
                from app.cache import Cache

                log = logging.getLogger(__name__)

                DEFAULT_TIMEOUT = 10
                RETRIES = 3


                class Handler%1$d:
                    \"\"\"Handles the requests of area %1$d.\"\"\"

                    def __init__(self, pool, cache: Cache):
                        self.pool = pool
                        self.cache = cache
                        self.tasks = set()
                        self.lock = asyncio.Lock()
                        self.counter = 0

                    async def fetch_profile(self, user_id):
                        cached = self.cache.get(user_id)
                        if cached is not None:
                            return cached
                        async with self.pool.acquire() as conn:
                            row = await conn.fetchrow("SELECT * FROM users WHERE id = $1", user_id)
                        profile = util.to_profile(row)
                        self.cache.put(user_id, profile)
                        return profile

                    async def refresh(self, user_id):
                        time.sleep(0.2)
                        return await self.fetch_profile(user_id)

                    async def notify(self, user_id, message):
                        response = requests.post("https://hooks.example.com/notify", json={"user": user_id, "message": message})
                        return response.status_code == 200

                    async def schedule(self, user_id):
                        asyncio.create_task(self.refresh(user_id))

                    async def count(self):
                        async with self.lock:
                            self.counter += 1
                            return self.counter

                    async def load_settings(self, path):
                        with open(path) as f:
                            return json.load(f)

                    async def with_retries(self, call, *args):
                        for attempt in range(RETRIES):
                            try:
                                return await asyncio.wait_for(call(*args), DEFAULT_TIMEOUT)
                            except asyncio.TimeoutError:
                                log.warning("attempt %%d timed out", attempt)
                                await asyncio.sleep(2 ** attempt)
                        raise RuntimeError("no answer")

                    async def guarded(self, user_id):
                        try:
                            return await self.fetch_profile(user_id)
                        except asyncio.CancelledError:
                            log.info("cancelled")
                        except Exception:
                            log.exception("failed")
                            return None

                    def summary(self):
                        return {"counter": self.counter, "tasks": len(self.tasks)}


                async def gather_profiles(handler, user_ids):
                    results = await asyncio.gather(*(handler.fetch_profile(u) for u in user_ids), return_exceptions=True)
                    return [r for r in results if not isinstance(r, Exception)]


                async def background(handler, user_ids):
                    for user_id in user_ids:
                        task = asyncio.create_task(handler.refresh(user_id))
                        handler.tasks.add(task)
                        task.add_done_callback(handler.tasks.discard)


                async def export(handler, path, user_ids):
                    profiles = await gather_profiles(handler, user_ids)
                    data = json.dumps(profiles)
                    await asyncio.to_thread(util.write_file, path, data)
                    return len(profiles)


                async def poll(handler, interval=5.0):
                    while True:
                        await handler.count()
                        await asyncio.sleep(interval)


                async def slow_export(handler, path, user_ids):
                    profiles = await gather_profiles(handler, user_ids)
                    with open(path, "w") as f:
                        f.write(json.dumps(profiles))
                    return len(profiles)


                async def query_all(pool):
                    async with pool.acquire() as conn:
                        rows = await conn.fetch("SELECT id FROM users")
                    return [r["id"] for r in rows]


                def parse_line(line):
                    parts = line.strip().split(",")
                    if len(parts) < 3:
                        return None
                    return {"id": int(parts[0]), "name": parts[1], "email": parts[2]}


                def parse_file(path):
                    out = []
                    with open(path) as f:
                        for line in f:
                            item = parse_line(line)
                            if item is not None:
                                out.append(item)
                    return out


                async def import_users(pool, path):
                    users = await asyncio.to_thread(parse_file, path)
                    async with pool.acquire() as conn:
                        for user in users:
                            await conn.execute("INSERT INTO users VALUES ($1, $2, $3)", user["id"], user["name"], user["email"])
                    return len(users)


                async def health(handler):
                    started = time.monotonic()
                    await handler.count()
                    return {"ok": True, "took": time.monotonic() - started}


                async def main(pool, cache):
                    handler = Handler%1$d(pool, cache)
                    ids = await query_all(pool)
                    await background(handler, ids)
                    await export(handler, "/tmp/profiles-%1$d.json", ids)
                    await db.close(pool)
                """;

        static String of(int module, int revision) {
            return TEMPLATE.formatted(module, revision);
        }

        static int lines() {
            return (int) of(0, 0).lines().count() * FILES;
        }
    }

    static final String UTIL = """
            import json


            def to_profile(row):
                return {"id": row["id"], "name": row["name"]}


            def write_file(path, data):
                with open(path, "w") as f:
                    f.write(data)
            """;
    static final String DB = """
            import time


            async def close(pool):
                time.sleep(0.1)
                await pool.close()
            """;
    static final String CACHE = """
            class Cache:
                def __init__(self):
                    self.items = {}

                def get(self, key):
                    return self.items.get(key)

                def put(self, key, value):
                    self.items[key] = value
            """;

    // ------------------------------------------------------------------------------ the fake GitHub

    /** GitHub's REST API for one installation and one repository, answering from what each PR number implies. */
    static final class FakeGitHub implements ResponseDefinitionTransformerV2 {
        static final String NAME = "fake-github";
        volatile String base;
        /** Every PR changes the same files to the same contents (the same blob SHAs), rather than to its own. */
        volatile boolean same;
        final Map<String, Integer> prOfHead = new ConcurrentHashMap<>();
        final Map<String, String> blobs = new ConcurrentHashMap<>();
        final Map<String, String> shared = new LinkedHashMap<>();

        FakeGitHub() {
            shared.put("app/util.py", UTIL);
            shared.put("app/db.py", DB);
            shared.put("app/cache.py", CACHE);
            shared.put("app/__init__.py", "");
            // A repository of some size: modules in packages of 20, each small and importing nothing the PRs touch.
            for (int i = 0; i < TREE; i++) {
                shared.put("lib/pkg" + i / 20 + "/mod" + i % 20 + ".py", "def f" + i + "():\n    return " + i + "\n");
                if (i % 20 == 0) shared.put("lib/pkg" + i / 20 + "/__init__.py", "");
            }
            shared.values().forEach(c -> blobs.put(blobSha(c), c));
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        String headOf(int number) {
            String sha = sha1("head " + number);
            prOfHead.put(sha, number);
            return sha;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request r = event.getRequest();
            String method = r.getMethod().value();
            String url = r.getUrl();
            String path = url.replaceAll("\\?.*", "");
            try {
                ResponseDefinitionBuilder answer = answer(method, path, url, r);
                ResponseDefinition d = answer.build();
                var header = d.getHeaders() == null ? null : d.getHeaders().getHeader("ETag");
                String etag = header == null || !header.isPresent() ? null : header.firstValue();
                if ("GET".equals(method) && etag != null && etag.equals(r.getHeader("If-None-Match"))) {
                    return delayed(new ResponseDefinitionBuilder().withStatus(304).withHeader("ETag", etag));
                }
                return delayed(ResponseDefinitionBuilder.like(d).but());
            } catch (Exception e) {
                return json(500, JSON.createObjectNode().put("message", e.toString()), false).build();
            }
        }

        ResponseDefinitionBuilder answer(String method, String path, String url, Request r) throws Exception {
            Matcher m;
            if (method.equals("GET") && path.equals("/app")) {
                ObjectNode app = JSON.createObjectNode().put("id", APP_ID).put("slug", "asyncguard").put("name", "asyncguard")
                        .put("created_at", "2024-03-01T10:00:00Z").put("updated_at", "2024-03-01T10:00:00Z");
                app.set("owner", JSON.createObjectNode().put("login", OWNER).put("id", 21031067).put("type", "User"));
                app.set("permissions", permissions());
                return json(200, app, true);
            }
            if (method.equals("GET") && path.equals("/app/installations/" + INSTALLATION)) {
                ObjectNode inst = JSON.createObjectNode().put("id", INSTALLATION)
                        .put("access_tokens_url", base + "/app/installations/" + INSTALLATION + "/access_tokens")
                        .put("app_id", APP_ID).put("target_type", "User").put("repository_selection", "all");
                inst.set("account", JSON.createObjectNode().put("login", OWNER).put("id", 21031067).put("type", "User"));
                inst.set("permissions", permissions());
                return json(200, inst, true);
            }
            if (method.equals("POST") && path.equals("/app/installations/" + INSTALLATION + "/access_tokens")) {
                JsonNode asked = JSON.readTree(r.getBodyAsString().isEmpty() ? "{}" : r.getBodyAsString());
                for (JsonNode repo : asked.path("repositories")) {
                    if (!repo.asText().equals(REPO)) {
                        return json(422, JSON.createObjectNode().put("message", "There is at least one repository that does not exist or is not accessible to the parent installation."), false);
                    }
                }
                ObjectNode token = JSON.createObjectNode().put("token", "ghs_" + UUID.randomUUID().toString().replace("-", ""))
                        .put("expires_at", Instant.now().plus(Duration.ofHours(1)).toString().replaceAll("\\.\\d+Z$", "Z"))
                        .put("repository_selection", "selected");
                token.set("permissions", permissions());
                return json(201, token, false);
            }
            if (method.equals("GET") && path.startsWith("/repos/" + OWNER + "/.github")) {
                return notFound();
            }
            if (method.equals("POST") && path.equals("/graphql")) {
                return graphQl(JSON.readTree(r.getBodyAsString()));
            }
            if (!path.startsWith(API)) return notFound();
            String rest = path.substring(API.length());
            if (method.equals("GET") && rest.isEmpty()) {
                ObjectNode repo = JSON.createObjectNode().put("id", 186853002).put("name", REPO).put("full_name", OWNER + "/" + REPO)
                        .put("private", false).put("default_branch", "main");
                repo.set("owner", JSON.createObjectNode().put("login", OWNER).put("type", "User"));
                return json(200, repo, true);
            }
            if (method.equals("GET") && rest.equals("/commits/main")) {
                return raw(BRANCH_HEAD, "application/vnd.github.sha");
            }
            if (method.equals("GET") && (m = Pattern.compile("/contents/(.+)").matcher(rest)).matches()) {
                String file = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                String ref = url.replaceAll(".*[?&]ref=([^&]+).*", "$1");
                if (ref.equals(BRANCH_HEAD)) {
                    if (file.equals("pyproject.toml")) {
                        return raw("[project]\nname = \"hello-world\"\nrequires-python = \">=3.10\"\n", "application/vnd.github.raw+json");
                    }
                    return notFound();
                }
                Integer pr = prOfHead.get(ref);
                String content = pr == null ? null : fileAt(pr, file);
                return content == null ? notFound() : raw(content, "application/vnd.github.raw+json");
            }
            if (method.equals("GET") && (m = Pattern.compile("/git/blobs/([0-9a-f]{40})").matcher(rest)).matches()) {
                String content = blobs.get(m.group(1));
                return content == null ? notFound() : raw(content, "application/vnd.github.raw+json");
            }
            if (method.equals("GET") && (m = Pattern.compile("/git/trees/([0-9a-f]{40})").matcher(rest)).matches()) {
                // The default branch has the shared modules and the odd ones (which PRs modify); a PR's head all of them.
                boolean main = m.group(1).equals(BRANCH_HEAD);
                Integer pr = main ? Integer.valueOf(0) : prOfHead.get(m.group(1));
                if (pr == null) return notFound();
                ObjectNode tree = JSON.createObjectNode().put("sha", sha1("tree " + pr)).put("truncated", false);
                ArrayNode entries = tree.putArray("tree");
                Map<String, String> files = new LinkedHashMap<>(shared);
                for (int i = 0; i < FILES; i++) {
                    if (!main || i % 2 == 1) files.put("app/mod" + i + ".py", Content.of(i, revision(pr)));
                }
                files.put("README.md", "# Hello\n");
                files.forEach((p, c) -> entries.addObject().put("path", p).put("mode", "100644").put("type", "blob")
                        .put("sha", blobSha(c)).put("size", c.getBytes(StandardCharsets.UTF_8).length));
                return json(200, tree, true);
            }
            if ((m = Pattern.compile("/pulls/(\\d+)(/.*)?").matcher(rest)).matches()) {
                int pr = Integer.parseInt(m.group(1));
                String sub = m.group(2) == null ? "" : m.group(2);
                if (method.equals("GET") && sub.isEmpty()) return json(200, pullRequest(pr), true);
                if (method.equals("GET") && sub.equals("/files")) return json(200, files(pr), true);
                if (method.equals("GET") && (sub.equals("/comments") || sub.equals("/reviews"))) {
                    return json(200, JSON.createArrayNode(), true);
                }
                if (method.equals("POST") && sub.equals("/reviews")) {
                    JsonNode body = JSON.readTree(r.getBodyAsString());
                    ObjectNode review = JSON.createObjectNode().put("id", 80_000L + pr).put("state", "COMMENTED")
                            .put("commit_id", body.path("commit_id").asText()).put("body", body.path("body").asText());
                    review.set("user", JSON.createObjectNode().put("login", "asyncguard[bot]").put("id", 9919).put("type", "Bot"));
                    return json(200, review, false);
                }
            }
            if (method.equals("POST") && rest.equals("/check-runs")) {
                JsonNode body = JSON.readTree(r.getBodyAsString());
                return json(201, checkRun(body.path("head_sha").asText(), "in_progress"), false);
            }
            if (method.equals("PATCH") && rest.matches("/check-runs/\\d+")) {
                return json(200, checkRun(BRANCH_HEAD, "completed"), false);
            }
            if (method.equals("GET") && rest.matches("/commits/[0-9a-f]{40}/check-runs")) {
                ObjectNode none = JSON.createObjectNode().put("total_count", 0);
                none.putArray("check_runs");
                return json(200, none, true);
            }
            return notFound();
        }

        /** --delay: each answer after a uniformly random wait, as GitHub's take 50-150 ms and more. */
        volatile int[] delayMs = {0, 0};

        ResponseDefinition delayed(ResponseDefinitionBuilder b) {
            return (delayMs[1] > 0 ? b.withUniformRandomDelay(delayMs[0], delayMs[1]) : b).build();
        }

        /**
         * GitHub's GraphQL endpoint for the blob queries the service sends (aliased
         * {@code object(oid: $v) { ... on Blob { byteSize isBinary isTruncated text } }}): each known
         * blob's text, null for an unknown object, 1 point a query.
         */
        ResponseDefinitionBuilder graphQl(JsonNode request) {
            ObjectNode answer = JSON.createObjectNode();
            ObjectNode data = answer.putObject("data");
            data.putObject("rateLimit").put("cost", 1).put("remaining", 4999).put("resetAt", Instant.now().plusSeconds(3600).toString());
            ObjectNode repository = data.putObject("repository");
            JsonNode variables = request.path("variables");
            Matcher m = Pattern.compile("(\\w+): object\\((?:oid|expression): \\$(\\w+)\\)").matcher(request.path("query").asText());
            while (m.find()) {
                String content = blobs.get(variables.path(m.group(2)).asText());
                if (content == null) {
                    repository.putNull(m.group(1));
                } else {
                    repository.putObject(m.group(1)).put("byteSize", content.getBytes(StandardCharsets.UTF_8).length)
                            .put("isBinary", false).put("isTruncated", false).put("text", content);
                }
            }
            return json(200, answer, false).withHeader("X-RateLimit-Resource", "graphql");
        }

        /** The revision of the changed modules in PR {@code pr} (0: the default branch's). */
        int revision(int pr) {
            return pr == 0 ? 0 : same ? 1 : pr;
        }

        String fileAt(int pr, String file) {
            Matcher m = Pattern.compile("app/mod(\\d+)\\.py").matcher(file);
            if (m.matches() && Integer.parseInt(m.group(1)) < FILES) return Content.of(Integer.parseInt(m.group(1)), revision(pr));
            return shared.get(file);
        }

        ObjectNode pullRequest(int number) {
            ObjectNode pr = JSON.createObjectNode().put("number", number).put("state", "open").put("draft", false)
                    .put("title", "Endpoints, revision " + number);
            pr.set("head", JSON.createObjectNode().put("sha", headOf(number)).put("ref", "feature-" + number));
            pr.set("base", JSON.createObjectNode().put("sha", BRANCH_HEAD).put("ref", "main"));
            pr.putArray("labels");
            return pr;
        }

        /** The PR's files: even modules added, odd ones modified with one hunk of added lines. */
        ArrayNode files(int pr) {
            ArrayNode out = JSON.createArrayNode();
            for (int i = 0; i < FILES; i++) {
                String content = Content.of(i, revision(pr));
                blobs.put(blobSha(content), content);
                List<String> lines = content.lines().toList();
                String patch;
                int added, removed = 0;
                if (i % 2 == 0) {
                    StringBuilder sb = new StringBuilder("@@ -0,0 +1," + lines.size() + " @@");
                    for (String l : lines) sb.append("\n+").append(l);
                    patch = sb.toString();
                    added = lines.size();
                } else {
                    // lines 28..67 (1-based) are new; three lines of context on each side
                    int from = 28, to = 67;
                    StringBuilder sb = new StringBuilder("@@ -" + (from - 3) + ",6 +" + (from - 3) + "," + (to - from + 1 + 6) + " @@");
                    for (int l = from - 3; l <= to + 3; l++) {
                        sb.append('\n').append(l >= from && l <= to ? '+' : ' ').append(lines.get(l - 1));
                    }
                    patch = sb.toString();
                    added = to - from + 1;
                }
                out.addObject().put("sha", blobSha(content)).put("filename", "app/mod" + i + ".py")
                        .put("status", i % 2 == 0 ? "added" : "modified").put("additions", added).put("deletions", removed)
                        .put("changes", added + removed)
                        .put("blob_url", "https://github.com/" + OWNER + "/" + REPO + "/blob/" + headOf(pr) + "/app/mod" + i + ".py")
                        .put("raw_url", "https://github.com/" + OWNER + "/" + REPO + "/raw/" + headOf(pr) + "/app/mod" + i + ".py")
                        .put("contents_url", base + API + "/contents/app/mod" + i + ".py?ref=" + headOf(pr))
                        .put("patch", patch);
            }
            return out;
        }

        ObjectNode checkRun(String sha, String status) {
            ObjectNode o = JSON.createObjectNode().put("id", 4).put("head_sha", sha).put("name", "asyncguard")
                    .put("status", status).put("url", base + API + "/check-runs/4");
            o.putObject("app").put("id", APP_ID).put("slug", "asyncguard");
            o.putArray("pull_requests");
            return o;
        }

        static ObjectNode permissions() {
            return JSON.createObjectNode().put("pull_requests", "write").put("checks", "write")
                    .put("contents", "read").put("metadata", "read").put("issues", "read");
        }

        static ResponseDefinitionBuilder json(int status, JsonNode body, boolean etag) {
            String text = body.toString();
            ResponseDefinitionBuilder b = new ResponseDefinitionBuilder().withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "4987")
                    .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()))
                    .withBody(text);
            return etag ? b.withHeader("ETag", "W/\"" + sha1(text) + "\"") : b;
        }

        static ResponseDefinitionBuilder raw(String text, String type) {
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", type + "; charset=utf-8")
                    .withHeader("ETag", "\"" + sha1(text) + "\"").withBody(text);
        }

        static ResponseDefinitionBuilder notFound() {
            return json(404, JSON.createObjectNode().put("message", "Not Found")
                    .put("documentation_url", "https://docs.github.com/rest").put("status", "404"), false);
        }
    }

    static String blobSha(String content) {
        byte[] c = content.getBytes(StandardCharsets.UTF_8);
        return sha1Hex(("blob " + c.length + "\0").getBytes(StandardCharsets.US_ASCII), c);
    }

    static String sha1(String s) {
        return sha1Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha1Hex(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-1");
            for (byte[] p : parts) d.update(p);
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
