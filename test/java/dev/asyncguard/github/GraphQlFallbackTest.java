package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Reviews whose files GraphQL serves only in part, or not at all, end to end: the service posts the
 * same review it posts with GraphQL off, reading over REST exactly the blobs GraphQL did not give
 * (truncated at 512,000 bytes, binary, failed beside partial data) and all of them when the query
 * fails (GraphQL's points spent, a 502, no GraphQL endpoint). Each test is its own installation: a
 * failed query makes that installation read over REST for a while.
 */
class GraphQlFallbackTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** Three changed modules, each with a new blocking sleep, their content marked with {@code mark}. */
    static List<GitHubFake.PrFile> files(String mark) {
        return ReviewCallsTest.files(mark, 3);
    }

    static String head(int number) {
        return String.format("%040d", number).replace('0', 'a');
    }

    /** Delivers PR {@code number} of {@code installation}; the posted review's body, and what GitHub was asked. */
    static Reviewed review(ServiceHarness service, long installation, int number, List<GitHubFake.PrFile> files) throws Exception {
        GitHubFake github = service.github;
        github.installation(installation);
        github.pullRequest(OWNER, REPO, number, head(number), false, files);
        github.wm.resetRequests();
        ObjectNode p = (ObjectNode) GitHubFake.JSON.readTree(PullRequests.pullRequestEvent("opened.payload.json", "opened", head(number), false));
        p.put("number", number);
        ((ObjectNode) p.path("pull_request")).put("number", number);
        ((ObjectNode) p.path("installation")).put("id", installation);
        assertEquals(202, service.deliver("pull_request", p.toString().getBytes(StandardCharsets.UTF_8)).statusCode());
        github.await(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), 1, WAIT);
        List<String> posted = github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/" + number + "/reviews"))).stream()
                .map(r -> r.getBodyAsString()).toList();
        assertEquals(1, posted.size(), "one review posted");
        return new Reviewed(posted.get(0), new ArrayList<>(github.wm.getAllServeEvents()));
    }

    record Reviewed(String body, List<ServeEvent> events) {
        long queries() {
            return events.stream().filter(e -> e.getRequest().getUrl().equals("/graphql")).count();
        }

        /** The files read over REST, by path. */
        Set<String> overRest() {
            Set<String> out = new TreeSet<>();
            for (ServeEvent e : events) {
                String url = e.getRequest().getUrl();
                if (url.contains("/contents/app/")) out.add(url.replaceAll(".*/contents/", "").replaceAll("\\?.*", ""));
            }
            return out;
        }

        List<String> routes() {
            return events.stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " " + e.getResponse().getStatus()
                    + (e.getRequest().getUrl().equals("/graphql") ? " " + e.getResponse().getBodyAsString().replaceAll("\"text\":\"[^\"]*\"", "") : "")).toList();
        }

        JsonNode json() throws Exception {
            return GitHubFake.JSON.readTree(body);
        }
    }

    @Test
    void theReviewIsTheOneRestGives() throws Exception {
        List<GitHubFake.PrFile> files = new ArrayList<>(files("same"));
        files.add(new GitHubFake.PrFile("app/tasks.py", "added", "import asyncio\n\n\nasync def go(c):\n    asyncio.create_task(c)\n",
                "@@ -0,0 +1,5 @@\n+import asyncio\n+\n+\n+async def go(c):\n+    asyncio.create_task(c)"));
        Reviewed viaGraphQl = review(service, 21, 61, files);
        assertEquals(1, viaGraphQl.queries());
        assertEquals(Set.of(), viaGraphQl.overRest());
        try (ServiceHarness rest = ServiceHarness.start(Map.of("asyncguard.github.graphql.blobs-per-query", 0))) {
            Reviewed viaRest = review(rest, 21, 61, files);
            assertEquals(0, viaRest.queries());
            assertEquals(4, viaRest.overRest().size());
            assertEquals(viaRest.body(), viaGraphQl.body(), "the same bytes posted");
        }
        assertEquals(4, viaGraphQl.json().path("comments").size(), viaGraphQl.body());
    }

    @Test
    void truncatedBinaryAndFailedBlobsAreReadOverRest() throws Exception {
        // 600,000 bytes of module with the blocking call at its end: past GitHub's 512,000-byte cut of Blob.text.
        String big = ("DATA = '" + "a".repeat(990) + "'\n").repeat(530) + PullRequests.WORKER;
        String bigPatch = "@@ -534,3 +534,4 @@ import time\n \n async def handler(request):\n+    time.sleep(0.5)\n     return await request.json()";
        List<GitHubFake.PrFile> files = new ArrayList<>(files("partial"));
        files.add(new GitHubFake.PrFile("app/big.py", "modified", big, bigPatch));
        files.add(new GitHubFake.PrFile("app/blob.py", "modified", "GIF89a\u0000\u0001", "@@ -1 +1 @@\n-GIF87a\n+GIF89a"));
        github.graphQl.failing.add(files.get(1).blobSha());
        Reviewed r;
        try {
            r = review(service, 22, 62, files);
        } finally {
            github.graphQl.failing.clear();
        }
        assertEquals(1, r.queries());
        assertEquals(Set.of("app/big.py", "app/blob.py", "app/mod1.py"), r.overRest(),
                "truncated, binary and failed blobs over REST, the others from the query: " + r.routes());
        JsonNode review = r.json();
        assertTrue(review.path("comments").toString().contains("\"path\":\"app/big.py\""),
                "the big module was reviewed whole: " + review.path("comments"));
        assertEquals(4, review.path("comments").size(), r.body());
    }

    @Test
    void spentGraphQlPointsMeanRestUntilTheyReset() throws Exception {
        StubMapping limited = stubGraphQl(post(urlEqualTo("/graphql")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(1800).getEpochSecond()))
                .withHeader("X-RateLimit-Resource", "graphql")
                .withBody("{\"errors\":[{\"type\":\"RATE_LIMITED\",\"code\":\"graphql_rate_limit\","
                        + "\"message\":\"API rate limit exceeded for installation ID 23.\"}]}")));
        try {
            Reviewed first = review(service, 23, 63, files("limited 1"));
            assertEquals(1, first.queries());
            assertEquals(3, first.overRest().size());
            Reviewed second = review(service, 23, 64, files("limited 2"));
            assertEquals(0, second.queries(), "not asked again before the limit resets");
            assertEquals(3, second.overRest().size());
            assertEquals(3, second.json().path("comments").size());
        } finally {
            github.wm.removeStub(limited);
        }
        Reviewed other = review(service, 24, 65, files("other installation"));
        assertEquals(1, other.queries(), "another installation's points are its own");
        assertEquals(Set.of(), other.overRest());
    }

    @Test
    void a502OrNoGraphQlEndpointMeansRestAtOnce() throws Exception {
        StubMapping bad = stubGraphQl(post(urlEqualTo("/graphql")).atPriority(1).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":null,\"errors\":[{\"message\":\"Something went wrong while executing your query. "
                        + "This may be the result of a timeout, or it could be a GitHub bug. Please try again later.\"}]}")));
        try {
            Reviewed r = review(service, 25, 66, files("bad gateway"));
            assertEquals(1, r.queries(), "a query GitHub timed out is not sent again");
            assertEquals(3, r.overRest().size());
            assertEquals(3, r.json().path("comments").size());
        } finally {
            github.wm.removeStub(bad);
        }
        // An older GitHub Enterprise Server, or a proxy, without the endpoint.
        StubMapping missing = stubGraphQl(post(urlEqualTo("/graphql")).atPriority(1).willReturn(GitHubFake.notFound()));
        try {
            Reviewed r = review(service, 26, 67, files("no endpoint"));
            assertEquals(1, r.queries());
            assertEquals(3, r.overRest().size());
            assertEquals(0, review(service, 26, 68, files("no endpoint 2")).queries(), "not asked again for a while");
        } finally {
            github.wm.removeStub(missing);
        }
    }

    StubMapping stubGraphQl(MappingBuilder mapping) {
        return github.wm.stubFor(mapping);
    }
}
