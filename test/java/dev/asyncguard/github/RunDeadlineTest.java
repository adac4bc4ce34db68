package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.HEAD;
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.github.run.PullRequestReviewRun;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's deadline, which also ends a response whose body stalls after its headers. */
class RunDeadlineTest extends ServiceTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.service.run-deadline", "4s");
    }

    @Test
    void aBodyThatStallsAfterItsHeadersEndsAtTheRunsDeadline() {
        github.resetToTypicalPullRequest(INSTALLATION);
        // Headers at once, then the body a byte at a time over a minute.
        github.stub(get(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json")
                        .withBody(PullRequests.WORKER).withChunkedDribbleDelay(PullRequests.WORKER.length(), 60_000)));
        var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logs.start();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PullRequestReviewRun.class);
        logger.addAppender(logs);
        long start = System.nanoTime();
        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JsonNode done = github.bodies(ReviewRunTest.CHECK_COMPLETED).get(0);
        assertEquals("failure", done.path("conclusion").asText());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("longer than the review deadline of 4 s"), summary);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "ended near the deadline, not after the body: " + took);
        // The public summary's error id leads to the log line with the details.
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("error id `([0-9a-f]{8})`").matcher(summary);
        assertTrue(id.find(), summary);
        logger.detachAppender(logs);
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("(error " + id.group(1) + ")")),
                logs.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList().toString());
    }
}
