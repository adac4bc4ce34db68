package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The running service serves the rule pages its comments link to when its public URL is set:
 * 200 with the rule's title, cacheable; a fixed 404 for anything else, never echoing the path.
 */
class RulePagesTest extends ServiceTest {
    static final String PUBLIC = "https://asyncguard.example.com";

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.public-url", PUBLIC);
    }

    @Test
    void aRulePageIsServedAsHtmlWithItsTitle() {
        HttpResponse<String> r = service.get("/rules/AG201");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), r.headers().toString());
        assertEquals("public, max-age=3600", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(r.body().contains("<title>AG201 blocking-sleep · asyncguard</title>"), r.body());
        assertTrue(r.body().contains("<h1>AG201 blocking-sleep</h1>"), r.body());
        assertTrue(r.body().contains("<h2>Why is this bad</h2>"), r.body());
        assertTrue(r.body().contains("<code class=\"language-python\">import asyncio"), r.body());
        assertFalse(r.body().contains(ServiceHarness.SECRET));
    }

    @Test
    void unknownCodesAndOtherPathsGetTheSameFixed404() {
        String reference = null;
        for (String path : new String[] {"/rules/AG999", "/rules/ag201", "/rules/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                "/rules/AG201.md", "/rules/x/y/%3Cb%3Ehello%3C%2Fb%3E", "/rules/..%2F..%2Fapplication.yml"}) {
            HttpResponse<String> r = service.get(path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(r.body().contains("script") || r.body().contains("hello") || r.body().contains("AG999")
                    || r.body().contains("application.yml") || r.body().contains("ag201"), path + ": " + r.body());
            if (reference == null) reference = r.body();
            assertEquals(reference, r.body(), "the 404 does not depend on the path: " + path);
        }
    }

    @Test
    void commentsLinkTheServedPages() {
        github.resetToTypicalPullRequest(PullRequests.INSTALLATION);
        assertEquals(202, service.deliver("pull_request", PullRequests.opened()).statusCode());
        github.await(patchRequestedFor(urlPathMatching(PullRequests.BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), 1, Duration.ofSeconds(10));
        String comment = github.bodies(postRequestedFor(urlEqualTo(PullRequests.BASE + "/pulls/2/reviews")))
                .get(0).path("comments").get(0).path("body").asText();
        assertTrue(comment.contains("[AG201 documentation](" + PUBLIC + "/rules/AG201)"), comment);
        assertTrue(comment.contains("<details><summary>Why is this a problem?</summary>"), comment);
        assertEquals(200, service.get("/rules/AG201").statusCode(), "the linked page exists");
    }
}
