package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The in-process queue loses its jobs with the process. With {@code asyncguard.jobs.journal-dir},
 * the check runs of accepted jobs are noted on disk until they complete, and the next process's
 * start-up sweep completes those it finds, saying the job was lost.
 */
class CheckRunSweeperTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aRestartCompletesTheCheckRunOfAJobTheInProcessQueueLost() throws Exception {
        Path journal = Files.createTempDirectory("asyncguard-journal");
        Path leftBehind = Files.createTempDirectory("asyncguard-journal-after-crash");
        // in-progress-after 0s: the run moves its check run to in_progress at once, the step slowed down here.
        try (ServiceHarness first = ServiceHarness.start(Map.of("asyncguard.jobs.journal-dir", journal.toString(),
                "asyncguard.service.in-progress-after", "0s"))) {
            GitHubFake github = first.github;
            github.resetToTypicalPullRequest(PullRequests.INSTALLATION);
            // GitHub is slow to take the check run into progress: the job is running when the process "dies".
            github.stub(patch(urlPathMatching(PullRequests.BASE + "/check-runs/\\d+")).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.status", equalTo("in_progress")))
                    .willReturn(GitHubFake.json(200, GitHubFake.JSON.createObjectNode().put("status", "in_progress"))
                            .withFixedDelay(4000)));
            assertEquals(202, first.deliver("pull_request", PullRequests.opened()).statusCode());
            github.await(patchRequestedFor(urlPathMatching(PullRequests.BASE + "/check-runs/\\d+")), 1, WAIT);
            JsonNode created = github.bodies(postRequestedFor(urlEqualTo(PullRequests.BASE + "/check-runs"))).get(0);
            assertEquals("queued", created.path("status").asText());
            // What a SIGKILL now would leave on disk: the journal as the running process wrote it.
            List<Path> notes = jsonFiles(journal);
            assertEquals(1, notes.size(), "the accepted job's check run is noted: " + notes);
            for (Path f : notes) Files.copy(f, leftBehind.resolve(f.getFileName()));
            assertTrue(Files.readString(notes.get(0)).contains("\"id\":" + GitHubFake.CHECK_RUN_ID), Files.readString(notes.get(0)));
        }

        // The fake GitHub of the next process knows nothing until stubbed: the start-up sweep fails
        // and the note stays for the next sweep, a second later.
        try (ServiceHarness second = ServiceHarness.start(Map.of("asyncguard.jobs.journal-dir", leftBehind.toString(),
                "asyncguard.jobs.sweep-every", "1s"))) {
            GitHubFake github = second.github;
            github.resetToTypicalPullRequest(PullRequests.INSTALLATION);
            var completed = patchRequestedFor(urlEqualTo(PullRequests.BASE + "/check-runs/" + GitHubFake.CHECK_RUN_ID))
                    .withRequestBody(matchingJsonPath("$.status", equalTo("completed")));
            github.await(completed, 1, WAIT);
            JsonNode done = github.bodies(completed).get(0);
            assertEquals("neutral", done.path("conclusion").asText());
            assertEquals("asyncguard lost this job; push again or comment /recheck", done.path("output").path("summary").asText());
            long end = System.nanoTime() + WAIT.toNanos();
            while (!jsonFiles(leftBehind).isEmpty() && System.nanoTime() < end) Thread.sleep(20);
            assertEquals(List.of(), jsonFiles(leftBehind), "the note goes once its check run is completed");
            assertEquals(0, github.requests(postRequestedFor(urlPathMatching(".*/reviews"))).size());
        }
    }

    /** A run that completed its check run but died before forgetting the note: the sweep only forgets it. */
    @Test
    void aNoteWhoseCheckRunIsAlreadyCompletedIsOnlyForgotten() throws Exception {
        Path journal = Files.createTempDirectory("asyncguard-journal");
        leftOpen(journal, "asyncguard:d-finished", GitHubFake.CHECK_RUN_ID);
        assertEquals(1, jsonFiles(journal).size());
        try (ServiceHarness service = ServiceHarness.start(Map.of("asyncguard.jobs.journal-dir", journal.toString(),
                "asyncguard.jobs.sweep-every", "1s"))) {
            GitHubFake github = service.github;
            // Sweeps before these stubs fail and keep the note; the first after them sees it completed.
            github.installation(PullRequests.INSTALLATION);
            github.checkRunsOn(PullRequests.OWNER, PullRequests.REPO, PullRequests.HEAD,
                    github.checkRun(PullRequests.OWNER, PullRequests.REPO, PullRequests.HEAD, "completed"));
            long end = System.nanoTime() + WAIT.toNanos();
            while (!jsonFiles(journal).isEmpty() && System.nanoTime() < end) Thread.sleep(20);
            assertEquals(List.of(), jsonFiles(journal));
            assertEquals(0, github.requests(patchRequestedFor(urlPathMatching(".*/check-runs/\\d+"))).size(),
                    "a completed check run keeps its own result");
        }
    }

    /**
     * A job whose check run was never shown (planned at its delivery, taken over by its run, which
     * died before its end): the sweep creates it, completed, in one request, saying the job was lost.
     */
    @Test
    void aCheckRunNeverShownOfALostJobIsCreatedCompleted() throws Exception {
        Path journal = Files.createTempDirectory("asyncguard-journal");
        leftOpen(journal, "asyncguard:d-taken", dev.asyncguard.github.publish.OpenCheckRuns.OpenCheckRun.TAKEN);
        try (ServiceHarness service = ServiceHarness.start(Map.of("asyncguard.jobs.journal-dir", journal.toString(),
                "asyncguard.jobs.sweep-every", "1s"))) {
            GitHubFake github = service.github;
            github.resetToTypicalPullRequest(PullRequests.INSTALLATION);
            var created = postRequestedFor(urlEqualTo(PullRequests.BASE + "/check-runs"));
            github.await(created, 1, WAIT);
            long end = System.nanoTime() + WAIT.toNanos();
            while (!jsonFiles(journal).isEmpty() && System.nanoTime() < end) Thread.sleep(20);
            assertEquals(List.of(), jsonFiles(journal), "the note goes once its check run is there");
            List<JsonNode> bodies = github.bodies(created);
            assertEquals(1, bodies.size(), github.callsByRoute().toString());
            assertEquals("completed", bodies.get(0).path("status").asText(), bodies.get(0).toString());
            assertEquals("neutral", bodies.get(0).path("conclusion").asText());
            assertEquals("asyncguard:d-taken", bodies.get(0).path("external_id").asText());
            assertEquals(PullRequests.HEAD, bodies.get(0).path("head_sha").asText());
            assertEquals("asyncguard lost this job; push again or comment /recheck", bodies.get(0).path("output").path("summary").asText());
            assertEquals(0, github.requests(patchRequestedFor(urlPathMatching(".*/check-runs/\\d+"))).size());
        }
    }

    /**
     * A replica told to stop while its sweep waits for GitHub to complete a lost job's check run:
     * the answer is waited for and the note forgotten, rather than the request cut off with the
     * note kept (which would have the next sweep, perhaps another replica's, complete it again).
     */
    @Test
    void aStoppingServiceLetsTheCheckRunBeingCompletedFinish() throws Exception {
        Path journal = Files.createTempDirectory("asyncguard-journal");
        leftOpen(journal, "asyncguard:d-lost", GitHubFake.CHECK_RUN_ID);
        var completed = patchRequestedFor(urlEqualTo(PullRequests.BASE + "/check-runs/" + GitHubFake.CHECK_RUN_ID))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed")));
        GitHubFake github;
        try (ServiceHarness service = ServiceHarness.start(Map.of("asyncguard.jobs.journal-dir", journal.toString(),
                "asyncguard.jobs.sweep-every", "1s"))) {
            github = service.github;
            github.resetToTypicalPullRequest(PullRequests.INSTALLATION);
            github.stub(patch(urlPathMatching(PullRequests.BASE + "/check-runs/\\d+")).atPriority(1)
                    .willReturn(GitHubFake.json(200, GitHubFake.JSON.createObjectNode().put("status", "completed"))
                            .withFixedDelay(1000)));     // within the harness's 1.5 s request timeout
            github.await(completed, 1, WAIT);
            assertEquals(1, jsonFiles(journal).size(), "GitHub has not answered yet");
        }   // stops the service while the completion waits for its answer
        assertEquals(List.of(), jsonFiles(journal), "the completion finished and its note is gone");
        assertEquals(1, github.requests(completed).size());
    }

    /** A note an earlier process left in the journal ten minutes ago. */
    private static void leftOpen(Path journal, String externalId, long id) {
        new dev.asyncguard.github.publish.LocalOpenCheckRuns(journal).put(new dev.asyncguard.github.publish.OpenCheckRuns.OpenCheckRun(
                externalId, PullRequests.INSTALLATION, PullRequests.OWNER, PullRequests.REPO, PullRequests.HEAD,
                id, java.time.Instant.now().minusSeconds(600)));
    }

    private static List<Path> jsonFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
