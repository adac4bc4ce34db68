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
import static dev.asyncguard.github.PullRequests.NUMBER;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.asyncguard.github.publish.OpenCheckRuns;
import dev.asyncguard.github.publish.ReviewPosting;
import dev.asyncguard.github.run.PullRequestReviewRun;
import dev.asyncguard.queue.PullRequestKey;
import dev.asyncguard.queue.ReviewJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** End to end: signed deliveries in, the exact requests GitHub receives out. */
class ReviewRunTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final RequestPatternBuilder CHECK_COMPLETED = patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
            .withRequestBody(matchingJsonPath("$.status", equalTo("completed")));

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.service.max-file-bytes", "20000",
                // its tests count the files fetched, each PR with the same content: no blob kept between them
                "asyncguard.service.blob-cache-bytes", "0",
                // its tests follow the check run through in_progress, which a job started at once skips
                "asyncguard.service.in-progress-after", "0s");
    }

    @BeforeAll
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterAll
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @BeforeEach
    void stubs() {
        github.resetToTypicalPullRequest(INSTALLATION);
    }

    @Test
    void openedPullRequestGetsACheckRunAndOneReviewWithASuggestion() throws Exception {
        assertEquals(202, service.deliver("pull_request", PullRequests.opened()).statusCode());
        github.await(CHECK_COMPLETED, 1, WAIT);

        List<JsonNode> created = github.bodies(postRequestedFor(urlEqualTo(BASE + "/check-runs")));
        assertEquals(1, created.size());
        assertEquals("asyncguard", created.get(0).path("name").asText());
        assertEquals(HEAD, created.get(0).path("head_sha").asText());
        // Created `queued` when the delivery is accepted, named by it; in progress once a worker starts it.
        assertEquals("queued", created.get(0).path("status").asText());
        assertTrue(created.get(0).path("external_id").asText().startsWith("asyncguard:"), created.get(0).toString());
        List<JsonNode> updates = github.bodies(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+")));
        assertEquals(2, updates.size(), "in progress, then completed: " + updates);
        assertEquals("in_progress", updates.get(0).path("status").asText());
        assertEquals("completed", updates.get(1).path("status").asText());

        List<JsonNode> reviews = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews")));
        assertEquals(1, reviews.size());
        JsonNode review = reviews.get(0);
        assertEquals(HEAD, review.path("commit_id").asText());
        assertEquals("COMMENT", review.path("event").asText());
        assertTrue(review.path("body").asText().startsWith("### asyncguard: 1 finding in this change"), review.toString());
        assertEquals(1, review.path("comments").size());
        JsonNode comment = review.path("comments").get(0);
        assertEquals("app/worker.py", comment.path("path").asText());
        assertEquals(6, comment.path("line").asInt());
        assertEquals("RIGHT", comment.path("side").asText());
        assertFalse(comment.has("start_line"));
        String text = comment.path("body").asText();
        assertTrue(text.startsWith("**AG201 blocking-sleep**"), text);
        assertTrue(text.contains("```suggestion\n    await asyncio.sleep(0.5)\n```"), text);
        assertTrue(text.matches("(?s).*<!-- asyncguard:fp=[0-9a-f]{16} -->$"), text);

        JsonNode done = github.bodies(CHECK_COMPLETED).get(0);
        assertEquals("neutral", done.path("conclusion").asText(), "a warning does not fail the check under the default policy");
        assertEquals("1 asyncio pitfall (1 warning)", done.path("output").path("title").asText());
        assertTrue(done.path("output").path("summary").asText().contains("| `app/worker.py` | 1 |"), done.toString());

        // Only the one Python file still in the PR was fetched; the README and the removed file were not.
        assertEquals(1, github.requests(getRequestedFor(urlPathMatching(BASE + "/contents/.*"))).size());
        String auth = github.requests(postRequestedFor(urlEqualTo(BASE + "/check-runs"))).get(0).getHeader("Authorization");
        assertEquals("Bearer " + GitHubFake.TOKEN, auth);
    }

    @Test
    void secondRunOnTheSameFindingsPostsNoDuplicateComments() {
        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        JsonNode posted = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0).path("comments").get(0);

        // GitHub now lists the bot's comment on the PR, as "list review comments" returns it.
        ObjectNode existing = GitHubFake.JSON.createObjectNode().put("id", 10).put("path", posted.path("path").asText())
                .put("line", posted.path("line").asInt()).put("side", "RIGHT").put("commit_id", HEAD)
                .put("body", posted.path("body").asText());
        existing.set("user", GitHubFake.bot());
        github.reviewComments(OWNER, REPO, NUMBER, List.of(existing));

        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(CHECK_COMPLETED, 2, WAIT);
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size(),
                "the second run found only findings already posted, so it posts no review");
        assertEquals("neutral", github.bodies(CHECK_COMPLETED).get(1).path("conclusion").asText(),
                "the check run still reports the findings");
    }

    @Test
    void reactionsOnEarlierCommentsAreExportedPerRuleOnce() {
        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        JsonNode posted = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0).path("comments").get(0);
        assertTrue(posted.path("body").asText().contains("React with 👍 or 👎"), "the footer invites the reaction");
        double up = counter("asyncguard.comment.feedback", "reaction", "+1");
        double down = counter("asyncguard.comment.feedback", "reaction", "-1");

        // GitHub lists the bot's comment with two 👍 and one 👎 in its reactions rollup.
        ObjectNode existing = CommentFeedbackTest.comment(11, "Bot", posted.path("body").asText(), 2, 1);
        github.reviewComments(OWNER, REPO, NUMBER, List.of(existing));
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(CHECK_COMPLETED, 2, WAIT);
        assertEquals(up + 2, counter("asyncguard.comment.feedback", "reaction", "+1"));
        assertEquals(down + 1, counter("asyncguard.comment.feedback", "reaction", "-1"));

        // A third review sees the same totals: nothing is counted twice.
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(CHECK_COMPLETED, 3, WAIT);
        assertEquals(up + 2, counter("asyncguard.comment.feedback", "reaction", "+1"));
        assertEquals(down + 1, counter("asyncguard.comment.feedback", "reaction", "-1"));
        assertTrue(service.get("/prometheus").body().contains("asyncguard_comment_feedback_total{reaction=\"+1\",rule=\"AG201\"}"),
                "served as Prometheus names it");
    }

    @Test
    void pullRequestWithMoreThan100FilesIsReadPageByPage() {
        List<GitHubFake.PrFile> files = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            files.add(new GitHubFake.PrFile("docs/page" + i + ".md", "added", null, "@@ -0,0 +1 @@\n+page " + i));
        }
        files.add(new GitHubFake.PrFile("app/worker.py", "modified", PullRequests.WORKER, PullRequests.WORKER_PATCH));
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, files);

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(3, github.requests(getRequestedFor(urlPathMatching(BASE + "/pulls/2/files"))).size());
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo(BASE + "/pulls/2/files?per_page=100&page=3"))).size());
        JsonNode review = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0);
        assertEquals("app/worker.py", review.path("comments").get(0).path("path").asText(),
                "the only Python file, listed on page 3, was reviewed");
    }

    @Test
    void fileThatDoesNotParseGetsItsNoteAndTheRestStillPosts() {
        List<GitHubFake.PrFile> files = new ArrayList<>(PullRequests.typicalFiles());
        files.add(new GitHubFake.PrFile("app/broken.py", "added", "def broken(:\n    SYNTAX ERROR\n", null));
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, files);

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        JsonNode comments = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0).path("comments");
        assertEquals(2, comments.size(), comments.toString());
        assertEquals("app/broken.py", comments.get(0).path("path").asText());
        assertTrue(comments.get(0).path("body").asText().startsWith("**AG001 syntax-error**"), comments.toString());
        assertEquals("app/worker.py", comments.get(1).path("path").asText(), "the file that parses is still reviewed");
        assertEquals("failure", github.bodies(CHECK_COMPLETED).get(0).path("conclusion").asText(),
                "AG001 is an error, and check.fail_on defaults to error");
    }

    @Test
    void missingPatchComesFromThePullRequestDiffAndAnAddedFileIsAllAdded() {
        String added = "import time\n\nasync def f():\n    time.sleep(1)\n";
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, List.of(
                new GitHubFake.PrFile("app/worker.py", "modified", PullRequests.WORKER, null),
                new GitHubFake.PrFile("app/new.py", "added", added, null)));
        String diff = "diff --git a/app/worker.py b/app/worker.py\nindex 1111111..2222222 100644\n"
                + "--- a/app/worker.py\n+++ b/app/worker.py\n" + PullRequests.WORKER_PATCH + "\n";
        github.stub(get(urlEqualTo(BASE + "/pulls/2")).withHeader("Accept", equalTo("application/vnd.github.diff"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain; charset=utf-8").withBody(diff)));

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        JsonNode comments = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0).path("comments");
        List<String> placed = new ArrayList<>();
        comments.forEach(c -> placed.add(c.path("path").asText() + ":" + c.path("line").asInt()));
        assertEquals(List.of("app/worker.py:6", "app/new.py:4"), placed.stream().sorted((a, b) -> b.compareTo(a)).toList());
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo(BASE + "/pulls/2"))
                .withHeader("Accept", equalTo("application/vnd.github.diff"))).size(), "the diff is fetched once");
    }

    @Test
    void fileWithoutAnyDiffFromGitHubIsNotedAndNothingIsPlacedOnIt() {
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, List.of(
                new GitHubFake.PrFile("app/worker.py", "modified", PullRequests.WORKER, null)));
        github.stub(get(urlEqualTo(BASE + "/pulls/2")).withHeader("Accept", equalTo("application/vnd.github.diff"))
                .willReturn(GitHubFake.json(406, GitHubFake.JSON.createObjectNode()
                        .put("message", "Sorry, the diff exceeded the maximum number of lines (20000)"))));
        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());
        String summary = github.bodies(CHECK_COMPLETED).get(0).path("output").path("summary").asText();
        assertTrue(summary.contains("`app/worker.py`: GitHub sent no diff for it (too large)"), summary);
    }

    @Test
    void findingsOverTheCommentCapAreAnnotatedFiftyPerRequest() {
        StringBuilder src = new StringBuilder("import time\n\n\nasync def many():\n");
        StringBuilder patch = new StringBuilder("@@ -0,0 +1,84 @@\n+import time\n+\n+\n+async def many():");
        for (int i = 1; i <= 80; i++) {  // time.sleep(0) would not wait: from 1
            src.append("    time.sleep(").append(i).append(")\n");
            patch.append("\n+    time.sleep(").append(i).append(")");
        }
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false,
                List.of(new GitHubFake.PrFile("app/many.py", "added", src.toString(), patch.toString())));
        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(25, github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0).path("comments").size(),
                "review.max_comments defaults to 25");
        List<JsonNode> updates = github.bodies(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+")))
                .stream().filter(u -> u.has("output")).toList();
        assertEquals(2, updates.size());
        assertEquals(50, updates.get(0).path("output").path("annotations").size());
        assertFalse(updates.get(0).has("status"), "the run completes with its last batch");
        assertEquals(5, updates.get(1).path("output").path("annotations").size());
        assertEquals("completed", updates.get(1).path("status").asText());
    }

    @Test
    void fileOverTheSizeLimitOrBinaryIsSkippedWithANote() {
        String big = "x = 1\n".repeat(5000);
        List<GitHubFake.PrFile> files = new ArrayList<>(PullRequests.typicalFiles());
        files.add(new GitHubFake.PrFile("app/generated.py", "added", big, "@@ -0,0 +1,1 @@\n+x = 1"));
        files.add(new GitHubFake.PrFile("app/blob.py", "added", "PK\u0003\u0004\u0000\u0000binary", null));
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, files);

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        String summary = github.bodies(CHECK_COMPLETED).get(0).path("output").path("summary").asText();
        assertTrue(summary.contains("`app/generated.py`: larger than 20000 bytes, not analyzed"), summary);
        assertTrue(summary.contains("`app/blob.py`: binary content, not analyzed"), summary);
        assertEquals(1, github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0).path("comments").size());
    }

    @Test
    void fileTheContentsApiRefusesAsTooLargeComesFromTheBlobApi() {
        github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1)
                .willReturn(GitHubFake.json(403, GitHubFake.JSON.createObjectNode()
                        .put("message", "This API returns blobs up to 1 MB in size. The requested blob is too large to fetch "
                                + "via the API, but you can use the Git Data API to request blobs up to 100 MB in size.")
                        .put("documentation_url", "https://docs.github.com/rest/repos/contents#get-repository-content")
                        .set("errors", GitHubFake.JSON.createArrayNode().add(GitHubFake.JSON.createObjectNode()
                                .put("resource", "Blob").put("field", "data").put("code", "too_large"))))));
        String blob = PullRequests.typicalFiles().get(0).blobSha();
        github.stub(get(urlEqualTo(BASE + "/git/blobs/" + blob)).withHeader("Accept", equalTo("application/vnd.github.raw+json"))
                .willReturn(aResponse().withStatus(200).withBody(PullRequests.WORKER)));

        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo(BASE + "/git/blobs/" + blob))).size());
        assertEquals("app/worker.py", github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0)
                .path("comments").get(0).path("path").asText());
    }

    @Test
    void reviewGitHubRefusesForItsCommentsIsPostedWithTheFindingsInItsBody() {
        github.stub(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(BASE + "/pulls/2/reviews")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.comments[0]"))
                .willReturn(GitHubFake.json(422, GitHubFake.JSON.createObjectNode()
                        .put("message", "Unprocessable Entity")
                        .set("errors", GitHubFake.JSON.createArrayNode().add("Line could not be resolved")))));
        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        List<JsonNode> posted = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews")));
        assertEquals(2, posted.size());
        assertEquals(0, posted.get(1).path("comments").size());
        String body = posted.get(1).path("body").asText();
        assertTrue(body.contains("- `app/worker.py` line 6: **AG201 blocking-sleep**"), body);
    }

    @Test
    void draftIsNotReviewedUntilReady() {
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "opened", HEAD, true));
        awaitRuns("skipped", 1);
        github.await(CHECK_COMPLETED, 1, WAIT);
        // Its check run, queued at the delivery, says why nothing was reviewed.
        var skipped = github.bodies(CHECK_COMPLETED);
        assertEquals("skipped", skipped.get(0).path("conclusion").asText());
        assertTrue(skipped.get(0).path("output").path("summary").asText().contains("review.skip_drafts"), skipped.toString());
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());

        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "ready_for_review", HEAD, false));
        github.await(CHECK_COMPLETED, 2, WAIT);
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());
    }

    @Test
    void headThatMovedDuringTheRunIsNotReviewedStale() {
        github.headOf(OWNER, REPO, NUMBER, "0000000000000000000000000000000000000abc", false);
        service.deliver("pull_request", PullRequests.opened());
        github.await(CHECK_COMPLETED, 1, WAIT);
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size());
        JsonNode done = github.bodies(CHECK_COMPLETED).get(0);
        assertEquals("neutral", done.path("conclusion").asText());
        assertEquals("Superseded by a newer commit", done.path("output").path("title").asText());
    }

    @Test
    void synchronizeSupersedesARunningReview() {
        String newHead = "d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0";
        // The first run is slow to fetch its file, so the synchronize arrives while it runs.
        github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(300).withBody(PullRequests.WORKER)));
        service.deliver("pull_request", PullRequests.opened());
        github.await(getRequestedFor(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)), 1, WAIT);

        github.pullRequest(OWNER, REPO, NUMBER, newHead, false, PullRequests.typicalFiles());
        assertEquals(202, service.deliver("pull_request",
                PullRequests.pullRequestEvent("synchronize.payload.json", "synchronize", newHead, false)).statusCode());
        github.await(CHECK_COMPLETED, 2, WAIT);

        List<JsonNode> reviews = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews")));
        assertEquals(1, reviews.size(), "only the newer head is reviewed");
        assertEquals(newHead, reviews.get(0).path("commit_id").asText());
        List<JsonNode> completed = github.bodies(CHECK_COMPLETED);
        assertEquals("Superseded by a newer commit", completed.get(0).path("output").path("title").asText());
        List<String> heads = github.bodies(postRequestedFor(urlEqualTo(BASE + "/check-runs"))).stream()
                .map(b -> b.path("head_sha").asText()).toList();
        assertEquals(List.of(HEAD, newHead), heads);
    }

    @Test
    void noTokenKeyOrSecretEverReachesTheLogs() {
        synchronized (logs) {
            logs.list.clear();
        }
        service.deliver("pull_request", PullRequests.opened());
        service.send("pull_request", PullRequests.opened(), "bad-signature-delivery", "sha256=" + "0".repeat(64));
        github.await(CHECK_COMPLETED, 1, WAIT);
        List<ILoggingEvent> events;
        synchronized (logs) { // AppenderBase.doAppend appends under the appender's lock while the service still logs
            events = new ArrayList<>(logs.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : events) {
            lines.add(e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
        }
        assertFalse(lines.isEmpty());
        String all = String.join("\n", lines);
        assertTrue(all.contains("pull_request opened for " + OWNER + "/" + REPO + "#2"), all);
        assertFalse(all.contains(GitHubFake.TOKEN));
        assertFalse(all.contains(ServiceHarness.SECRET));
        assertFalse(all.contains(TestKeys.pemBodyLine()));
        assertFalse(all.contains("Bearer"));
        assertTrue(events.stream().anyMatch(e -> "bad-signature-delivery".equals(e.getMDCPropertyMap().get("delivery"))),
                "log lines carry the delivery id");
    }

    static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReRunFindsItsCheckRunAndTheHeadsReviewInsteadOfPostingAgain() throws Exception {
        String delivery = "d-rerun-" + UUID.randomUUID();
        ObjectNode review = GitHubFake.JSON.createObjectNode().put("id", 81)
                .put("state", "COMMENTED").put("commit_id", HEAD)
                .put("body", "asyncguard found 1 new pitfall(s).\n\n<!-- " + ReviewPosting.reviewMarker(HEAD) + " -->");
        review.set("user", GitHubFake.bot());
        github.stub(get(urlEqualTo(BASE + "/pulls/2/reviews?per_page=100")).atPriority(1)
                .willReturn(GitHubFake.json(200, GitHubFake.JSON.createArrayNode().add(review))));
        // Noted open when its delivery was accepted (or its run created it).
        service.context().getBean(OpenCheckRuns.class).put(new OpenCheckRuns.OpenCheckRun("asyncguard:" + delivery,
                INSTALLATION, OWNER, REPO, HEAD, GitHubFake.CHECK_RUN_ID, Instant.now()));
        PullRequestReviewRun run = service.context().getBean(PullRequestReviewRun.class);

        run.rerun(new ReviewJob(new PullRequestKey(OWNER, REPO, NUMBER), INSTALLATION,
                HEAD, false, List.of(), ReviewJob.Trigger.PULL_REQUEST, delivery,
                Instant.now()), () -> true);

        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/check-runs"))).size(), "the check run is found by external_id");
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size(),
                "the head already has our review (the crash came after posting it)");
        var completed = github.bodies(CHECK_COMPLETED);
        assertEquals(1, completed.size());
        assertEquals("neutral", completed.get(0).path("conclusion").asText(), "the check run still gets the review's result");
    }

    @Test
    void anAbandonedJobsOpenCheckRunIsCompletedWithTheReason() {
        String delivery = "d-abandoned-" + UUID.randomUUID();
        // Noted open when its delivery was accepted (or its run created it).
        OpenCheckRuns open = service.context().getBean(OpenCheckRuns.class);
        open.put(new OpenCheckRuns.OpenCheckRun("asyncguard:" + delivery, INSTALLATION, OWNER, REPO, HEAD,
                GitHubFake.CHECK_RUN_ID, Instant.now()));
        PullRequestReviewRun run = service.context().getBean(PullRequestReviewRun.class);

        run.abandoned(new ReviewJob(new PullRequestKey(OWNER, REPO, NUMBER), INSTALLATION,
                HEAD, false, List.of(), ReviewJob.Trigger.PULL_REQUEST, delivery,
                Instant.now()), "a newer commit was pushed");

        var completed = github.bodies(CHECK_COMPLETED);
        assertEquals(1, completed.size());
        assertEquals("neutral", completed.get(0).path("conclusion").asText());
        assertTrue(completed.get(0).path("output").path("summary").asText().contains("a newer commit was pushed"));
        assertTrue(open.get("asyncguard:" + delivery).isEmpty(), "its note is gone");
    }

}
