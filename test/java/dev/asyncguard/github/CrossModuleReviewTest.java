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
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end with WireMock as GitHub: a pull request whose coroutine calls a blocking helper of an
 * unchanged module. The service reads the head's tree in one call and only the imported modules'
 * blobs, reports the call with the chain to the blocking file and line, and a second pull request
 * of the same repository (another head, same unchanged blobs) reads the tree again but no blob,
 * and summarizes no module again: the service's summary-cache counter says so.
 */
class CrossModuleReviewTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String HEAD2 = "0b7e1c9d2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c";
    static final GitHubFake.PrFile INIT = new GitHubFake.PrFile("app/__init__.py", "modified", "", null);
    static final GitHubFake.PrFile HELPERS = new GitHubFake.PrFile("app/helpers.py", "modified",
            "from app.files import read_text\n\n\ndef load_config(path='app.toml'):\n    return read_text(path)\n", null);
    static final GitHubFake.PrFile FILES = new GitHubFake.PrFile("app/files.py", "modified",
            "def read_text(path):\n    with open(path) as f:\n        return f.read()\n", null);
    static final GitHubFake.PrFile UNRELATED = new GitHubFake.PrFile("app/unrelated.py", "modified",
            "import time\n\n\ndef pause():\n    time.sleep(1)\n", null);
    // File I/O repeated in a loop: sure enough (HIGH) to be commented inline.
    static final String WORKER = "from app.helpers import load_config\n\n\nasync def handle(paths):\n"
            + "    for path in paths: load_config(path)\n";
    static final GitHubFake.PrFile WORKER_FILE = new GitHubFake.PrFile("app/worker.py", "added", WORKER,
            "@@ -0,0 +1,5 @@\n+from app.helpers import load_config\n+\n+\n+async def handle(paths):\n+    for path in paths: load_config(path)");

    static RequestPatternBuilder completed(String sha) {
        return patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed")));
    }

    /** The head's tree as {@code git/trees/{sha}?recursive=1} returns it, and each blob by SHA. */
    void tree(String headSha, List<GitHubFake.PrFile> files) {
        ObjectNode tree = GitHubFake.JSON.createObjectNode().put("sha", headSha)
                .put("url", github.url() + BASE + "/git/trees/" + headSha).put("truncated", false);
        ArrayNode entries = tree.putArray("tree");
        entries.addObject().put("path", "app").put("mode", "040000").put("type", "tree")
                .put("sha", "5f2a0c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49").put("url", github.url() + BASE + "/git/trees/5f2a");
        for (GitHubFake.PrFile f : files) {
            byte[] content = f.content().getBytes(StandardCharsets.UTF_8);
            entries.addObject().put("path", f.path()).put("mode", "100644").put("type", "blob").put("sha", f.blobSha())
                    .put("size", content.length).put("url", github.url() + BASE + "/git/blobs/" + f.blobSha());
            github.stub(get(urlEqualTo(BASE + "/git/blobs/" + f.blobSha()))
                    .withHeader("Accept", equalTo("application/vnd.github.raw+json"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json")
                            .withBody(content)));
        }
        github.stub(get(urlEqualTo(BASE + "/git/trees/" + headSha + "?recursive=1")).willReturn(GitHubFake.json(200, tree)));
    }

    static byte[] opened(int number, String headSha) {
        ObjectNode p = (ObjectNode) GitHubFake.JSON.valueToTree(GitHubFake.resource("opened.payload.json"));
        p = p.deepCopy();
        p.put("number", number);
        ObjectNode pr = (ObjectNode) p.path("pull_request");
        pr.put("number", number);
        ((ObjectNode) pr.path("head")).put("sha", headSha);
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    int calls(String pathRegex) {
        return github.requests(getRequestedFor(urlPathMatching(pathRegex))).size();
    }

    @Test
    void theCallIntoAnUnchangedModuleIsReportedAndASecondPullRequestReusesTheSummaries() {
        github.reset();
        github.installation(INSTALLATION);
        List<GitHubFake.PrFile> head = List.of(INIT, HELPERS, FILES, UNRELATED, WORKER_FILE);
        github.pullRequest(OWNER, REPO, 2, HEAD, false, List.of(WORKER_FILE));
        tree(HEAD, head);
        double hitsBefore = counter("asyncguard.summaries.cache", "result", "hit");
        double missesBefore = counter("asyncguard.summaries.cache", "result", "miss");

        assertEquals(202, service.deliver("pull_request", opened(2, HEAD)).statusCode());
        github.await(completed(HEAD), 1, WAIT);
        List<JsonNode> reviews = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews")));
        assertEquals(1, reviews.size());
        JsonNode comment = reviews.get(0).path("comments").get(0);
        assertEquals("app/worker.py", comment.path("path").asText());
        assertEquals(5, comment.path("line").asInt());
        // The chain runs through two unchanged modules: helpers imports files, found from helpers' summary.
        assertTrue(comment.path("body").asText().contains(
                "load_config() blocks: it calls read_text() → open() at app/files.py:2"), comment.path("body").asText());
        // One tree call; the blobs of the imported modules and their package, not of app/unrelated.py.
        assertEquals(1, calls(BASE + "/git/trees/.*"));
        assertEquals(3, calls(BASE + "/git/blobs/.*"));
        assertEquals(0, calls(BASE + "/git/blobs/" + UNRELATED.blobSha()));
        // Each of the three was summarized once, none came from the cache.
        assertEquals(3, counter("asyncguard.summaries.cache", "result", "miss") - missesBefore);
        assertEquals(0, counter("asyncguard.summaries.cache", "result", "hit") - hitsBefore);
        int firstGets = github.requests(getRequestedFor(urlPathMatching(".*"))).size();
        int firstAll = github.requests(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                urlPathMatching(".*"))).size();

        // A second pull request of the same repository: another head, the same unchanged blobs.
        github.pullRequest(OWNER, REPO, 3, HEAD2, false, List.of(WORKER_FILE));
        tree(HEAD2, head);
        assertEquals(202, service.deliver("pull_request", opened(3, HEAD2)).statusCode());
        github.await(completed(HEAD2).withRequestBody(matchingJsonPath("$.conclusion")), 2, WAIT);
        github.await(postRequestedFor(urlEqualTo(BASE + "/pulls/3/reviews")), 1, WAIT);
        JsonNode second = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/3/reviews"))).get(0);
        assertTrue(second.path("comments").get(0).path("body").asText()
                .contains("read_text() → open() at app/files.py:2"), second.toString());
        assertEquals(2, calls(BASE + "/git/trees/.*"));
        assertEquals(3, calls(BASE + "/git/blobs/.*"), "the second review reads no blob again");
        assertEquals(3, counter("asyncguard.summaries.cache", "result", "miss") - missesBefore,
                "the second review summarizes no module again");
        assertEquals(3, counter("asyncguard.summaries.cache", "result", "hit") - hitsBefore);
        int bothGets = github.requests(getRequestedFor(urlPathMatching(".*"))).size();
        int bothAll = github.requests(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                urlPathMatching(".*"))).size();
        // The second review costs the first's calls less the three blobs.
        assertEquals(firstGets - 3, bothGets - firstGets);
        System.out.printf("GitHub calls: first review %d (%d GET), second review %d (%d GET); summary cache: "
                        + "%.0f misses then %.0f hits%n", firstAll, firstGets, bothAll - firstAll, bothGets - firstGets,
                counter("asyncguard.summaries.cache", "result", "miss") - missesBefore,
                counter("asyncguard.summaries.cache", "result", "hit") - hitsBefore);
    }

    @Test
    void withoutATreeTheChangedFilesAreReviewedAlone() {
        github.reset();
        github.installation(INSTALLATION);
        github.pullRequest(OWNER, REPO, 2, HEAD, false, List.of(WORKER_FILE));
        // No tree stub: GitHub answers 404.
        assertEquals(202, service.deliver("pull_request", opened(2, HEAD)).statusCode());
        github.await(completed(HEAD).withRequestBody(matchingJsonPath("$.conclusion", equalTo("success"))), 1, WAIT);
        assertEquals(0, calls(BASE + "/git/blobs/.*"));
    }

    @Override
    Map<String, Object> settings() {
        return Map.of();
    }
}
