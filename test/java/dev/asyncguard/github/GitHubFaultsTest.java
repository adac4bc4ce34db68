package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.HEAD;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault GitHub or the network produces, once, on each call a review makes: the run retries
 * and posts exactly one review. A fault that persists ends in a failed check run that says why.
 */
class GitHubFaultsTest extends ServiceTest {

    @Override
    Map<String, Object> settings() {
        // every call of a review is faulted once, the check run's move to in_progress included
        return Map.of("asyncguard.service.in-progress-after", "0s");
    }
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Each case runs in its own installation, so its token is not cached from an earlier case. */
    static final AtomicLong INSTALLATIONS = new AtomicLong(5000);


    /** The calls of one review run, each as the request a fault stub intercepts. */
    static Map<String, Function<Long, MappingBuilder>> calls() {
        Map<String, Function<Long, MappingBuilder>> calls = new java.util.LinkedHashMap<>();
        calls.put("app lookup", inst -> get(urlEqualTo("/app")));
        calls.put("installation lookup", inst -> get(urlEqualTo("/app/installations/" + inst)));
        calls.put("installation token", inst -> post(urlEqualTo("/app/installations/" + inst + "/access_tokens")));
        calls.put("default branch (policy)", inst -> get(urlEqualTo(BASE)));
        calls.put("branch head (policy)", inst -> get(urlEqualTo(BASE + "/commits/main")));
        calls.put("create check run", inst -> post(urlEqualTo(BASE + "/check-runs")));
        calls.put("list files", inst -> get(urlEqualTo(BASE + "/pulls/2/files?per_page=100")));
        calls.put("file content", inst -> get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)));
        calls.put("list review comments", inst -> get(urlEqualTo(BASE + "/pulls/2/comments?per_page=100")));
        calls.put("get pull request", inst -> get(urlEqualTo(BASE + "/pulls/2"))
                .withHeader("Accept", equalTo("application/vnd.github+json")));
        calls.put("create review", inst -> post(urlEqualTo(BASE + "/pulls/2/reviews")));
        calls.put("start check run", inst -> patch(urlEqualTo(BASE + "/check-runs/" + GitHubFake.CHECK_RUN_ID))
                .withRequestBody(matchingJsonPath("$.status", equalTo("in_progress"))));
        calls.put("complete check run", inst -> patch(urlEqualTo(BASE + "/check-runs/" + GitHubFake.CHECK_RUN_ID))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))));
        return calls;
    }

    static Map<String, ResponseDefinitionBuilder> faults() {
        Map<String, ResponseDefinitionBuilder> faults = new java.util.LinkedHashMap<>();
        faults.put("502", GitHubFake.json(502, GitHubFake.JSON.createObjectNode().put("message", "Server Error")));
        faults.put("timeout", aResponse().withStatus(200).withFixedDelay(2500).withBody("{}"));
        faults.put("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        faults.put("429 Retry-After", aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Too Many Requests\"}"));
        faults.put("403 secondary rate limit", aResponse().withStatus(403).withHeader("Retry-After", "1")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\"}"));
        faults.put("403 rate limit exhausted", aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().getEpochSecond()))
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"API rate limit exceeded for installation ID 1.\"}"));
        return faults;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        calls().keySet().forEach(call -> faults().keySet().forEach(fault -> out.add(Arguments.of(call, fault))));
        return out.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void faultOnceIsRetriedAndTheReviewPostsOnce(String call, String fault) throws Exception {
        long inst = INSTALLATIONS.incrementAndGet();
        github.resetToTypicalPullRequest(inst);
        String delivery = UUID.randomUUID().toString();
        if (call.equals("create review") && fault.equals("timeout")) {
            // GitHub did create the review before the client gave up: the run must find it, not post twice.
            ObjectNode existing = GitHubFake.JSON.createObjectNode().put("id", 80).put("state", "COMMENTED")
                    .put("commit_id", HEAD).put("body", "asyncguard found 1 new pitfall(s).\n\n<!-- asyncguard-review:"
                            + HEAD + ":" + delivery + " -->");
            existing.set("user", GitHubFake.bot());
            github.stub(get(urlEqualTo(BASE + "/pulls/2/reviews?per_page=100"))
                    .willReturn(GitHubFake.json(200, GitHubFake.JSON.createArrayNode().add(existing))));
        }
        if (call.equals("create check run") && fault.equals("timeout")) {
            // GitHub did create the check run before the client gave up: the run must find it, not make a second.
            ObjectNode existing = github.checkRun(OWNER, REPO, HEAD, "in_progress").put("external_id", "asyncguard:" + delivery);
            github.checkRunsOn(OWNER, REPO, HEAD, existing);
        }
        github.stub(calls().get(call).apply(inst).atPriority(1)
                .inScenario(call + fault).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed once")
                .willReturn(faults().get(fault)));

        assertEquals(202, service.deliver("pull_request", withInstallation(inst), delivery).statusCode());
        github.await(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), call.equals("complete check run") ? 2 : 1, WAIT);
        awaitQuiet();

        List<ServeEvent> creates = served("POST", BASE + "/check-runs");
        if (call.equals("create check run") && fault.equals("timeout")) {
            assertEquals(1, creates.size(), "the check run that landed is found, not created again");
        } else if (!call.equals("create check run")) {
            assertEquals(1, creates.size(), "one check run per review");
        }
        List<ServeEvent> reviews = served("POST", BASE + "/pulls/2/reviews");
        long answered = reviews.stream().filter(e -> e.getResponse().getStatus() == 200 && e.getResponseDefinition().getFault() == null).count();
        assertEquals(1, answered, "exactly one review reached GitHub; requests: " + reviews.size());
        JsonNode review = GitHubFake.JSON.readTree(reviews.get(reviews.size() - 1).getRequest().getBodyAsString());
        assertEquals("app/worker.py", review.path("comments").get(0).path("path").asText());
        assertEquals(6, review.path("comments").get(0).path("line").asInt());
        List<JsonNode> completed = github.bodies(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))));
        assertEquals("neutral", completed.get(completed.size() - 1).path("conclusion").asText());
    }

    @Test
    void faultThatPersistsFailsTheCheckRunWithAClearMessage() {
        long inst = INSTALLATIONS.incrementAndGet();
        github.resetToTypicalPullRequest(inst);
        github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1)
                .willReturn(GitHubFake.json(503, GitHubFake.JSON.createObjectNode().put("message", "Service Unavailable"))));

        service.deliver("pull_request", withInstallation(inst));
        github.await(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), 1, WAIT);
        JsonNode done = github.bodies(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed")))).get(0);
        assertEquals("failure", done.path("conclusion").asText());
        String summary = done.path("output").path("summary").asText();
        // The public check run says what kind of failure it was and gives an id; the raw message is only in the log.
        assertTrue(summary.contains("GitHub's API answered a request with HTTP 503"), summary);
        assertTrue(summary.matches("(?s).*error id `[0-9a-f]{8}`.*"), summary);
        assertFalse(summary.contains("/repos/") || summary.contains("Service Unavailable"), summary);
        assertTrue(summary.contains("/recheck"), summary);
        assertEquals(4, served("GET", BASE + "/contents/app/worker.py?ref=" + HEAD).size(), "max-attempts is 4");
        assertEquals(0, served("POST", BASE + "/pulls/2/reviews").size());
    }

    @Test
    void failureBeforeTheCheckRunExistsStillShowsAFailedCheckRun() {
        long inst = INSTALLATIONS.incrementAndGet();
        github.resetToTypicalPullRequest(inst);
        // Both the queued check run at the delivery and the run's own attempt are refused.
        github.stub(post(urlEqualTo(BASE + "/check-runs")).atPriority(1)
                .inScenario("create fails").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("once")
                .willReturn(GitHubFake.json(422, GitHubFake.JSON.createObjectNode().put("message", "Validation Failed"))));
        github.stub(post(urlEqualTo(BASE + "/check-runs")).atPriority(1)
                .inScenario("create fails").whenScenarioStateIs("once").willSetStateTo("x")
                .willReturn(GitHubFake.json(422, GitHubFake.JSON.createObjectNode().put("message", "Validation Failed"))));
        service.deliver("pull_request", withInstallation(inst));
        github.await(postRequestedFor(urlEqualTo(BASE + "/check-runs")), 3, WAIT);
        List<JsonNode> created = github.bodies(postRequestedFor(urlEqualTo(BASE + "/check-runs")));
        assertEquals(3, created.size(), "queued at the delivery, by the run, and the one that reports the failure");
        // The last is created already completed with the failure, in one request.
        JsonNode done = created.get(2);
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals("failure", done.path("conclusion").asText());
        assertTrue(done.path("output").path("summary").asText().contains("HTTP 422"), done.toString());
    }

    private List<ServeEvent> served(String method, String url) {
        return github.wm.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().value().equals(method) && e.getRequest().getUrl().equals(url))
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }

    /** Lets the run finish its last call (the queue reports nothing running). */
    private void awaitQuiet() {
        var queue = service.context().getBean(dev.asyncguard.queue.ReviewQueue.class);
        long end = System.nanoTime() + WAIT.toNanos();
        while (queue.running() > 0 || queue.depth() > 0) {
            if (System.nanoTime() > end) throw new AssertionError("run did not finish");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static byte[] withInstallation(long inst) {
        ObjectNode p = (ObjectNode) GitHubFake.resource("opened.payload.json");
        ((ObjectNode) p.path("installation")).put("id", inst);
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }
}
