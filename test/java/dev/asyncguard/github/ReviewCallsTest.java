package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
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
 * matches the ETag (GitHub charges no rate limit for a 304). After a first review (token, policy),
 * a review makes at most 6 calls beyond fetching its files (the check run is created {@code queued} at
 * the delivery and, for a job that starts at once, completed without a move to {@code in_progress}); its
 * ten files take one GraphQL query (1 point of the installation's GraphQL limit) instead of ten REST
 * calls ({@link ReviewCallsOverRestTest}: the same with GraphQL off), and a second pull request whose
 * files have the same blobs fetches none of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewCallsTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String BRANCH_HEAD = "3f9a1c0d2b4e6f8a0c1d3e5f7a9b1c2d3e4f5a6b";
    static final String POLICY = "review:\n  max_comments: 3\n";
    static final String BASE = PullRequests.BASE;

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
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Delivers PR {@code number} and waits for its check run to complete and its review to be posted. */
    List<ServeEvent> review(int number, String head) throws java.io.IOException {
        github.wm.resetRequests();
        assertEquals(202, service.deliver("pull_request", delivery(number, head)).statusCode());
        github.await(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), 1, WAIT);
        return new ArrayList<>(github.wm.getAllServeEvents());
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
    void aTenFileReviewMakesAtMostSevenCallsBeyondItsFiles() throws Exception {
        pullRequest(51, "5100000000000000000000000000000000000051", files("pr 51"));
        review(51, "5100000000000000000000000000000000000051");    // the first: token, policy files, trees

        pullRequest(52, "5200000000000000000000000000000000000052", files("pr 52"));
        double pointsBefore = graphQlPoints();
        List<ServeEvent> events = review(52, "5200000000000000000000000000000000000052");
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
        assertTrue(events.size() - files <= 8, "and at most one conditional read: " + routes(events));

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
        assertEquals(0, events.stream().filter(e -> fileFetch(e) || graphQlQuery(e)).count(),
                "the blobs were fetched for #52: " + routes(events));
        JsonNode first = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/53/reviews"))).get(0);
        assertEquals(3, first.path("comments").size(), first.toString());
        assertTrue(first.path("comments").get(0).path("body").asText().startsWith("**AG201 blocking-sleep**"), first.toString());
    }
}
