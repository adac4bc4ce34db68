package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.github.publish.CheckRuns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run's fetch budget: a hostile PR listing 3,000 large files gets a few of them read, the rest
 * noted as skipped, and the review still posts.
 */
class RunLimitsTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.service.max-run-bytes", Integer.toString(1024 * 1024),
                // 3,000 files of one content (one blob): kept, it would be fetched once; the test counts fetches
                "asyncguard.service.blob-cache-bytes", "0");
    }

    @Test
    void aPullRequestOf3000LargeFilesIsReviewedWithinTheFetchBudget() {
        github.resetToTypicalPullRequest(INSTALLATION);
        List<GitHubFake.PrFile> files = new ArrayList<>();
        for (int i = 0; i < 3000; i++) files.add(new GitHubFake.PrFile("big/copy" + i + ".py", "added", null, null));
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, files);
        StringBuilder big = new StringBuilder("import time\n\n\nasync def handler():\n    time.sleep(1)\n");
        while (big.length() < 256 * 1024) big.append("# padding to a quarter of a mebibyte, as a generated file might be\n");
        github.stub(get(urlPathMatching(BASE + "/contents/big/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8").withBody(big.toString())));

        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        int fetched = github.requests(getRequestedFor(urlPathMatching(BASE + "/contents/big/.*"))).size();
        assertTrue(fetched >= 4 && fetched <= 8, "1 MiB of 256 KiB files, give or take the last partial grant: " + fetched);
        JsonNode done = github.bodies(ReviewRunTest.CHECK_COMPLETED).get(0);
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("### Files not fully reviewed"), summary.substring(0, Math.min(2000, summary.length())));
        assertTrue(summary.contains("fetch budget (400 files, 1 MiB) is spent"), summary.substring(0, Math.min(4000, summary.length())));
        assertTrue(summary.length() <= CheckRuns.MAX_SUMMARY);
        assertEquals(1, github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).size(),
                "the review of what was read still posts");
    }
}
