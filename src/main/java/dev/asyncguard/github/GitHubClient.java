package dev.asyncguard.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call the service makes to GitHub, in one place, over {@link HttpClient}: retries with
 * backoff and jitter for 5xx, timeouts, resets and rate limits ({@code Retry-After},
 * {@code x-ratelimit-remaining: 0} + reset), pagination, conditional requests, and size-capped
 * downloads. Tokens only ever travel in the Authorization header; nothing here logs a header or a
 * request body.
 *
 * <p>App authentication is github-api's: {@link JWTTokenProvider} signs the App's JWT and
 * {@code getApp().getInstallationById(id).createToken().create()} obtains installation tokens,
 * which this class caches. github-api's requests go through {@link ExchangeConnector}, i.e. through
 * {@link #exchange}, so they share the API URL, timeouts and retry policy of the rest.
 *
 * <p>The review calls stay plain REST rather than github-api's object model: what we need
 * (reviews with {@code start_line}/{@code side}, raw contents with a size cap, the diff media type,
 * reactions, ETags with a 304 answered from our cache) is each one request that github-api either
 * lacks or wraps without those options, and one retry policy covers all of them.
 */
@Singleton
public class GitHubClient {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubClient.class);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    public static final String JSON = "application/vnd.github+json";
    /** GitHub's cap on a PR's listed files is 3,000: 30 pages of 100. */
    static final int MAX_FILE_PAGES = 30;
    static final long JSON_BODY_LIMIT = 64L * 1024 * 1024;

    private final AppCredentials credentials;
    private final RetrySettings retry;
    private final GitHubRetries retries;
    private final ObjectMapper json;
    private final ServiceMetrics metrics;
    private final HttpClient http;
    /** github-api, authenticated as the App itself (JWT); used only for {@code GET /app} (the bot's login). */
    private final GitHub app;
    /** Signs the App's JWT (github-api's), renewed by it before its ten minutes run out. */
    private final JWTTokenProvider jwt;
    /** Tokens by installation and repository ({@link TokenScope}). */
    private final ConcurrentHashMap<TokenScope, InstallationToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TokenScope, ReentrantLock> tokenLocks = new ConcurrentHashMap<>();
    /**
     * Repositories GitHub refused a token for (the installation cannot see them, e.g. an org's
     * missing {@code .github} repository), until when that answer is believed: every review reads
     * the org's policy, and asking again each time would cost two calls a review.
     */
    private final Map<TokenScope, Instant> refusedScopes = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<TokenScope, Instant> eldest) {
                    return size() > 10_000;
                }
            });
    /**
     * How long a refused token is believed: at 10 reviews a second this asks once a minute instead
     * of 600 times, and an org's {@code .github} repository created (or added to the installation)
     * meanwhile applies within the minute.
     */
    static final Duration REFUSAL_MEMORY = Duration.ofMinutes(1);
    /** The App as {@code GET /app} describes it, read once (its slug names our bot user). */
    private volatile org.kohsuke.github.GHApp appItself;

    /** A client whose conditional-answer cache is sized from the heap ({@link ConditionalBodies#bytesFor}). */
    public GitHubClient(AppCredentials credentials, RetrySettings retry, ObjectMapper json, ServiceMetrics metrics) {
        this(credentials, retry, json, metrics, 0L);
    }

    @jakarta.inject.Inject
    public GitHubClient(AppCredentials credentials, RetrySettings retry, ObjectMapper json, ServiceMetrics metrics,
                        ServiceSettings settings) {
        this(credentials, retry, json, metrics, settings.conditionalCacheBytes());
    }

    private GitHubClient(AppCredentials credentials, RetrySettings retry, ObjectMapper json, ServiceMetrics metrics,
                         long conditionalBytes) {
        this.conditional = new ConditionalBodies(ConditionalBodies.bytesFor(conditionalBytes, Runtime.getRuntime().maxMemory()));
        this.credentials = credentials;
        this.retry = retry;
        this.retries = new GitHubRetries(retry);
        this.json = json;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(retry.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                // The client's steps run on its selector thread, not each on a new virtual thread (those
                // hand-offs cost a review ms of CPU): only LimitedBody's copy of ours runs there.
                .executor(Runnable::run)
                .build();
        this.jwt = new JWTTokenProvider(Long.toString(credentials.appId()), credentials.privateKey());
        this.app = appClient(credentials);
    }

    /**
     * github-api's view of GitHub as the App. Its own rate-limit and abuse-limit handlers are set
     * to fail: {@link #exchange} has already waited as long as our policy allows before github-api
     * sees the answer.
     */
    private GitHub appClient(AppCredentials credentials) {
        try {
            return new GitHubBuilder()
                    .withEndpoint(credentials.apiUrl().toString())
                    .withAuthorizationProvider(jwt)
                    .withConnector(new ExchangeConnector(credentials.apiUrl().toString(), this::exchange))
                    .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up github-api for " + credentials.apiUrl() + ": " + e.getMessage(), e);
        }
    }

    public long appId() {
        return credentials.appId();
    }

    /**
     * The login of the App's bot user, {@code <app-slug>[bot]}: the author of every comment and
     * review we post. From {@code asyncguard.github.app-slug} when set, else from {@code GET /app}
     * (once; the answer is kept).
     */
    public String botLogin() {
        String configured = credentials.appSlug();
        if (configured != null) return configured + "[bot]";
        return appItself().getSlug() + "[bot]";
    }

    /** {@code GET /app}, once: runs that ask at the same time wait for the one answer. */
    private synchronized org.kohsuke.github.GHApp appItself() {
        org.kohsuke.github.GHApp a = appItself;
        if (a != null) return a;
        try {
            a = app.getApp();
        } catch (IOException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof GitHubException ours) throw ours;
            }
            throw new GitHubException("GET /app failed: " + e.getClass().getSimpleName(), 0);
        }
        appItself = a;
        return a;
    }

    // ---------------------------------------------------------------- pull requests

    public JsonNode pullRequest(long installation, RepoRef repo, int number) {
        return expectJson(send(installation, GitHubCall.get("pulls.get", repo.path() + "/pulls/" + number)));
    }

    /** The PR's changed files (GitHub lists at most 3,000), each as GitHub's file object. */
    public List<JsonNode> pullRequestFiles(long installation, RepoRef repo, int number) {
        return paginate(installation, "pulls.files", repo.path() + "/pulls/" + number + "/files?per_page=100", MAX_FILE_PAGES);
    }

    /** The whole PR as a unified diff; used for files whose {@code patch} GitHub left out. */
    public Optional<String> pullRequestDiff(long installation, RepoRef repo, int number) {
        Response r = send(installation, GitHubCall.get("pulls.diff", repo.path() + "/pulls/" + number)
                .accept("application/vnd.github.diff"));
        if (r.status() == 406 || r.status() == 422) {
            return Optional.empty();    // "diff too large": the caller notes it per file
        }
        check(r);
        return Optional.of(new String(r.body(), StandardCharsets.UTF_8));
    }

    public List<JsonNode> reviewComments(long installation, RepoRef repo, int number) {
        return paginate(installation, "pulls.comments", repo.path() + "/pulls/" + number + "/comments?per_page=100", 30);
    }

    /**
     * Posts a review: {@code review} is the request body as {@code GithubReviewJson} wrote it, sent
     * as is. {@code marker} is a string unique to this run that the review's body carries: if a
     * retry follows a timeout or 5xx, the PR's reviews are searched for it first, so that an
     * attempt GitHub did process is not posted twice.
     */
    public JsonNode createReview(long installation, RepoRef repo, int number, String review, String marker) {
        GitHubCall call = new GitHubCall("pulls.review", "POST", repo.path() + "/pulls/" + number + "/reviews", JSON,
                review.getBytes(StandardCharsets.UTF_8), JSON_BODY_LIMIT, null, List.of(), null)
                .landed(() -> reviews(installation, repo, number).stream()
                        .filter(r -> r.path("body").asText("").contains(marker))
                        .findFirst());
        return expectJson(send(installation, call));
    }

    /** The PR's reviews (all pages GitHub lists, up to 3,000), oldest first as GitHub returns them. */
    public List<JsonNode> reviews(long installation, RepoRef repo, int number) {
        return paginate(installation, "pulls.reviews", repo.path() + "/pulls/" + number + "/reviews?per_page=100", 30);
    }

    /** Dismisses a review ({@code PUT .../reviews/{id}/dismissals}); GitHub shows {@code message} in its place. */
    public void dismissReview(long installation, RepoRef repo, int number, long reviewId, String message) {
        ObjectNode body = json.createObjectNode().put("message", message).put("event", "DISMISS");
        check(send(installation, new GitHubCall("pulls.dismiss", "PUT", repo.path() + "/pulls/" + number + "/reviews/"
                + reviewId + "/dismissals", JSON, GitHubCall.bytes(body), JSON_BODY_LIMIT, null, List.of(), null)));
    }

    public void addReaction(long installation, RepoRef repo, long commentId, String content) {
        ObjectNode body = json.createObjectNode().put("content", content);
        check(send(installation, GitHubCall.post("reactions.create",
                repo.path() + "/issues/comments/" + commentId + "/reactions", body)));
    }

    // ---------------------------------------------------------------- check runs

    /**
     * Creates a check run. The body's {@code external_id} must be unique to this run: if a retry
     * follows a timeout or 5xx, the head's check runs are searched for it first, so that an
     * attempt GitHub did process does not leave a second, never-completed check run.
     */
    public long createCheckRun(long installation, RepoRef repo, JsonNode body) {
        String externalId = body.path("external_id").asText("");
        String headSha = body.path("head_sha").asText("");
        String name = body.path("name").asText("");
        GitHubCall call = GitHubCall.post("checks.create", repo.path() + "/check-runs", body);
        if (!externalId.isEmpty() && !headSha.isEmpty()) {
            call = call.landed(() -> checkRuns(installation, repo, headSha, name).stream()
                    .filter(run -> externalId.equals(run.path("external_id").asText()))
                    .findFirst());
        }
        return expectJson(send(installation, call)).path("id").asLong();
    }

    /** This App's check runs named {@code name} on a commit, newest first (all of them, not only the latest). */
    public List<JsonNode> checkRuns(long installation, RepoRef repo, String sha, String name) {
        JsonNode page = expectJson(send(installation, GitHubCall.get("checks.list", repo.path() + "/commits/" + enc(sha)
                + "/check-runs?check_name=" + enc(name) + "&app_id=" + appId() + "&filter=all&per_page=100")));
        List<JsonNode> runs = new ArrayList<>();
        page.path("check_runs").forEach(runs::add);
        return runs;
    }

    public void updateCheckRun(long installation, RepoRef repo, long checkRunId, JsonNode body) {
        check(send(installation, GitHubCall.patch("checks.update", repo.path() + "/check-runs/" + checkRunId, body)));
    }

    // ---------------------------------------------------------------- contents

    /** A file's bytes at {@code ref}, or {@code tooLarge} when it exceeds {@code limit} bytes. */
    public record FileBytes(byte[] bytes, boolean tooLarge) {}

    /**
     * A file's content at a commit via the contents API (raw media type). When the contents API
     * refuses the file as too large, the blob API (by the file's blob SHA) serves it instead.
     */
    public FileBytes fileContent(long installation, RepoRef repo, String path, String ref, String blobSha, long limit) {
        Response r = send(installation, GitHubCall.get("contents.get",
                        repo.path() + "/contents/" + encodePath(path) + "?ref=" + enc(ref))
                .accept("application/vnd.github.raw+json").limit(limit));
        if ((r.status() == 403 || r.status() == 422) && blobSha != null && r.text().contains("too_large")) {
            r = send(installation, GitHubCall.get("git.blob", repo.path() + "/git/blobs/" + blobSha)
                    .accept("application/vnd.github.raw+json").limit(limit));
        }
        check(r);
        return RawContent.of(r.header("content-type"), r.body(), r.truncated());
    }

    /**
     * The whole tree of a commit in one call ({@code GET /repos/{o}/{r}/git/trees/{sha}?recursive=1}):
     * its {@code tree} array of {@code path}, {@code type}, {@code sha}, {@code size}; GitHub sets
     * {@code truncated} on very large trees.
     */
    public JsonNode tree(long installation, RepoRef repo, String commitSha) {
        String path = repo.path() + "/git/trees/" + enc(commitSha) + "?recursive=1";
        return expectJson(sendConditional(installation, GitHubCall.get("git.tree", path), installation + " " + JSON + " " + path));
    }

    /** A blob's bytes by its SHA (raw media type), or {@code tooLarge} past {@code limit} bytes. */
    public FileBytes blob(long installation, RepoRef repo, String blobSha, long limit) {
        Response r = send(installation, GitHubCall.get("git.blob", repo.path() + "/git/blobs/" + enc(blobSha))
                .accept("application/vnd.github.raw+json").limit(limit));
        check(r);
        return RawContent.of(r.header("content-type"), r.body(), r.truncated());
    }

    // ---------------------------------------------------------------- GraphQL

    /**
     * Many blobs of one repository in one GraphQL query ({@link BlobTextsQuery}: what is asked,
     * and what of the answer is taken), with the run's repository-scoped token. One attempt, no
     * waiting: GraphQL only saves calls, and REST serves whatever it cannot.
     *
     * @throws GitHubRateLimited when GitHub refuses the query for a rate limit (GraphQL's own points,
     *                           answered 200 with a {@code RATE_LIMITED} error, or a secondary limit)
     * @throws GitHubException   for any other failure (no endpoint, a 502, a timeout, errors and no data)
     */
    public BlobTexts blobTexts(long installation, RepoRef repo, List<String> objects, long maxBytes) {
        Response r = send(installation, repo.name(), new GitHubCall("graphql.blobs", "POST", credentials.graphQlUrl(), JSON,
                GitHubCall.bytes(BlobTextsQuery.body(json, repo, objects)), JSON_BODY_LIMIT, null, List.of(), null), 1);
        if (GitHubRetries.rateLimited(r)) {
            throw new GitHubRateLimited(r.call() + ": GitHub answered " + r.status() + " for a rate limit", r.status(),
                    retries.retryDelay(r, 1).orElse(Duration.ofMinutes(1)));
        }
        JsonNode answer = expectJson(r);
        if (r.truncated()) {
            throw new GitHubException(r.call() + ": GitHub's answer is larger than " + JSON_BODY_LIMIT + " bytes", r.status());
        }
        return BlobTextsQuery.read(r.call(), answer, r.header("x-ratelimit-reset").flatMap(GitHubRetries::seconds),
                objects, maxBytes, metrics);
    }

    /** Bodies of conditional GETs by installation, media type and URL, so that a 304 can answer from here. */
    private final ConditionalBodies conditional;

    /**
     * A GET sent with {@code If-None-Match} when an earlier answer carried an ETag; GitHub answers
     * 304 without charging the rate limit, and the cached body is returned. Empty on 404.
     */
    public Optional<byte[]> getConditional(long installation, String route, String path, String accept) {
        return getConditional(installation, route, path, accept, 1024 * 1024);
    }

    /** {@link #getConditional(long, String, String, String)} for answers of up to {@code limit} bytes. */
    Optional<byte[]> getConditional(long installation, String route, String path, String accept, long limit) {
        // Per installation: an answer one installation could see is never served to another.
        String key = installation + " " + accept + " " + path;
        Response r = sendConditional(installation, GitHubCall.get(route, path).accept(accept).limit(limit), key);
        if (r.status() == 404) return Optional.empty();
        check(r);
        if (r.truncated()) {
            throw new GitHubException(r.call() + ": GitHub's answer is larger than " + limit + " bytes", r.status());
        }
        return Optional.of(r.body());
    }

    /**
     * Sends a GET with {@code If-None-Match} when an answer to the same request (by {@code key},
     * which names the installation) carried an ETag, and answers a 304 with that earlier answer.
     * Complete 2xx answers with an ETag are kept for the next time.
     */
    private Response sendConditional(long installation, GitHubCall call, String key) {
        return sendConditional(installation, repositoryOf(call.path()), call, key);
    }

    private Response sendConditional(long installation, String repository, GitHubCall call, String key) {
        ConditionalBodies.Entry cached = conditional.get(key);
        if (cached != null) call = call.header("If-None-Match", cached.etag());
        Response r = send(installation, repository, call, retry.maxAttempts());
        if (r.status() == 304 && cached != null) {
            return new Response(r.call(), 200, cached.headers(), cached.body(), false);
        }
        if (r.status() / 100 == 2 && !r.truncated()) {
            r.header("etag").ifPresent(etag -> conditional.put(key, etag, r.body(), r.headers()));
        }
        return r;
    }

    // ---------------------------------------------------------------- installation tokens

    private record InstallationToken(String value, Instant refreshAt) {}

    /**
     * What a token may touch: one installation, and within it one repository (null: the whole
     * installation, which only the tests ask for).
     */
    private record TokenScope(long installation, String repository) {}

    /**
     * The permissions a review run needs, and no more: read the code, write reviews (and reactions
     * on PR comments, which pull request write covers) and check runs. Asked for in every token
     * request, together with the one repository, so that a leaked token can do little.
     */
    static final Map<String, GHPermissionType> RUN_PERMISSIONS = Map.of(
            "pull_requests", GHPermissionType.WRITE, "checks", GHPermissionType.WRITE,
            "contents", GHPermissionType.READ, "metadata", GHPermissionType.READ);

    private static final Pattern REPO_PATH = Pattern.compile("^/repos/[^/]+/([^/?]+)");

    /** An installation-wide token (as narrow in permissions as a run's). */
    String installationToken(long installation) {
        return installationToken(new TokenScope(installation, null));
    }

    /**
     * A cached installation token, renewed five minutes before GitHub lets it expire. github-api
     * asks for it as the App: {@code GET /app}, {@code GET /app/installations/{id}}, then
     * {@code POST /app/installations/{id}/access_tokens} with {@code repositories} and
     * {@code permissions} narrowed to the scope.
     */
    private String installationToken(TokenScope installation) {
        InstallationToken t = tokens.get(installation);
        if (t != null && Instant.now().isBefore(t.refreshAt())) {
            return t.value();
        }
        // One fetch per installation at a time: the runs that arrive meanwhile wait for its token
        // instead of each minting one (GitHub counts token creation against the App's rate limit).
        ReentrantLock lock = tokenLocks.computeIfAbsent(installation, k -> new ReentrantLock());
        lock.lock();
        try {
            t = tokens.get(installation);
            if (t != null && Instant.now().isBefore(t.refreshAt())) {
                return t.value();
            }
            return fetchInstallationToken(installation);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code rejected} (GitHub answered 401 to it), unless another run already replaced it. */
    private void forgetToken(TokenScope installation, String rejected) {
        tokens.computeIfPresent(installation, (k, t) -> t.value().equals(rejected) ? null : t);
    }

    /**
     * {@code POST /app/installations/{id}/access_tokens} as the App (its JWT), straight away: the
     * installation's id comes with every delivery, so there is nothing to look up first (github-api's
     * {@code getInstallationById} would add a {@code GET /app/installations/{id}} to every token).
     */
    private String fetchInstallationToken(TokenScope scope) {
        long installation = scope.installation();
        ObjectNode body = json.createObjectNode();
        if (scope.repository() != null) body.putArray("repositories").add(scope.repository());
        ObjectNode permissions = body.putObject("permissions");
        new java.util.TreeMap<>(RUN_PERMISSIONS).forEach((name, level) -> permissions.put(name, level.name().toLowerCase(java.util.Locale.ROOT)));
        String path = "/app/installations/" + installation + "/access_tokens";
        Response r;
        try {
            r = exchange(GitHubCall.post("apps.token", path, body).bearer(appJwt()));
        } catch (GitHubRateLimited e) {
            throw e;
        } catch (GitHubException e) {
            throw new GitHubException("installation token for " + installation + ": " + e.getMessage(), e.status());
        }
        if (r.status() != 201 && r.status() != 200) {
            String message = "";
            try {
                message = json.readTree(r.body()).path("message").asText("");
            } catch (IOException | RuntimeException ignored) {
                // not GitHub's JSON error body: the status says enough
            }
            throw new GitHubException("installation token for " + installation + ": " + path
                    + ": GitHub answered " + r.status() + (message.isEmpty() ? "" : " (" + message + ")"), r.status());
        }
        JsonNode created;
        try {
            created = json.readTree(r.body());
        } catch (IOException e) {
            throw new GitHubException("installation token for " + installation + ": GitHub's answer is not JSON", r.status());
        }
        String value = created.path("token").asText("");
        if (value.isEmpty()) {
            throw new GitHubException("GitHub returned no installation token for installation " + installation, 0);
        }
        Instant expires = Instant.now().plus(Duration.ofHours(1));
        try {
            expires = Instant.parse(created.path("expires_at").asText());
        } catch (RuntimeException e) {
            LOG.warn("installation token for {} has no readable expires_at; assuming one hour", installation);
        }
        tokens.put(scope, new InstallationToken(value, expires.minus(Duration.ofMinutes(5))));
        return value;
    }

    /** The App's JWT (without {@code Bearer }), as github-api's provider signs and renews it. */
    private String appJwt() {
        try {
            String auth = jwt.getEncodedAuthorization();
            return auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : auth;
        } catch (IOException | RuntimeException e) {
            throw new GitHubException("cannot sign the App's JWT: " + e.getClass().getSimpleName(), 0);
        }
    }

    // ---------------------------------------------------------------- the exchange itself

    /** A response; {@code truncated} when the body was longer than the call's limit (the rest is dropped). */
    record Response(String call, int status, java.net.http.HttpHeaders headers, byte[] body, boolean truncated) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends with an installation token for the call's repository only; a 401 (token revoked early)
     * gets one fresh token and one more try. When GitHub refuses a token for that repository
     * (the installation cannot see it: 404/422), the call is answered 404, as GitHub would answer
     * it for a repository the installation cannot see.
     */
    private Response send(long installation, GitHubCall call) {
        return send(installation, repositoryOf(call.path()), call, retry.maxAttempts());
    }

    /** The repository a {@code /repos/{owner}/{name}/...} path (or URL) names, or null. */
    private static String repositoryOf(String path) {
        Matcher repo = REPO_PATH.matcher(path.startsWith("http") ? URI.create(path).getRawPath() : path);
        return repo.find() ? repo.group(1) : null;
    }

    /**
     * {@link #send(long, GitHubCall)} with the token's repository named (a GraphQL call's URL names none:
     * it still gets the run's narrow token) and at most {@code attempts} attempts.
     */
    private Response send(long installation, String repository, GitHubCall call, int attempts) {
        TokenScope scope = new TokenScope(installation, repository);
        String token;
        Instant refusedUntil = refusedScopes.get(scope);
        if (refusedUntil != null && Instant.now().isBefore(refusedUntil)) {
            return notFound(call);
        }
        try {
            token = installationToken(scope);
        } catch (GitHubException e) {
            if (scope.repository() == null || (e.status() != 404 && e.status() != 422)) throw e;
            LOG.info("{}: installation {} has no access to {} ({})", call.describe(), installation, scope.repository(), e.status());
            // 422: the repository is not among the installation's (believed a while); 404: no such
            // installation (yet): not remembered, so that a service started before its App was set up recovers at once.
            if (e.status() == 422) refusedScopes.put(scope, Instant.now().plus(REFUSAL_MEMORY));
            return notFound(call);
        }
        Response r = exchange(call.bearer(token), attempts);
        if (r.status() == 401) {
            forgetToken(scope, token);
            r = exchange(call.bearer(installationToken(scope)), attempts);
        }
        return r;
    }

    /** GitHub's answer for a repository the installation cannot see. */
    private static Response notFound(GitHubCall call) {
        return new Response(call.describe(), 404, java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true),
                "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8), false);
    }

    private List<JsonNode> paginate(long installation, String route, String firstPath, int maxPages) {
        List<JsonNode> all = new ArrayList<>();
        String path = firstPath;
        // GitHub's next links name the repository by id (/repositories/{id}/...): every page keeps the first's narrow token.
        String repository = repositoryOf(firstPath);
        for (int page = 1; path != null && page <= maxPages; page++) {
            // Conditional: a listing unchanged since the last run (a re-run, a /recheck) costs no rate limit.
            Response r = sendConditional(installation, repository, GitHubCall.get(route, path), installation + " " + JSON + " " + path);
            JsonNode items = expectJson(r);
            if (!items.isArray()) {
                throw new GitHubException(r.call() + ": expected a JSON array from GitHub", r.status());
            }
            items.forEach(all::add);
            path = r.header("link").map(GitHubClient::nextLink).orElse(null);
        }
        return all;
    }

    private static String nextLink(String linkHeader) {
        Matcher m = NEXT_LINK.matcher(linkHeader);
        return m.find() ? m.group(1) : null;
    }

    /** Sends one call, retrying what GitHub or the network says is worth retrying. */
    Response exchange(GitHubCall call) {
        return exchange(call, retry.maxAttempts());
    }

    /** {@link #exchange(GitHubCall)} within at most {@code attempts} attempts (fewer than configured, never more). */
    private Response exchange(GitHubCall call, int attempts) {
        int maxAttempts = Math.max(1, Math.min(attempts, retry.maxAttempts()));
        URI uri = call.path().startsWith("http") ? URI.create(call.path())
                : URI.create(credentials.apiUrl() + call.path());
        for (int attempt = 1; ; attempt++) {
            Response r;
            try {
                r = once(call, uri);
            } catch (IOException e) {
                metrics.gitHubCall(call.route(), "io");
                if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
                    throw new GitHubException(call.describe() + " interrupted", 0);
                }
                if (attempt >= maxAttempts) {
                    throw new GitHubException(call.describe() + " failed after " + attempt + " attempts: "
                            + failureName(e), 0);
                }
                LOG.info("{} attempt {} failed ({}); retrying", call.describe(), attempt, failureName(e));
                GitHubRetries.sleep(retries.backoff(attempt));
                Optional<Response> done = landed(call);
                if (done.isPresent()) return done.get();
                continue;
            }
            metrics.gitHubCall(call.route(), Integer.toString(r.status()));
            // A GraphQL answer counts GraphQL's own points (x-ratelimit-resource: graphql): the gauge follows REST's.
            boolean graphQl = r.header("x-ratelimit-resource").map("graphql"::equalsIgnoreCase).orElse(false);
            r.header("x-ratelimit-remaining").filter(v -> !graphQl).ifPresent(v -> {
                try {
                    metrics.rateLimitRemaining(Long.parseLong(v.strip()));
                } catch (NumberFormatException ignored) {
                    // a proxy mangled the header; the gauge keeps its last value
                }
            });
            Optional<Duration> wait = retries.retryDelay(r, attempt);
            if (wait.isEmpty()) return r;
            if (wait.get().compareTo(retry.maxRetryAfter()) > 0 && GitHubRetries.rateLimited(r)) {
                // Waiting here would hold a worker for minutes: the job goes back on the queue instead.
                LOG.warn("{} is rate limited for {} s, longer than the {} s we wait; deferring", call.describe(),
                        wait.get().toSeconds(), retry.maxRetryAfter().toSeconds());
                throw new GitHubRateLimited(call.describe() + ": GitHub's rate limit resets in "
                        + wait.get().toSeconds() + " s", r.status(), wait.get());
            }
            if (attempt >= maxAttempts) {
                // Still limited after our retries (a secondary limit names no time): GitHub asks for at least a minute, on the queue.
                if (GitHubRetries.rateLimited(r)) throw new GitHubRateLimited(call.describe() + ": still rate limited after " + attempt + " attempts", r.status(), Duration.ofMinutes(1));
                return r;
            }
            if (wait.get().compareTo(retry.maxRetryAfter()) > 0) {
                LOG.warn("{} answered {} with a wait of {} s, longer than the {} s we wait", call.describe(),
                        r.status(), wait.get().toSeconds(), retry.maxRetryAfter().toSeconds());
                return r;
            }
            LOG.info("{} answered {}; retrying in {} ms (attempt {})", call.describe(), r.status(),
                    wait.get().toMillis(), attempt + 1);
            GitHubRetries.sleep(wait.get());
            if (r.status() >= 500) {
                Optional<Response> done = landed(call);
                if (done.isPresent()) return done.get();
            }
        }
    }

    /** For a call that must not repeat: its effect, if an earlier attempt already had one. */
    private Optional<Response> landed(GitHubCall call) {
        if (call.landed() == null) return Optional.empty();
        Optional<JsonNode> found;
        try {
            found = call.landed().get();
        } catch (GitHubException e) {
            // Not knowing is not knowing it landed: the call is sent again, as it would be without a probe.
            LOG.info("{}: could not tell whether it had landed ({}); sending it again", call.describe(), e.getMessage());
            return Optional.empty();
        }
        found.ifPresent(x -> LOG.info("{} had landed before it failed; not sending it again", call.describe()));
        return found.map(node -> new Response(call.describe(), 200, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true),
                node.toString().getBytes(StandardCharsets.UTF_8), false));
    }

    /**
     * One attempt. The request timeout bounds the whole exchange, headers and body: Java's
     * {@link HttpRequest#timeout} stops at the headers, and a server that sends them and then
     * stalls the body would otherwise hold the run forever. Bodies past the call's limit are cut
     * there and the rest is never read.
     */
    private Response once(GitHubCall call, URI uri) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(retry.requestTimeout())
                .header("Accept", call.accept())
                .header("User-Agent", "asyncguard")
                .header("X-GitHub-Api-Version", "2022-11-28");
        if (call.authorization() != null) b.header("Authorization", call.authorization());
        for (int i = 0; i < call.extraHeaders().size(); i += 2) {
            b.header(call.extraHeaders().get(i), call.extraHeaders().get(i + 1));
        }
        if (call.body() != null) {
            b.header("Content-Type", "application/json");
            b.method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        LimitedBody body = new LimitedBody(call.limit());
        CompletableFuture<HttpResponse<LimitedBody.Result>> pending = http.sendAsync(b.build(), info -> body.sizedFor(info.headers()));
        try {
            HttpResponse<LimitedBody.Result> resp = pending.get(retry.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return new Response(call.describe(), resp.statusCode(), resp.headers(), resp.body().bytes(), resp.body().truncated());
        } catch (TimeoutException e) {
            body.abandon();
            pending.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + retry.requestTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause() == null ? "failed" : e.getCause().getClass().getSimpleName(), e.getCause());
        } catch (InterruptedException e) {
            body.abandon();
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling GitHub");
        }
    }

    private static String failureName(IOException e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + " (" + e.getMessage() + ")";
    }


    private void check(Response r) {
        if (r.status() / 100 != 2) {
            throw failure(r);
        }
    }

    private JsonNode expectJson(Response r) {
        check(r);
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new GitHubException(r.call() + ": GitHub answered " + r.status() + " with a body that is not JSON", r.status());
        }
    }

    private GitHubException failure(Response r) {
        String message = "";
        try {
            message = json.readTree(r.body()).path("message").asText("");
        } catch (IOException | RuntimeException ignored) {
            // not JSON: the status says enough
        }
        return new GitHubException(r.call() + ": GitHub answered " + r.status()
                + (message.isEmpty() ? "" : " (" + message + ")"), r.status());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Encodes each path segment but keeps the slashes, as the contents API expects. */
    public static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String seg : path.split("/", -1)) {
            if (!sb.isEmpty()) sb.append('/');
            sb.append(enc(seg).replace("+", "%20"));
        }
        return sb.toString();
    }
}
