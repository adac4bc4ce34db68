package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * GitHub's REST API as WireMock stubs, with response bodies shaped like GitHub's (the pull
 * request object is the one from the real webhook payload). One installation and its token; pull
 * requests with their files, contents and existing review comments; check runs, reviews and
 * reactions that answer as GitHub does.
 */
final class GitHubFake implements AutoCloseable {
    static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    static final long CHECK_RUN_ID = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    final WireMockServer wm;
    /** {@code POST /graphql}, answered from the blobs of the pull requests stubbed here. */
    final GraphQlFake graphQl = new GraphQlFake();

    GitHubFake() {
        this(new com.github.tomakehurst.wiremock.extension.Extension[0]);
    }

    /** With WireMock extensions, e.g. a transformer that answers from what the service posted. */
    GitHubFake(com.github.tomakehurst.wiremock.extension.Extension... extensions) {
        com.github.tomakehurst.wiremock.extension.Extension[] all = java.util.Arrays.copyOf(extensions, extensions.length + 1);
        all[extensions.length] = graphQl;
        wm = new WireMockServer(options().dynamicPort().containerThreads(40).jettyAcceptors(2).extensions(all));
        wm.start();
        graphQlEndpoint();
    }

    /** The GraphQL endpoint, below any stub a test adds for it (priority 10). */
    private void graphQlEndpoint() {
        wm.stubFor(post(urlEqualTo("/graphql")).atPriority(10)
                .willReturn(aResponse().withTransformers(GraphQlFake.NAME)));
    }

    /** A blob GitHub has (served by GraphQL; REST's {@code git/blobs} is stubbed by the test). */
    void blob(String content) {
        PrFile f = new PrFile("", "", content, null);
        graphQl.blob(f.blobSha(), content.getBytes(StandardCharsets.UTF_8));
    }

    String url() {
        return wm.baseUrl();
    }

    void reset() {
        wm.resetAll();
        graphQlEndpoint();
    }

    static JsonNode resource(String name) {
        try (InputStream in = GitHubFake.class.getResourceAsStream("/github/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resourceBytes(String name) {
        try (InputStream in = GitHubFake.class.getResourceAsStream("/github/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The App and one installation, as github-api asks for a token: {@code GET /app},
     * {@code GET /app/installations/{id}}, then {@code POST .../access_tokens} (201, an hour's validity).
     */
    void installation(long id) {
        ObjectNode permissions = JSON.createObjectNode().put("pull_requests", "write").put("checks", "write")
                .put("contents", "read").put("metadata", "read").put("issues", "read");
        ObjectNode app = JSON.createObjectNode().put("id", ServiceHarness.APP_ID).put("slug", "asyncguard")
                .put("node_id", "A_kwDOAAZ5ks4ABnkS").put("name", "asyncguard").put("description", "asyncio pitfalls")
                .put("external_url", "https://asyncguard.dev").put("html_url", "https://github.com/apps/asyncguard")
                .put("created_at", "2024-03-01T10:00:00Z").put("updated_at", "2024-03-01T10:00:00Z")
                .put("installations_count", 3);
        app.set("owner", JSON.createObjectNode().put("login", "Codertocat").put("id", 21031067).put("type", "User"));
        app.set("permissions", permissions.deepCopy());
        app.putArray("events").add("pull_request").add("issue_comment").add("check_run");
        wm.stubFor(get(urlEqualTo("/app")).willReturn(json(200, app)));

        ObjectNode inst = JSON.createObjectNode().put("id", id)
                .put("access_tokens_url", url() + "/app/installations/" + id + "/access_tokens")
                .put("repositories_url", url() + "/installation/repositories")
                .put("html_url", "https://github.com/settings/installations/" + id)
                .put("app_id", ServiceHarness.APP_ID).put("app_slug", "asyncguard").put("target_id", 21031067)
                .put("target_type", "User").put("repository_selection", "all")
                .put("created_at", "2024-03-02T09:30:00Z").put("updated_at", "2024-03-02T09:30:00Z");
        inst.set("account", JSON.createObjectNode().put("login", "Codertocat").put("id", 21031067).put("type", "User"));
        inst.set("permissions", permissions.deepCopy());
        inst.putArray("events").add("pull_request").add("issue_comment");
        inst.putNull("single_file_name");
        inst.putNull("suspended_at");
        wm.stubFor(get(urlEqualTo("/app/installations/" + id)).willReturn(json(200, inst)));

        ObjectNode body = JSON.createObjectNode().put("token", TOKEN)
                .put("expires_at", Instant.now().plus(Duration.ofHours(1)).toString().replaceAll("\\.\\d+Z$", "Z"));
        body.set("permissions", permissions);
        body.put("repository_selection", "all");
        wm.stubFor(post(urlEqualTo("/app/installations/" + id + "/access_tokens"))
                .willReturn(json(201, body)));
    }

    /** Forgets every stub and request, then stubs {@link PullRequests}' typical pull request under {@code installation}. */
    void resetToTypicalPullRequest(long installation) {
        reset();
        installation(installation);
        pullRequest(PullRequests.OWNER, PullRequests.REPO, PullRequests.NUMBER, PullRequests.HEAD, false,
                PullRequests.typicalFiles());
    }

    /** A changed file as GitHub's "list pull request files" returns it; {@code patch} null when GitHub omits it. */
    record PrFile(String path, String status, String content, String patch) {
        String blobSha() {
            try {
                byte[] c = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(("blob " + c.length + "\0").getBytes(StandardCharsets.US_ASCII));
                return HexFormat.of().formatHex(sha1.digest(c));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The URL of a pull request's sub-resource; a negative {@code number} matches every PR (for the bench). */
    static com.github.tomakehurst.wiremock.matching.UrlPattern pullUrl(String base, int number, String suffix) {
        return number >= 0 ? urlEqualTo(base + "/pulls/" + number + suffix)
                : com.github.tomakehurst.wiremock.client.WireMock.urlMatching(
                        java.util.regex.Pattern.quote(base + "/pulls/") + "\\d+" + java.util.regex.Pattern.quote(suffix));
    }

    /** Stubs everything a review of this PR reads: the PR, its files (paginated), contents, comments. */
    void pullRequest(String owner, String repo, int number, String headSha, boolean draft, List<PrFile> files) {
        String base = "/repos/" + owner + "/" + repo;
        repository(owner, repo, "3f9a1c0d2b4e6f8a0c1d3e5f7a9b1c2d3e4f5a6b", null);
        noRepository(owner, ".github");
        headOf(owner, repo, number, headSha, draft);
        int pages = Math.max(1, (files.size() + 99) / 100);
        for (int p = 1; p <= pages; p++) {
            ArrayNode page = JSON.createArrayNode();
            for (PrFile f : files.subList((p - 1) * 100, Math.min(files.size(), p * 100))) {
                ObjectNode o = page.addObject().put("sha", f.blobSha()).put("filename", f.path()).put("status", f.status());
                int added = f.patch() == null ? 0 : (int) f.patch().lines().filter(l -> l.startsWith("+")).count();
                int removed = f.patch() == null ? 0 : (int) f.patch().lines().filter(l -> l.startsWith("-")).count();
                o.put("additions", added).put("deletions", removed).put("changes", added + removed)
                        .put("blob_url", "https://github.com/" + owner + "/" + repo + "/blob/" + headSha + "/" + f.path())
                        .put("raw_url", "https://github.com/" + owner + "/" + repo + "/raw/" + headSha + "/" + f.path())
                        .put("contents_url", url() + base + "/contents/" + f.path() + "?ref=" + headSha);
                if (f.patch() != null) o.put("patch", f.patch());
            }
            String suffix = "/files?per_page=100" + (p == 1 ? "" : "&page=" + p);
            ResponseDefinitionBuilder response = json(200, page);
            if (p < pages) {
                // (paginated listings are stubbed for one PR number at a time)
                String next = url() + base + "/pulls/" + number + "/files?per_page=100&page=" + (p + 1);
                String last = url() + base + "/pulls/" + number + "/files?per_page=100&page=" + pages;
                response = response.withHeader("Link", "<" + next + ">; rel=\"next\", <" + last + ">; rel=\"last\"");
            }
            wm.stubFor(get(pullUrl(base, number, suffix)).willReturn(response));
        }
        graphQl.repositories.put(owner + "/" + repo, true);
        for (PrFile f : files) {
            if (f.content() == null) continue;
            byte[] bytes = f.content().getBytes(StandardCharsets.UTF_8);
            graphQl.blob(f.blobSha(), bytes);
            graphQl.blob(headSha + ":" + f.path(), bytes);
            wm.stubFor(get(urlEqualTo(base + "/contents/" + GitHubClient.encodePath(f.path()) + "?ref=" + headSha))
                    .withHeader("Accept", equalTo("application/vnd.github.raw+json"))
                    .willReturn(aResponse().withStatus(200)
                            .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                            .withHeader("ETag", "\"" + f.blobSha() + "\"")
                            .withBody(f.content())));
        }
        reviewComments(owner, repo, number, List.of());
        wm.stubFor(get(pullUrl(base, number, "/reviews?per_page=100")).willReturn(json(200, JSON.createArrayNode())));
        wm.stubFor(post(urlEqualTo(base + "/check-runs")).willReturn(json(201, checkRun(owner, repo, headSha, "in_progress"))));
        checkRunsOn(owner, repo, headSha);
        wm.stubFor(patch(urlEqualTo(base + "/check-runs/" + CHECK_RUN_ID)).willReturn(json(200, checkRun(owner, repo, headSha, "completed"))));
        ObjectNode review = JSON.createObjectNode().put("id", 80).put("node_id", "MDE3OlB1bGxSZXF1ZXN0UmV2aWV3ODA=")
                .put("body", "").put("state", "COMMENTED").put("commit_id", headSha)
                .put("html_url", "https://github.com/" + owner + "/" + repo + "/pull/" + number + "#pullrequestreview-80");
        review.set("user", bot());
        wm.stubFor(post(pullUrl(base, number, "/reviews")).willReturn(json(200, review)));
        wm.stubFor(post(urlPathMatching(base + "/issues/comments/\\d+/reactions"))
                .willReturn(json(201, JSON.createObjectNode().put("id", 1).put("content", "eyes"))));
    }

    /**
     * A repository as policy resolution reads it: {@code GET /repos/{o}/{r}} (the payload's
     * repository object, with ETag), its default branch's head sha, and {@code .github/asyncguard.yml}
     * at that commit, or a 404 when {@code policy} is null.
     */
    void repository(String owner, String repo, String branchHead, String policy) {
        ObjectNode r = (ObjectNode) resource("opened.payload.json").path("repository").deepCopy();
        r.put("name", repo).put("full_name", owner + "/" + repo).put("default_branch", "main");
        ((ObjectNode) r.path("owner")).put("login", owner);
        String base = "/repos/" + owner + "/" + repo;
        graphQl.repositories.put(owner + "/" + repo, true);
        wm.stubFor(get(urlEqualTo(base)).willReturn(json(200, r).withHeader("ETag", "W/\"repo-" + repo + "\"")));
        wm.stubFor(get(urlEqualTo(base + "/commits/main")).withHeader("Accept", equalTo("application/vnd.github.sha"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.sha; charset=utf-8")
                        .withHeader("ETag", "\"" + branchHead + "\"").withBody(branchHead)));
        String file = base + "/contents/.github/asyncguard.yml?ref=" + branchHead;
        wm.stubFor(get(urlEqualTo(file)).willReturn(policy == null ? notFound()
                : aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                        .withBody(policy)));
    }

    /** No such repository, as GitHub says it (also what an installation without access sees). */
    void noRepository(String owner, String repo) {
        wm.stubFor(get(urlEqualTo("/repos/" + owner + "/" + repo)).willReturn(notFound()));
    }

    static ResponseDefinitionBuilder notFound() {
        return json(404, JSON.createObjectNode().put("message", "Not Found")
                .put("documentation_url", "https://docs.github.com/rest").put("status", "404"));
    }

    /** GET /repos/{o}/{r}/pulls/{n}: the real payload's pull request object at {@code headSha}. */
    void headOf(String owner, String repo, int number, String headSha, boolean draft) {
        ObjectNode pr = (ObjectNode) resource("opened.payload.json").path("pull_request").deepCopy();
        pr.put("number", number).put("draft", draft).put("state", "open");
        ((ObjectNode) pr.path("head")).put("sha", headSha);
        wm.stubFor(get(pullUrl("/repos/" + owner + "/" + repo, number, ""))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .atPriority(5)
                .willReturn(json(200, pr)));
    }

    /** Review comments already on the PR (GET .../pulls/{n}/comments), e.g. the bot's from an earlier run. */
    void reviewComments(String owner, String repo, int number, List<JsonNode> comments) {
        ArrayNode arr = JSON.createArrayNode();
        comments.forEach(arr::add);
        wm.stubFor(get(pullUrl("/repos/" + owner + "/" + repo, number, "/comments?per_page=100"))
                .willReturn(json(200, arr)));
    }

    static ObjectNode bot() {
        return JSON.createObjectNode().put("login", "asyncguard[bot]").put("id", 9919).put("type", "Bot")
                .put("site_admin", false);
    }

    /** {@code GET /repos/{o}/{r}/commits/{sha}/check-runs} as GitHub lists them for our App, newest first. */
    void checkRunsOn(String owner, String repo, String sha, ObjectNode... runs) {
        ObjectNode page = JSON.createObjectNode().put("total_count", runs.length);
        page.putArray("check_runs").addAll(java.util.List.of(runs));
        wm.stubFor(get(urlPathEqualTo("/repos/" + owner + "/" + repo + "/commits/" + sha + "/check-runs"))
                .withQueryParam("check_name", equalTo("asyncguard"))
                .withQueryParam("app_id", equalTo(Long.toString(ServiceHarness.APP_ID)))
                .willReturn(json(200, page)));
    }

    ObjectNode checkRun(String owner, String repo, String sha, String status) {
        ObjectNode o = JSON.createObjectNode().put("id", CHECK_RUN_ID).put("head_sha", sha).put("node_id", "MDg6Q2hlY2tSdW40")
                .put("external_id", "").put("url", url() + "/repos/" + owner + "/" + repo + "/check-runs/" + CHECK_RUN_ID)
                .put("html_url", "https://github.com/" + owner + "/" + repo + "/runs/" + CHECK_RUN_ID)
                .put("status", status).put("name", "asyncguard");
        o.putObject("app").put("id", ServiceHarness.APP_ID).put("slug", "asyncguard");
        o.putArray("pull_requests");
        return o;
    }

    static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Limit", "5000")
                .withHeader("X-RateLimit-Remaining", "4987")
                .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()))
                .withHeader("X-GitHub-Api-Version-Selected", "2022-11-28")
                .withBody(body.toString());
    }

    void stub(MappingBuilder mapping) {
        wm.stubFor(mapping);
    }

    List<LoggedRequest> requests(RequestPatternBuilder pattern) {
        return wm.findAll(pattern);
    }

    List<JsonNode> bodies(RequestPatternBuilder pattern) {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : wm.findAll(pattern)) {
            try {
                out.add(JSON.readTree(r.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Waits until {@code pattern} has been requested {@code count} times. */
    void await(RequestPatternBuilder pattern, int count, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (wm.findAll(pattern).size() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + count + " request(s) matching " + pattern.build()
                        + "; GitHub received: " + wm.getAllServeEvents().stream()
                        .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " -> " + e.getResponse().getStatus())
                        .toList());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    Map<String, Integer> callsByRoute() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        wm.getAllServeEvents().forEach(e -> out.merge(e.getRequest().getMethod() + " "
                + e.getRequest().getUrl().replaceAll("\\?.*", "").replaceAll("/contents/.*", "/contents/*"), 1, Integer::sum));
        return out;
    }

    @Override
    public void close() {
        wm.stop();
    }
}
