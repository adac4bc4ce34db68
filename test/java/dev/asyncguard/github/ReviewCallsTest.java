package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What one review of a 10-file pull request costs in GitHub calls, counted from WireMock's journal
 * with a GitHub that answers as GitHub does: a token for a repository the installation cannot see
 * (the org's missing {@code .github}) refused with 422, and 304 to an {@code If-None-Match} that
 * matches the ETag (GitHub charges no rate limit for a 304). The exact calls are asserted, in
 * order where the service makes them one after another: the first review of a service (two tokens —
 * one refused —, the policy, the default branch's tree) and a later one, which makes 6 calls beyond
 * fetching its files, one of them a free 304: the branch head (304), the PR's files and reviews, its
 * head again before posting, the review, and the check run created already completed (the job took
 * less than {@code check-run-after}: no {@code queued} check run first, no update). Its ten files take
 * one GraphQL query (1 point of the installation's GraphQL limit) instead of ten REST calls
 * ({@link ReviewCallsOverRestTest}: the same with GraphQL off), and a second pull request whose
 * files have the same blobs fetches none of them. Nothing follows the check run, not even once
 * {@code check-run-after} has passed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewCallsTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String BRANCH_HEAD = "3f9a1c0d2b4e6f8a0c1d3e5f7a9b1c2d3e4f5a6b";
    static final String POLICY = "review:\n  max_comments: 3\n";
    static final String BASE = PullRequests.BASE;

    /** The service's default: a check run shows only for a job that takes 2 s. */
    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.jobs.check-run-after", "2s");
    }

    @BeforeAll
    void gitHub() {
        github.installation(INSTALLATION);
        github.stub(post(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens"))
                .withRequestBody(matchingJsonPath("$.repositories[0]", equalTo(".github"))).atPriority(1)
                .willReturn(GitHubFake.json(422, GitHubFake.JSON.createObjectNode().put("message",
                        "There is at least one repository that does not exist or is not accessible to the parent installation."))));
    }

    /** Ten changed modules, each with one new blocking sleep, their content marked with {@code revision}. */
    static List<GitHubFake.PrFile> files(String revision) {
        return files(revision, 10);
    }

    /** {@code count} changed modules, each with one new blocking sleep, their content marked with {@code revision}. */
    static List<GitHubFake.PrFile> files(String revision, int count) {
        List<GitHubFake.PrFile> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new GitHubFake.PrFile("app/mod" + i + ".py", "modified",
                    PullRequests.WORKER + "# module " + i + ", " + revision + "\n", PullRequests.WORKER_PATCH));
        }
        return out;
    }

    /** PR {@code number} at {@code head}, on a repository with a policy file at its default branch's head. */
    void pullRequest(int number, String head, List<GitHubFake.PrFile> files) {
        github.pullRequest(OWNER, REPO, number, head, false, files);
        github.repository(OWNER, REPO, BRANCH_HEAD, POLICY);
        // GitHub answers 304 to a conditional read of an unchanged branch head.
        github.stub(get(urlEqualTo(BASE + "/commits/main")).withHeader("If-None-Match", equalTo("\"" + BRANCH_HEAD + "\""))
                .atPriority(1).willReturn(aResponse().withStatus(304).withHeader("ETag", "\"" + BRANCH_HEAD + "\"")));
        // The default branch's tree: the modules the PR changes, as they were, and a helper.
        ObjectNode tree = GitHubFake.JSON.createObjectNode().put("sha", BRANCH_HEAD).put("truncated", false);
        ArrayNode entries = tree.putArray("tree");
        for (GitHubFake.PrFile f : files("main")) {
            entries.addObject().put("path", f.path()).put("mode", "100644").put("type", "blob").put("sha", f.blobSha())
                    .put("size", f.content().length());
        }
        github.stub(get(urlPathEqualTo(BASE + "/git/trees/" + BRANCH_HEAD)).willReturn(GitHubFake.json(200, tree)));
    }

    byte[] delivery(int number, String head) throws java.io.IOException {
        ObjectNode p = (ObjectNode) GitHubFake.JSON.readTree(PullRequests.pullRequestEvent("opened.payload.json", "opened", head, false));
        p.put("number", number);
        ((ObjectNode) p.path("pull_request")).put("number", number);
        ((ObjectNode) p.path("repository")).put("default_branch", "main");    // the repository's, as GitHub sends it
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Delivers PR {@code number}, waits for its check run to complete, and past the moment a
     * {@code queued} check run would show (nothing may follow); GitHub's calls in the order made.
     */
    List<ServeEvent> review(int number, String head) throws Exception {
        github.wm.resetRequests();
        assertEquals(202, service.deliver("pull_request", delivery(number, head)).statusCode());
        github.await(anyRequestedFor(urlPathMatching(BASE + "/check-runs(/\\d+)?"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), 1, WAIT);
        Thread.sleep(2500);
        List<ServeEvent> events = new ArrayList<>(github.wm.getAllServeEvents());
        java.util.Collections.reverse(events);   // WireMock lists the newest first
        return events;
    }

    /** A call as "METHOD path status" with the query string left out and PR numbers as {n}. */
    static String call(ServeEvent e) {
        return e.getRequest().getMethod() + " " + e.getRequest().getUrl().replaceAll("\\?.*", "")
                .replaceAll("/pulls/\\d+", "/pulls/{n}").replaceAll("/contents/app/mod\\d+\\.py", "/contents/app/mod{i}.py")
                + " " + e.getResponse().getStatus();
    }

    static List<String> calls(List<ServeEvent> events) {
        return events.stream().map(ReviewCallsTest::call).toList();
    }

    /** Asserts the calls made, as a multiset (some go side by side), and that {@code ordered} came in that order. */
    static void assertCalls(List<String> expected, List<String> ordered, List<ServeEvent> events) {
        List<String> made = calls(events);
        assertEquals(new TreeMap<>(count(expected)), new TreeMap<>(count(made)), "calls made, in order: " + made);
        int at = -1;
        for (String c : ordered) {
            int i = made.indexOf(c);
            assertTrue(i > at, c + " after " + (at < 0 ? "nothing" : made.get(at)) + ", in order: " + made);
            at = i;
        }
    }

    private static Map<String, Long> count(List<String> calls) {
        return calls.stream().collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()));
    }

    static Map<String, Integer> routes(List<ServeEvent> events) {
        Map<String, Integer> out = new TreeMap<>();
        for (ServeEvent e : events) {
            out.merge(e.getRequest().getMethod() + " " + e.getRequest().getUrl().replaceAll("\\?.*", "")
                    + " " + e.getResponse().getStatus(), 1, Integer::sum);
        }
        return out;
    }

    static boolean fileFetch(ServeEvent e) {
        String url = e.getRequest().getUrl();
        return url.contains("/contents/app/") || url.contains("/git/blobs/");
    }

    static boolean graphQlQuery(ServeEvent e) {
        return e.getRequest().getUrl().equals("/graphql");
    }

    /** Whether this service reads blobs through GraphQL (the default). */
    boolean graphQl() {
        return true;
    }

    double graphQlPoints() {
        var c = service.context().getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("asyncguard.github.graphql.points").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    @Order(1)
    void aTenFileReviewMakesSixCallsBeyondItsFilesAndTheFirstReviewSaysWhatItReadsOnce() throws Exception {
        pullRequest(51, "5100000000000000000000000000000000000051", files("pr 51"));
        List<ServeEvent> first = review(51, "5100000000000000000000000000000000000051");
        String blobs = graphQl() ? "POST /graphql 200" : "GET " + BASE + "/contents/app/mod{i}.py 200";
        List<String> firstCalls = new ArrayList<>(List.of(
                // one token per repository, asked for as the App straight away (no installation lookup);
                // the org's .github is not among the installation's repositories: refused, and remembered
                "POST /app/installations/1/access_tokens 422", "POST /app/installations/1/access_tokens 201",
                // the policy at the default branch's head (the delivery names the branch): head, file,
                // pyproject.toml (none here)
                "GET " + BASE + "/commits/main 200",
                "GET " + BASE + "/contents/.github/asyncguard.yml 200", "GET " + BASE + "/contents/pyproject.toml 404",
                "GET " + BASE + "/pulls/{n}/files 200", "GET " + BASE + "/pulls/{n}/reviews 200",
                "GET " + BASE + "/pulls/{n} 200",
                // the default branch's tree, once per head: which imported modules are the repository's
                "GET " + BASE + "/git/trees/" + BRANCH_HEAD + " 200",
                "POST " + BASE + "/pulls/{n}/reviews 200", "POST " + BASE + "/check-runs 201"));
        for (int i = 0; i < (graphQl() ? 1 : 10); i++) firstCalls.add(blobs);
        // A service's first review (classes loading, the JIT cold) may take longer than check-run-after:
        // its check run then shows in progress while it runs, and is completed by one update.
        String completion = "PATCH " + BASE + "/check-runs/" + GitHubFake.CHECK_RUN_ID + " 200";
        boolean shown = calls(first).contains(completion);
        if (shown) firstCalls.add(completion);
        assertCalls(firstCalls, List.of("POST /app/installations/1/access_tokens 201", "GET " + BASE + "/pulls/{n}/files 200",
                blobs, "POST " + BASE + "/pulls/{n}/reviews 200"), first);
        JsonNode created = github.bodies(postRequestedFor(urlEqualTo(BASE + "/check-runs"))).get(0);
        assertEquals(shown ? "in_progress" : "completed", created.path("status").asText(), created.toString());
        if (!shown) assertEquals("10 asyncio pitfalls (10 warnings)", created.path("output").path("title").asText(), created.toString());
        assertTrue(created.path("external_id").asText().startsWith("asyncguard:"), created.toString());

        pullRequest(52, "5200000000000000000000000000000000000052", files("pr 52"));
        double pointsBefore = graphQlPoints();
        List<ServeEvent> events = review(52, "5200000000000000000000000000000000000052");
        List<String> later = new ArrayList<>(List.of("GET " + BASE + "/commits/main 304",
                "GET " + BASE + "/pulls/{n}/files 200", "GET " + BASE + "/pulls/{n}/reviews 200", "GET " + BASE + "/pulls/{n} 200",
                "POST " + BASE + "/pulls/{n}/reviews 200", "POST " + BASE + "/check-runs 201"));
        for (int i = 0; i < (graphQl() ? 1 : 10); i++) later.add(blobs);
        assertCalls(later, List.of("GET " + BASE + "/pulls/{n}/files 200", blobs, "POST " + BASE + "/pulls/{n}/reviews 200",
                "POST " + BASE + "/check-runs 201"), events);
        long rest = events.stream().filter(ReviewCallsTest::fileFetch).count();
        long queries = events.stream().filter(ReviewCallsTest::graphQlQuery).count();
        long files = rest + queries;
        long charged = events.stream().filter(e -> e.getResponse().getStatus() != 304).count();
        if (graphQl()) {
            assertEquals(1, queries, "the ten changed files (new content) in one GraphQL query: " + routes(events));
            assertEquals(0, rest, "none of them over REST: " + routes(events));
            assertEquals(1.0, graphQlPoints() - pointsBefore, "a query of objects by id costs GitHub's minimum, 1 point");
        } else {
            assertEquals(10, rest, "each changed file (new content) fetched once: " + routes(events));
            assertEquals(0, queries, routes(events).toString());
            assertEquals(0.0, graphQlPoints() - pointsBefore);
        }
        assertTrue(charged - files <= 6, "at most 6 calls charged beyond the files, made " + (charged - files)
                + ": " + routes(events));
        assertTrue(events.size() - files <= 6, "6 calls beyond the files, the 304 included: " + routes(events));

        // The policy's branch head was asked for conditionally (304), and its file served from the parsed cache.
        assertTrue(events.stream().anyMatch(e -> e.getRequest().getUrl().equals(BASE + "/commits/main")
                && e.getResponse().getStatus() == 304), routes(events).toString());
        assertTrue(events.stream().noneMatch(e -> e.getRequest().getUrl().contains("asyncguard.yml")), routes(events).toString());
        JsonNode posted = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/52/reviews"))).get(0);
        assertEquals(3, posted.path("comments").size(), "the policy (max_comments: 3) applies: " + posted);
    }

    @Test
    @Order(2)
    void aSecondPullRequestWithTheSameBlobsFetchesNone() throws Exception {
        List<ServeEvent> events = new ArrayList<>();
        pullRequest(53, "5300000000000000000000000000000000000053", files("pr 52"));
        events.addAll(review(53, "5300000000000000000000000000000000000053"));
        assertCalls(List.of("GET " + BASE + "/commits/main 304", "GET " + BASE + "/pulls/{n}/files 200",
                "GET " + BASE + "/pulls/{n}/reviews 200", "GET " + BASE + "/pulls/{n} 200",
                "POST " + BASE + "/pulls/{n}/reviews 200", "POST " + BASE + "/check-runs 201"),
                List.of("POST " + BASE + "/pulls/{n}/reviews 200", "POST " + BASE + "/check-runs 201"), events);
        assertEquals(0, events.stream().filter(e -> fileFetch(e) || graphQlQuery(e)).count(),
                "the blobs were fetched for #52: " + routes(events));
        JsonNode first = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/53/reviews"))).get(0);
        assertEquals(3, first.path("comments").size(), first.toString());
        assertTrue(first.path("comments").get(0).path("body").asText().startsWith("**AG201 blocking-sleep**"), first.toString());
    }
}
