package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.HEAD;
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static dev.asyncguard.github.PullRequests.NUMBER;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub's answers in the shapes a review may meet beyond the ones {@link GitHubFake} gives by default
 * (GitHub's own variations, and servers that answer as GitHub does but less strictly): each review still
 * posts once, with every finding, and nothing is fetched twice. The faults on every call (5xx, rate limits,
 * timeouts) are {@link GitHubFaultsTest}'s.
 */
class OtherGitHubShapesTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final RequestPatternBuilder CHECK_COMPLETED = patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
            .withRequestBody(matchingJsonPath("$.status", equalTo("completed")));
    static final RequestPatternBuilder REVIEWS = postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"));
    static final RequestPatternBuilder WHOLE_DIFF = getRequestedFor(urlEqualTo(BASE + "/pulls/2"))
            .withHeader("Accept", equalTo("application/vnd.github.diff"));

    @Override
    Map<String, Object> settings() {
        // File contents over REST (the contents API's shapes are what is tested); nothing kept between tests.
        return Map.of("asyncguard.github.graphql.blobs-per-query", "0", "asyncguard.service.blob-cache-bytes", "0",
                "asyncguard.service.findings-cache-bytes", "0");
    }

    @BeforeEach
    void stubs() {
        github.resetToTypicalPullRequest(INSTALLATION);
    }

    /** The review's inline comments as path:line. */
    List<String> placed() {
        List<JsonNode> posted = github.bodies(REVIEWS);
        assertEquals(1, posted.size(), "one review");
        List<String> out = new ArrayList<>();
        posted.get(0).path("comments").forEach(c -> out.add(c.path("path").asText() + ":" + c.path("line").asInt()));
        return out;
    }

    String summary() {
        List<JsonNode> done = github.bodies(CHECK_COMPLETED);
        return done.get(done.size() - 1).path("output").path("summary").asText();
    }

    static ObjectNode listed(String path, String status, String content, String patch, int changes) {
        ObjectNode o = GitHubFake.JSON.createObjectNode().put("sha", new GitHubFake.PrFile(path, status, content, patch).blobSha())
                .put("filename", path).put("status", status).put("additions", changes).put("deletions", 0).put("changes", changes)
                .put("blob_url", "https://github.com/" + OWNER + "/" + REPO + "/blob/" + HEAD + "/" + path)
                .put("raw_url", "https://github.com/" + OWNER + "/" + REPO + "/raw/" + HEAD + "/" + path)
                .put("contents_url", "https://api.github.com" + BASE + "/contents/" + path + "?ref=" + HEAD);
        if (patch != null) o.put("patch", patch);
        return o;
    }

    void contents(String path, String content) {
        github.stub(get(urlEqualTo(BASE + "/contents/" + path + "?ref=" + HEAD)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8").withBody(content)));
    }

    @Test
    void aPureRenameListedWithoutPatchNeedsNoDiffAndGetsNoNote() {
        // GitHub lists a file moved without a change with changes 0, previous_filename and no patch.
        ArrayNode files = GitHubFake.JSON.createArrayNode()
                .add(listed("app/worker.py", "modified", PullRequests.WORKER, PullRequests.WORKER_PATCH, 1))
                .add(listed("app/helpers/moved.py", "renamed", "import os\n", null, 0).put("previous_filename", "app/moved.py"));
        github.stub(get(urlEqualTo(BASE + "/pulls/2/files?per_page=100")).atPriority(1).willReturn(GitHubFake.json(200, files)));
        contents("app/helpers/moved.py", "import os\n");
        // A server that cannot give the whole diff (GitHub: 406 past 20,000 lines; a stand-in: no such route).
        github.stub(get(urlEqualTo(BASE + "/pulls/2")).atPriority(1).withHeader("Accept", equalTo("application/vnd.github.diff"))
                .willReturn(GitHubFake.json(406, GitHubFake.JSON.createObjectNode().put("message", "Sorry, the diff exceeded the maximum number of lines (20000)"))));

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(List.of("app/worker.py:6"), placed());
        assertEquals(0, github.requests(WHOLE_DIFF).size(), "nothing changed in the renamed file: no diff to ask for");
        assertFalse(summary().contains("moved.py"), "a rename is no file left out: " + summary());
    }

    @Test
    void fileContentAnsweredAsTheJsonObjectIsDecoded() {
        // A server that ignores Accept: application/vnd.github.raw+json answers with the contents object.
        String base64 = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(PullRequests.WORKER.getBytes(StandardCharsets.UTF_8)) + "\n";
        ObjectNode object = GitHubFake.JSON.createObjectNode().put("type", "file").put("encoding", "base64")
                .put("size", PullRequests.WORKER.length()).put("name", "worker.py").put("path", "app/worker.py")
                .put("content", base64).put("sha", PullRequests.typicalFiles().get(0).blobSha());
        github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1).willReturn(GitHubFake.json(200, object)));

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(List.of("app/worker.py:6"), placed());
        assertFalse(summary().contains("AG001"), "the JSON was not analyzed as Python: " + summary());
    }

    @Test
    void branchHeadAnsweredAsTheCommitObjectStillNamesTheCommit() {
        String branchHead = "5b0e2d4c6a8f1e3d5c7b9a0f2e4d6c8b0a1f3e5d";   // not the fake's usual head: no policy cached for it
        ObjectNode commit = GitHubFake.JSON.createObjectNode().put("sha", branchHead).put("node_id", "C_kwDOAAZ5ks4ABnkS")
                .put("url", "https://api.github.com" + BASE + "/commits/" + branchHead);
        commit.putObject("commit").put("message", "Merge pull request #1");
        github.stub(get(urlEqualTo(BASE + "/commits/main")).atPriority(1).willReturn(GitHubFake.json(200, commit)));
        // The repository's policy at that commit turns AG201 off: read at the right ref, it applies.
        github.stub(get(urlEqualTo(BASE + "/contents/.github/asyncguard.yml?ref=" + branchHead)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                        .withBody("rules:\n  AG201: off\n")));

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo(BASE + "/contents/.github/asyncguard.yml?ref=" + branchHead))).size(),
                "the policy is read at the branch's head commit");
        assertEquals(0, github.requests(REVIEWS).size(), "AG201 is off: nothing to post");
    }

    @Test
    void aDefaultBranchOtherThanMainIsWhereThePolicyIsRead() {
        String developHead = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
        ObjectNode payload = (ObjectNode) GitHubFake.resource("opened.payload.json").deepCopy();
        ((ObjectNode) payload.path("repository")).put("default_branch", "develop");
        ObjectNode repo = (ObjectNode) payload.path("repository").deepCopy();
        github.stub(get(urlEqualTo(BASE)).atPriority(1).willReturn(GitHubFake.json(200, repo)));
        github.stub(get(urlEqualTo(BASE + "/commits/develop")).withHeader("Accept", equalTo("application/vnd.github.sha"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.sha; charset=utf-8")
                        .withBody(developHead)));
        github.stub(get(urlEqualTo(BASE + "/commits/main")).atPriority(1).willReturn(GitHubFake.notFound()));
        github.stub(get(urlEqualTo(BASE + "/contents/.github/asyncguard.yml?ref=" + developHead))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                        .withBody("review:\n  max_comments: 1\n")));

        service.deliver("pull_request", payload.toString().getBytes(StandardCharsets.UTF_8));
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(List.of("app/worker.py:6"), placed());
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo(BASE + "/contents/.github/asyncguard.yml?ref=" + developHead))).size());
        assertEquals(0, github.requests(getRequestedFor(urlEqualTo(BASE + "/commits/main"))).size(), "no branch named main is assumed");
    }

    @Test
    void filesPaginatedWithGitHubsLinkHeadersAreEachReadOnce() {
        // 230 files on three pages; the Python ones with a finding, one on each page. GitHub's Link names the
        // repository by id (/repositories/{id}/...), lists prev/first too, and puts next anywhere in the header.
        String sleepy = "import time\n\n\nasync def f():\n    time.sleep(1)\n";
        String patch = "@@ -0,0 +1,5 @@\n+import time\n+\n+\n+async def f():\n+    time.sleep(1)";
        List<ArrayNode> pages = List.of(GitHubFake.JSON.createArrayNode(), GitHubFake.JSON.createArrayNode(), GitHubFake.JSON.createArrayNode());
        for (int i = 0; i < 230; i++) {
            boolean python = i == 5 || i == 150 || i == 220;
            String path = python ? "app/sleepy" + i + ".py" : "docs/page" + i + ".md";
            pages.get(i / 100).add(listed(path, "added", python ? sleepy : "text\n", python ? patch : "@@ -0,0 +1 @@\n+text", 5));
            if (python) contents(path, sleepy);
        }
        String byId = github.url() + "/repositories/1296269/pulls/2/files?per_page=100&page=";
        String[] links = {
                "<" + byId + "2>; rel=\"next\", <" + byId + "3>; rel=\"last\"",
                "<" + byId + "1>; rel=\"prev\", <" + byId + "3>; rel=\"last\", <" + byId + "1>; rel=\"first\", <" + byId + "3>; rel=\"next\"",
                "<" + byId + "2>; rel=\"prev\", <" + byId + "1>; rel=\"first\""};
        github.stub(get(urlEqualTo(BASE + "/pulls/2/files?per_page=100")).atPriority(1)
                .willReturn(GitHubFake.json(200, pages.get(0)).withHeader("Link", links[0])));
        for (int p = 2; p <= 3; p++) {
            github.stub(get(urlEqualTo("/repositories/1296269/pulls/2/files?per_page=100&page=" + p)).atPriority(1)
                    .willReturn(GitHubFake.json(200, pages.get(p - 1)).withHeader("Link", links[p - 1])));
        }

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(List.of("app/sleepy150.py:5", "app/sleepy220.py:5", "app/sleepy5.py:5"), placed().stream().sorted().toList());
        for (int p = 2; p <= 3; p++) {
            assertEquals(1, github.requests(getRequestedFor(urlEqualTo("/repositories/1296269/pulls/2/files?per_page=100&page=" + p))).size());
        }
    }

    @Test
    void a503ThenOkOnTheListingAndA422ForALineOutsideTheDiffStillPostOneReview() {
        github.stub(get(urlEqualTo(BASE + "/pulls/2/files?per_page=100")).atPriority(1)
                .inScenario("503").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .willReturn(GitHubFake.json(503, GitHubFake.JSON.createObjectNode().put("message", "Service Unavailable"))
                        .withHeader("Retry-After", "1")));
        // GitHub's "Validation Failed" shape for a comment it cannot place.
        ObjectNode invalid = GitHubFake.JSON.createObjectNode().put("message", "Validation Failed")
                .put("documentation_url", "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request").put("status", "422");
        invalid.putArray("errors").addObject().put("resource", "PullRequestReviewComment").put("code", "custom")
                .put("field", "pull_request_review_thread.line").put("message", "pull_request_review_thread.line must be part of the diff");
        github.stub(post(urlEqualTo(BASE + "/pulls/2/reviews")).atPriority(1).withRequestBody(matchingJsonPath("$.comments[0]"))
                .willReturn(GitHubFake.json(422, invalid)));

        service.deliver("pull_request", PullRequests.opened(), UUID.randomUUID().toString());
        github.await(CHECK_COMPLETED, 1, WAIT);
        List<JsonNode> posted = github.bodies(REVIEWS);
        assertEquals(2, posted.size(), "the refused review, then the one with its comments in the body");
        assertEquals(0, posted.get(1).path("comments").size());
        assertTrue(posted.get(1).path("body").asText().contains("`app/worker.py` line 6"), posted.get(1).toString());
        assertEquals(2, github.requests(getRequestedFor(urlEqualTo(BASE + "/pulls/2/files?per_page=100"))).size(), "one retry");
    }

    @Test
    void aListingThatTricklesInStillCounts() {
        ArrayNode files = GitHubFake.JSON.createArrayNode()
                .add(listed("app/worker.py", "modified", PullRequests.WORKER, PullRequests.WORKER_PATCH, 1));
        github.stub(get(urlEqualTo(BASE + "/pulls/2/files?per_page=100")).atPriority(1)
                .willReturn(GitHubFake.json(200, files).withChunkedDribbleDelay(8, 1000)));

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(List.of("app/worker.py:6"), placed());
    }

    @Test
    void aListingAtGitHubsCapOf3000FilesSaysTheRestIsNotReviewed() {
        List<GitHubFake.PrFile> files = new ArrayList<>(List.of(PullRequests.typicalFiles().get(0)));
        for (int i = 1; i < 3000; i++) files.add(new GitHubFake.PrFile("docs/page" + i + ".md", "added", null, "@@ -0,0 +1 @@\n+text"));
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, files);

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(List.of("app/worker.py:6"), placed());
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo(BASE + "/pulls/2/files?per_page=100&page=30"))).size());
        assertTrue(summary().contains("`files past the first 3,000`: GitHub lists no more of a pull request's files"), summary());
    }
}
