package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncguard.github.intake.WebhookSignature;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@code POST /github/webhook} answers, and what it sets in motion (or does not). */
class WebhookEndpointTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String BOT_REPO = "/repos/all-contributors/all-contributors-bot";
    static final String BOT_HEAD = "8a4d2b6c0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b";


    @BeforeEach
    void stubs() {
        github.reset();
        github.installation(PullRequests.INSTALLATION);
        github.installation(11111);
        github.pullRequest(PullRequests.OWNER, PullRequests.REPO, PullRequests.NUMBER, PullRequests.HEAD, false,
                PullRequests.typicalFiles());
        github.pullRequest("all-contributors", "all-contributors-bot", 1, BOT_HEAD, false, PullRequests.typicalFiles());
    }

    @Test
    void missingSignatureIs401AndNothingHappens() {
        HttpResponse<String> r = service.send("pull_request", PullRequests.opened(), UUID.randomUUID().toString(), null);
        assertEquals(401, r.statusCode());
        assertNoGitHubCalls();
    }

    @Test
    void wrongSignaturesAre401() {
        byte[] body = PullRequests.opened();
        byte[] other = Arrays.copyOf(body, body.length);
        other[other.length - 2] = ' ';
        byte[] secret = ServiceHarness.SECRET.getBytes(StandardCharsets.UTF_8);
        String id = UUID.randomUUID().toString();
        assertEquals(401, service.send("pull_request", body, id, WebhookSignature.sign(secret, other)).statusCode(),
                "signature of a different body");
        assertEquals(401, service.send("pull_request", body, id, WebhookSignature.sign("another-secret".getBytes(), body)).statusCode(),
                "signed with another secret");
        assertEquals(401, service.send("pull_request", body, id, "sha1=" + "ab".repeat(20)).statusCode(), "the old SHA-1 header form");
        assertEquals(401, service.send("pull_request", body, id, "sha256=zz" + "0".repeat(62)).statusCode(), "not hex");
        assertEquals(202, service.deliver("pull_request", body, id).statusCode(),
                "the same delivery id still works once correctly signed: rejected attempts are not remembered");
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
    }

    @Test
    void malformedJsonIs400() {
        byte[] body = "{\"action\": \"opened\", \"pull_request\": ".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, service.deliver("pull_request", body).statusCode());
        assertEquals(400, service.deliver("pull_request", "[1, 2]".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertNoGitHubCalls();
    }

    @Test
    void oversizedBodyIs413() {
        byte[] body = new byte[6 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        HttpResponse<String> r = service.deliver("pull_request", body);
        assertEquals(413, r.statusCode());
        assertNoGitHubCalls();
    }

    @Test
    void eventsAndActionsWeDoNotActOnAre204() {
        assertEquals(204, service.deliver("push", "{\"ref\":\"refs/heads/main\"}".getBytes()).statusCode());
        assertEquals(204, service.deliver("pull_request",
                PullRequests.pullRequestEvent("opened.payload.json", "closed", PullRequests.HEAD, false)).statusCode());
        assertEquals(204, service.deliver("pull_request_review_comment", "{\"action\":\"created\"}".getBytes()).statusCode());
        assertNoGitHubCalls();
    }

    @Test
    void redeliveredEventIsReviewedOnce() {
        String id = UUID.randomUUID().toString();
        assertEquals(202, service.deliver("pull_request", PullRequests.opened(), id).statusCode());
        HttpResponse<String> again = service.deliver("pull_request", PullRequests.opened(), id);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("duplicate"), again.body());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo(PullRequests.BASE + "/check-runs"))).size());
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo(PullRequests.BASE + "/pulls/2/reviews"))).size());
    }

    @Test
    void recheckByAMemberIsAcknowledgedAndReviewsTheCurrentHead() {
        assertEquals(202, service.deliver("issue_comment", GitHubFake.resourceBytes("issue_comment.recheck.json")).statusCode());
        github.await(patchRequestedFor(urlPathMatching(BOT_REPO + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), 1, WAIT);
        JsonNode reaction = github.bodies(postRequestedFor(urlEqualTo(BOT_REPO + "/issues/comments/453012966/reactions"))).get(0);
        assertEquals("eyes", reaction.path("content").asText());
        JsonNode review = github.bodies(postRequestedFor(urlEqualTo(BOT_REPO + "/pulls/1/reviews"))).get(0);
        assertEquals(BOT_HEAD, review.path("commit_id").asText(), "the head read from GET /pulls/1");
        assertEquals("app/worker.py", review.path("comments").get(0).path("path").asText());
        assertEquals(BOT_HEAD, github.bodies(postRequestedFor(urlEqualTo(BOT_REPO + "/check-runs"))).get(0).path("head_sha").asText());
    }

    @Test
    void reactionThatFailsOnceIsRetried() {
        github.stub(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(BOT_REPO + "/issues/comments/453012966/reactions"))
                .atPriority(1).inScenario("reaction").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("done").willReturn(GitHubFake.json(502, GitHubFake.JSON.createObjectNode().put("message", "Server Error"))));
        service.deliver("issue_comment", GitHubFake.resourceBytes("issue_comment.recheck.json"));
        github.await(patchRequestedFor(urlPathMatching(BOT_REPO + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), 1, WAIT);
        assertEquals(2, github.requests(postRequestedFor(urlEqualTo(BOT_REPO + "/issues/comments/453012966/reactions"))).size());
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BOT_REPO + "/pulls/1/reviews"))).size());
    }

    @Test
    void recheckByAnOutsiderOrABotIsNotActedOn() {
        ObjectNode outsider = (ObjectNode) GitHubFake.resource("issue_comment.recheck.json");
        ((ObjectNode) outsider.path("comment")).put("author_association", "NONE");
        double denied = counter("asyncguard.deliveries", "outcome", "recheck_denied");
        assertEquals(202, service.deliver("issue_comment", bytes(outsider)).statusCode());
        awaitCounter("asyncguard.deliveries", "outcome", "recheck_denied", denied + 1);

        ObjectNode bot = (ObjectNode) GitHubFake.resource("issue_comment.recheck.json");
        ((ObjectNode) bot.path("comment").path("user")).put("type", "Bot").put("login", "asyncguard[bot]");
        assertEquals(204, service.deliver("issue_comment", bytes(bot)).statusCode());

        assertEquals(0, github.requests(postRequestedFor(urlPathMatching(".*/reactions"))).size());
        assertEquals(0, github.requests(postRequestedFor(urlPathMatching(".*/check-runs"))).size());
    }

    @Test
    void rerequestedCheckRunOfOurAppReviewsTheCurrentHead() {
        assertEquals(202, service.deliver("check_run", checkRunRerequested(ServiceHarness.APP_ID)).statusCode());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        assertEquals(PullRequests.HEAD, github.bodies(postRequestedFor(urlEqualTo(PullRequests.BASE + "/pulls/2/reviews")))
                .get(0).path("commit_id").asText());
        assertEquals(2, github.requests(getRequestedFor(urlEqualTo(PullRequests.BASE + "/pulls/2"))).size(),
                "once for the current head, once more before posting");

        assertEquals(204, service.deliver("check_run", checkRunRerequested(999)).statusCode(), "another App's check run");
    }

    /** A {@code check_run} {@code rerequested} delivery in GitHub's shape (no sample in the fixtures). */
    private static byte[] checkRunRerequested(long appId) {
        ObjectNode opened = (ObjectNode) GitHubFake.resource("opened.payload.json");
        ObjectNode p = GitHubFake.JSON.createObjectNode().put("action", "rerequested");
        ObjectNode run = p.putObject("check_run").put("id", 4).put("name", "asyncguard")
                .put("head_sha", "0000000000000000000000000000000000000001").put("status", "completed")
                .put("conclusion", "neutral");
        run.putObject("app").put("id", appId).put("slug", "asyncguard");
        run.putObject("check_suite").put("id", 5).put("head_branch", "changes");
        ObjectNode pr = run.putArray("pull_requests").addObject().put("number", 2).put("id", 191568743)
                .put("url", "https://api.github.com/repos/Codertocat/Hello-World/pulls/2");
        pr.putObject("head").put("ref", "changes").put("sha", PullRequests.HEAD);
        pr.putObject("base").put("ref", "master").put("sha", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        p.set("repository", opened.path("repository"));
        p.set("sender", opened.path("sender"));
        p.set("installation", opened.path("installation"));
        return bytes(p);
    }

    @Test
    void commentOnAPlainIssueIsIgnored() {
        ObjectNode plain = (ObjectNode) GitHubFake.resource("created.with-installation.payload.json");
        ((ObjectNode) plain.path("comment")).put("body", "/recheck");
        assertEquals(204, service.deliver("issue_comment", bytes(plain)).statusCode());
        assertNoGitHubCalls();
    }

    @Test
    void healthAndMetricsAreServed() {
        service.deliver("push", "{}".getBytes());
        HttpResponse<String> health = service.get("/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
        assertEquals(200, service.get("/health/liveness").statusCode());
        HttpResponse<String> ready = service.get("/health/readiness");
        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().contains("\"status\":\"UP\""), ready.body());
        assertFalse(health.body().contains("diskSpace") || ready.body().contains("reviewQueue"),
                "no health details for anonymous callers: " + health.body() + ready.body());
        String metrics = service.get("/prometheus").body();
        assertTrue(metrics.contains("asyncguard_deliveries_total{event=\"push\",outcome=\"ignored\"}"), metrics);
        assertTrue(metrics.contains("asyncguard_queue_depth"), metrics);
        assertTrue(metrics.contains("asyncguard_github_ratelimit_remaining"), metrics);
    }

    private void assertNoGitHubCalls() {
        try {
            Thread.sleep(100);   // anything queued would have started calling GitHub by now
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, github.requests(anyRequestedFor(anyUrl())).size());
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
