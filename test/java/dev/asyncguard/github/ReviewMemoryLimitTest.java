package dev.asyncguard.github;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memory for file contents shared by the running reviews ({@code asyncguard.service.review-memory-bytes}),
 * through the real service against the fake GitHub: a changed file larger than the whole budget is
 * noted as not analyzed and the rest of the review posts; reviews delivered together whose files
 * do not fit at once wait for each other's room (or are deferred and run again): every one posts,
 * none fails.
 */
class ReviewMemoryLimitTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int MEMORY = 4096;

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.service.review-memory-bytes", Integer.toString(MEMORY),
                "asyncguard.service.concurrency", "4");
    }

    @Test
    void aFileLargerThanTheMemoryIsNotedAndTheRestOfTheReviewPosts() {
        github.resetToTypicalPullRequest(INSTALLATION);
        StringBuilder big = new StringBuilder("import time\n\n\nasync def handler():\n    time.sleep(1)\n");
        while (big.length() <= 2 * MEMORY) big.append("# generated: padding past the service's memory for file contents\n");
        String bigPatch = "@@ -0,0 +1," + big.toString().lines().count() + " @@\n"
                + String.join("\n", big.toString().lines().map(l -> "+" + l).toList());
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, List.of(
                new GitHubFake.PrFile("app/worker.py", "modified", PullRequests.WORKER, PullRequests.WORKER_PATCH),
                new GitHubFake.PrFile("app/generated.py", "added", big.toString(), bigPatch)));

        service.deliver("pull_request", PullRequests.opened());
        github.await(postRequestedFor(urlEqualTo(BASE + "/pulls/" + NUMBER + "/reviews")), 1, WAIT);
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        List<String> summaries = github.bodies(ReviewRunTest.CHECK_COMPLETED).stream()
                .map(b -> b.path("output").path("summary").asText()).filter(t -> t.contains("app/generated.py")).toList();
        assertEquals(1, summaries.size(), "this PR's completed check run");
        assertTrue(summaries.get(0).contains(
                "`app/generated.py`: not analyzed: larger than the room the service's memory for file contents (4096 bytes"),
                summaries.get(0));
        List<JsonNode> reviews = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/" + NUMBER + "/reviews")));
        assertEquals(1, reviews.size(), "the review of the file that fits still posts");
        List<String> commented = reviews.get(0).path("comments").findValuesAsText("path");
        assertEquals(List.of("app/worker.py"), commented);
    }

    @Test
    void reviewsWhoseFilesDoNotFitAtOnceAllPostAndNoneFails() {
        github.resetToTypicalPullRequest(INSTALLATION);
        int prs = 4;
        for (int n = 10; n < 10 + prs; n++) {
            // Each PR's file takes most of the memory: two never fit at once.
            StringBuilder content = new StringBuilder(PullRequests.WORKER);
            while (content.length() < MEMORY * 3 / 4) content.append("# pull request ").append(n).append(", padding\n");
            github.pullRequest(OWNER, REPO, n, head(n), false,
                    List.of(new GitHubFake.PrFile("app/worker.py", "modified", content.toString(), PullRequests.WORKER_PATCH)));
        }
        for (int n = 10; n < 10 + prs; n++) service.deliver("pull_request", opened(n));
        for (int n = 10; n < 10 + prs; n++) {
            github.await(postRequestedFor(urlEqualTo(BASE + "/pulls/" + n + "/reviews")), 1, WAIT);
        }
        // Every check run completed (also those of reviews that were deferred and ran again) before the next test.
        github.await(ReviewRunTest.CHECK_COMPLETED, prs + (int) runs("deferred"), WAIT);
        for (int n = 10; n < 10 + prs; n++) {
            assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/" + n + "/reviews"))).size(), "PR " + n);
        }
        List<JsonNode> completed = new java.util.ArrayList<>(github.bodies(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))));
        completed.addAll(github.bodies(postRequestedFor(urlEqualTo(BASE + "/check-runs"))));
        for (JsonNode run : completed) {
            assertFalse("failure".equals(run.path("conclusion").asText()), run.toString());
        }
        assertEquals(0, counter("asyncguard.review.given_up", "reason", "memory"));
        double waits = service.context().getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("asyncguard.review.memory.waits").counter().count();
        assertTrue(waits + runs("deferred") >= 1, "some review found no room at first: waits " + waits);
    }

    private static String head(int number) {
        return String.format("%040x", number);
    }

    private static byte[] opened(int number) {
        ObjectNode p = (ObjectNode) GitHubFake.resource("opened.payload.json").deepCopy();
        p.put("number", number);
        ObjectNode pr = (ObjectNode) p.path("pull_request");
        pr.put("number", number);
        ((ObjectNode) pr.path("head")).put("sha", head(number));
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }
}
