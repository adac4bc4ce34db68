import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The GitHub App at work, on one machine: a stand-in GitHub (WireMock, answering with bodies
 * shaped like GitHub's REST API), the real {@code asyncguard serve} as a separate process pointed
 * at it, a signed {@code pull_request} delivery for a real change (two commits of a throwaway git
 * repository), then a {@code /recheck} comment. Prints what GitHub received: the review with its
 * inline comments and suggestion blocks, and the check run. Exit status 0 when the review and the
 * check run arrived, 1 when they did not (with the service's log), 2 on a usage error.
 *
 * <p>Run by {@code examples/app-demo/run}; {@code AppDemoTest} runs it in CI. Usage:
 * {@code java -cp ASYNCGUARD_AND_WIREMOCK_CLASSPATH AppDemo.java BASE_DIR HEAD_DIR EVENTS_DIR}.
 */
public final class AppDemo {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWNER = "Codertocat";
    static final String REPO = "Hello-World";
    static final int NUMBER = 2;
    static final long INSTALLATION = 1;
    static final long APP_ID = 424242;
    static final long CHECK_RUN_ID = 4;
    static final String API = "/repos/" + OWNER + "/" + REPO;
    static final Duration WAIT = Duration.ofSeconds(Long.getLong("appdemo.wait-seconds", 90));

    /** One changed file of the pull request, as git and GitHub describe it. */
    record PrFile(String path, String status, String blobSha, String content, String patch) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java -cp CLASSPATH AppDemo.java BASE_DIR HEAD_DIR EVENTS_DIR");
            System.exit(2);
        }
        System.exit(new AppDemo().run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])));
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WireMockServer github;
    private Process service;
    private Path work;

    int run(Path baseDir, Path headDir, Path eventsDir) throws Exception {
        work = Files.createTempDirectory("asyncguard-app-demo");
        try {
            Change change = change(baseDir, headDir);
            github = new WireMockServer(options().port(0).bindAddress("127.0.0.1").containerThreads(20));
            github.start();
            stubGitHub(change);
            String secret = "demo-" + UUID.randomUUID();
            int port = freePort();
            service = startService(port, secret);
            if (!awaitHealthy(port)) return failed("the service did not start");

            say("1. GitHub delivers pull_request/opened for " + OWNER + "/" + REPO + "#" + NUMBER
                    + " (head " + change.head.substring(0, 7) + ", " + change.files.size() + " changed file(s))");
            ObjectNode opened = (ObjectNode) JSON.readTree(eventsDir.resolve("pull_request.opened.json").toFile());
            ((ObjectNode) opened.path("pull_request").path("head")).put("sha", change.head);
            ((ObjectNode) opened.path("pull_request").path("base")).put("sha", change.base);
            int status = deliver(port, secret, "pull_request", opened);
            say("   the service answered " + status);
            RequestPatternBuilder reviews = postRequestedFor(urlEqualTo(API + "/pulls/" + NUMBER + "/reviews"));
            // The check run is created already completed when the review takes less than 2 s (else it
            // shows queued or in progress first and is completed by an update).
            RequestPatternBuilder completed = com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                            urlPathMatching(java.util.regex.Pattern.quote(API + "/check-runs") + "(/\\d+)?"))
                    .withRequestBody(matchingJsonPath("$.status", equalTo("completed")));
            if (!await(reviews, 1) || !await(completed, 1)) return failed("GitHub received no review and check run");
            JsonNode review = bodies(reviews).get(0);
            printReview(review);
            printCheckRun(bodies(completed).getLast());

            // GitHub now lists the bot's comments on the PR, so a recheck can tell what is already there.
            listComments(review, change.head);
            say("");
            say("2. Someone comments \"/recheck\" on the pull request (issue_comment/created)");
            ObjectNode recheck = (ObjectNode) JSON.readTree(eventsDir.resolve("issue_comment.recheck.json").toFile());
            recheck.set("repository", opened.path("repository"));
            recheck.set("installation", opened.path("installation"));
            ((ObjectNode) recheck.path("issue")).put("number", NUMBER);
            status = deliver(port, secret, "issue_comment", recheck);
            say("   the service answered " + status);
            if (!await(completed, 2)) return failed("the recheck did not complete a check run");
            int reactions = github.findAll(postRequestedFor(urlPathMatching(API + "/issues/comments/\\d+/reactions"))).size();
            int reviewsNow = github.findAll(reviews).size();
            say("   reactions on the comment: " + reactions + "; reviews posted in all: " + reviewsNow
                    + (reviewsNow == 1 ? " (the comments are already on the PR: none repeated)" : ""));
            JsonNode again = bodies(completed).getLast();
            say("   check run: " + again.path("conclusion").asText() + ", \"" + again.path("output").path("title").asText() + "\": "
                    + again.path("output").path("summary").asText("").lines().filter(l -> l.contains("reported under"))
                    .findFirst().orElse("").replace("**", ""));
            say("");
            say("GitHub received, in order:");
            List<ServeEvent> events = new ArrayList<>(github.getAllServeEvents());
            events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
            for (ServeEvent e : events) {
                say("   " + e.getResponse().getStatus() + " " + e.getRequest().getMethod() + " " + e.getRequest().getUrl());
            }
            return 0;
        } finally {
            if (service != null) {
                service.destroy();
                if (!service.waitFor(20, TimeUnit.SECONDS)) service.destroyForcibly();
            }
            if (github != null) github.stop();
            http.close();
            deleteTree(work);
        }
    }

    /** The change under review: two commits of a throwaway repository, and git's view of them. */
    record Change(String base, String head, List<PrFile> files) {}

    Change change(Path baseDir, Path headDir) throws Exception {
        Path repo = work.resolve("repo");
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        copyTree(baseDir, repo);
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=asyncguard demo", "-c", "user.email=demo@example.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "base");
        try (var s = Files.list(repo)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals(".git")).toList()) deleteTree(p);
        }
        copyTree(headDir, repo);
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=asyncguard demo", "-c", "user.email=demo@example.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "head");
        String base = git(repo, "rev-parse", "HEAD~1").strip();
        String head = git(repo, "rev-parse", "HEAD").strip();
        List<PrFile> files = new ArrayList<>();
        for (String line : git(repo, "diff", "--name-status", "--no-renames", base, head).split("\n")) {
            if (line.isBlank()) continue;
            String[] parts = line.split("\t");
            String path = parts[1];
            String status = switch (parts[0]) { case "A" -> "added"; case "D" -> "removed"; default -> "modified"; };
            String diff = git(repo, "diff", "-U3", base, head, "--", path);
            String patch = diff.substring(diff.indexOf("@@")).stripTrailing();
            String blob = status.equals("removed") ? null : git(repo, "rev-parse", head + ":" + path).strip();
            String content = blob == null ? null : git(repo, "show", head + ":" + path);
            files.add(new PrFile(path, status, blob, content, patch));
        }
        return new Change(base, head, files);
    }

    /** GitHub's REST API as the service calls it, with bodies shaped like GitHub's answers. */
    void stubGitHub(Change change) throws IOException {
        String url = github.baseUrl();
        // Anything else: GitHub's 404, and a line on stderr so that a missing stub is easy to see.
        github.stubFor(any(anyUrl()).atPriority(10).willReturn(json(404, JSON.createObjectNode().put("message", "Not Found")
                .put("documentation_url", "https://docs.github.com/rest"))));

        ObjectNode permissions = JSON.createObjectNode().put("pull_requests", "write").put("checks", "write")
                .put("contents", "read").put("metadata", "read").put("issues", "read");
        ObjectNode app = JSON.createObjectNode().put("id", APP_ID).put("slug", "asyncguard").put("name", "asyncguard")
                .put("created_at", "2024-03-01T10:00:00Z").put("updated_at", "2024-03-01T10:00:00Z");
        app.set("owner", JSON.createObjectNode().put("login", OWNER).put("id", 21031067).put("type", "User"));
        app.set("permissions", permissions);
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(200, app)));
        ObjectNode inst = JSON.createObjectNode().put("id", INSTALLATION)
                .put("access_tokens_url", url + "/app/installations/" + INSTALLATION + "/access_tokens")
                .put("app_id", APP_ID).put("target_type", "User").put("repository_selection", "all");
        inst.set("account", JSON.createObjectNode().put("login", OWNER).put("id", 21031067).put("type", "User"));
        inst.set("permissions", permissions);
        github.stubFor(get(urlEqualTo("/app/installations/" + INSTALLATION)).willReturn(json(200, inst)));
        ObjectNode token = JSON.createObjectNode().put("token", "ghs_demo0000000000000000000000000000000")
                .put("expires_at", Instant.now().plus(Duration.ofHours(1)).toString().replaceAll("\\.\\d+Z$", "Z"))
                .put("repository_selection", "all");
        token.set("permissions", permissions);
        github.stubFor(post(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")).willReturn(json(201, token)));

        // The repository and its policy: no .github/asyncguard.yml, no organization .github repository.
        ObjectNode repository = JSON.createObjectNode().put("id", 186853002).put("name", REPO)
                .put("full_name", OWNER + "/" + REPO).put("private", false).put("default_branch", "main");
        repository.set("owner", JSON.createObjectNode().put("login", OWNER).put("type", "User"));
        github.stubFor(get(urlEqualTo(API)).willReturn(json(200, repository).withHeader("ETag", "W/\"demo-repo\"")));
        github.stubFor(get(urlEqualTo(API + "/commits/main")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.github.sha; charset=utf-8").withBody(change.base)));

        // The pull request, its files, and the head's contents and tree.
        ObjectNode pr = JSON.createObjectNode().put("number", NUMBER).put("state", "open").put("draft", false)
                .put("title", "New endpoints");
        pr.set("head", JSON.createObjectNode().put("sha", change.head).put("ref", "new-endpoints"));
        pr.set("base", JSON.createObjectNode().put("sha", change.base).put("ref", "main"));
        pr.putArray("labels");
        github.stubFor(get(urlEqualTo(API + "/pulls/" + NUMBER)).withHeader("Accept", equalTo("application/vnd.github+json"))
                .willReturn(json(200, pr)));
        ArrayNode listing = JSON.createArrayNode();
        ArrayNode tree = JSON.createArrayNode();
        for (PrFile f : change.files) {
            ObjectNode o = listing.addObject().put("filename", f.path).put("status", f.status);
            if (f.blobSha != null) o.put("sha", f.blobSha);
            long added = f.patch.lines().filter(l -> l.startsWith("+")).count();
            long removed = f.patch.lines().filter(l -> l.startsWith("-")).count();
            o.put("additions", added).put("deletions", removed).put("changes", added + removed)
                    .put("contents_url", url + API + "/contents/" + f.path + "?ref=" + change.head).put("patch", f.patch);
            if (f.content == null) continue;
            tree.addObject().put("path", f.path).put("mode", "100644").put("type", "blob").put("sha", f.blobSha)
                    .put("size", f.content.getBytes(StandardCharsets.UTF_8).length);
            github.stubFor(get(urlEqualTo(API + "/contents/" + f.path + "?ref=" + change.head))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                            .withHeader("ETag", "\"" + f.blobSha + "\"").withBody(f.content)));
            github.stubFor(get(urlPathEqualTo(API + "/git/blobs/" + f.blobSha))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                            .withBody(f.content)));
        }
        github.stubFor(get(urlEqualTo(API + "/pulls/" + NUMBER + "/files?per_page=100")).willReturn(json(200, listing)));
        ObjectNode trees = JSON.createObjectNode().put("sha", change.head).put("truncated", false);
        trees.set("tree", tree);
        github.stubFor(get(urlPathEqualTo(API + "/git/trees/" + change.head)).willReturn(json(200, trees)));

        // What the bot finds already on the PR: nothing yet.
        github.stubFor(get(urlEqualTo(API + "/pulls/" + NUMBER + "/comments?per_page=100")).willReturn(json(200, JSON.createArrayNode())));
        github.stubFor(get(urlEqualTo(API + "/pulls/" + NUMBER + "/reviews?per_page=100")).willReturn(json(200, JSON.createArrayNode())));
        ObjectNode noRuns = JSON.createObjectNode().put("total_count", 0);
        noRuns.putArray("check_runs");
        github.stubFor(get(urlPathEqualTo(API + "/commits/" + change.head + "/check-runs")).willReturn(json(200, noRuns)));

        // What the bot writes: the check run, the review, a reaction to /recheck.
        github.stubFor(post(urlEqualTo(API + "/check-runs")).willReturn(json(201, checkRun(change.head, "in_progress"))));
        github.stubFor(patch(urlEqualTo(API + "/check-runs/" + CHECK_RUN_ID)).willReturn(json(200, checkRun(change.head, "completed"))));
        ObjectNode review = JSON.createObjectNode().put("id", 80).put("state", "COMMENTED").put("commit_id", change.head)
                .put("html_url", "https://github.com/" + OWNER + "/" + REPO + "/pull/" + NUMBER + "#pullrequestreview-80");
        review.set("user", bot());
        github.stubFor(post(urlEqualTo(API + "/pulls/" + NUMBER + "/reviews")).willReturn(json(200, review)));
        github.stubFor(post(urlPathMatching(API + "/issues/comments/\\d+/reactions"))
                .willReturn(json(201, JSON.createObjectNode().put("id", 1).put("content", "eyes"))));
    }

    /** After the review: GitHub lists its comments as the bot's, as {@code GET .../pulls/{n}/comments} does. */
    void listComments(JsonNode review, String head) {
        ArrayNode comments = JSON.createArrayNode();
        long id = 1000;
        for (JsonNode c : review.path("comments")) {
            ObjectNode o = ((ObjectNode) c.deepCopy()).put("id", id++).put("commit_id", head).put("original_commit_id", head);
            o.set("user", bot());
            comments.add(o);
        }
        github.stubFor(get(urlEqualTo(API + "/pulls/" + NUMBER + "/comments?per_page=100")).willReturn(json(200, comments)));
        ObjectNode posted = JSON.createObjectNode().put("id", 80).put("state", "COMMENTED").put("commit_id", head)
                .put("body", review.path("body").asText(""));
        posted.set("user", bot());
        github.stubFor(get(urlEqualTo(API + "/pulls/" + NUMBER + "/reviews?per_page=100"))
                .willReturn(json(200, JSON.createArrayNode().add(posted))));
    }

    ObjectNode checkRun(String sha, String status) {
        ObjectNode o = JSON.createObjectNode().put("id", CHECK_RUN_ID).put("head_sha", sha).put("name", "asyncguard")
                .put("status", status).put("url", github.baseUrl() + API + "/check-runs/" + CHECK_RUN_ID)
                .put("html_url", "https://github.com/" + OWNER + "/" + REPO + "/runs/" + CHECK_RUN_ID);
        o.putObject("app").put("id", APP_ID).put("slug", "asyncguard");
        o.putArray("pull_requests");
        return o;
    }

    static ObjectNode bot() {
        return JSON.createObjectNode().put("login", "asyncguard[bot]").put("id", 9919).put("type", "Bot");
    }

    static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "4987")
                .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()))
                .withBody(body.toString());
    }

    /** {@code asyncguard serve} in its own JVM, as an operator runs it, with a throwaway App key. */
    Process startService(int port, String secret) throws Exception {
        KeyPairGenerator keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path key = Files.writeString(work.resolve("app.private-key.pem"), pem);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xss16m", "-cp", System.getProperty("java.class.path"),
                "dev.asyncguard.cli.Main", "serve",
                "--micronaut.server.port=" + port, "--micronaut.server.host=127.0.0.1",
                "--asyncguard.github.api-url=" + github.baseUrl(),
                "--asyncguard.github.app-id=" + APP_ID,
                "--asyncguard.github.private-key-file=" + key)
                .redirectErrorStream(true).redirectOutput(work.resolve("serve.log").toFile());
        pb.environment().put("ASYNCGUARD_GITHUB_WEBHOOK_SECRET", secret);   // a secret belongs in the environment, not in ps
        say("Starting: asyncguard serve (port " + port + "), GitHub stand-in at " + github.baseUrl());
        return pb.start();
    }

    boolean awaitHealthy(int port) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
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

    /** One delivery, signed as GitHub signs it: HMAC-SHA256 of the body in {@code X-Hub-Signature-256}. */
    int deliver(int port, String secret, String event, JsonNode payload) throws Exception {
        byte[] body = JSON.writeValueAsBytes(payload);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/github/webhook"))
                .header("Content-Type", "application/json").header("User-Agent", "GitHub-Hookshot/044aadd")
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-GitHub-Hook-Installation-Target-Type", "integration")
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    boolean await(RequestPatternBuilder pattern, int count) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (github.findAll(pattern).size() < count) {
            if (System.nanoTime() > end || !service.isAlive()) return false;
            Thread.sleep(50);
        }
        return true;
    }

    List<JsonNode> bodies(RequestPatternBuilder pattern) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (var r : github.findAll(pattern)) out.add(JSON.readTree(r.getBodyAsString()));
        return out;
    }

    void printReview(JsonNode review) {
        say("");
        say("GitHub received the review (POST " + API + "/pulls/" + NUMBER + "/reviews): event "
                + review.path("event").asText() + ", commit " + review.path("commit_id").asText().substring(0, 7)
                + ", " + review.path("comments").size() + " inline comment(s)");
        say(indent(review.path("body").asText(""), "  │ "));
        for (JsonNode c : review.path("comments")) {
            String lines = c.has("start_line") ? c.path("start_line").asInt() + "-" + c.path("line").asInt() : c.path("line").asText();
            say("  ┌─ " + c.path("path").asText() + ":" + lines + " (" + c.path("side").asText("RIGHT") + ")");
            say(indent(c.path("body").asText(), "  │ "));
        }
    }

    void printCheckRun(JsonNode update) {
        JsonNode output = update.path("output");
        say("");
        say("GitHub received the check run: "
                + update.path("status").asText() + ", conclusion " + update.path("conclusion").asText()
                + ", \"" + output.path("title").asText() + "\", " + output.path("annotations").size() + " annotation(s)");
        say(indent(output.path("summary").asText(""), "  │ "));
    }

    static String indent(String text, String prefix) {
        StringBuilder b = new StringBuilder();
        text.strip().lines().forEach(l -> b.append(b.isEmpty() ? "" : "\n").append(prefix).append(l));
        return b.toString();
    }

    int failed(String what) throws IOException {
        System.err.println("app-demo: " + what + ". GitHub received:");
        for (ServeEvent e : github.getAllServeEvents()) {
            System.err.println("  " + e.getResponse().getStatus() + " " + e.getRequest().getMethod() + " " + e.getRequest().getUrl());
        }
        Path log = work.resolve("serve.log");
        if (Files.exists(log)) {
            System.err.println("app-demo: the service's log:");
            System.err.println(Files.readString(log));
        }
        return 1;
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        return out;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
