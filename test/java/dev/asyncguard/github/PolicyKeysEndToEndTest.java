package dev.asyncguard.github;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each policy key's effect on what GitHub receives: the repository's (or the org's) file on its
 * default branch, a signed delivery, and the review and check run the service posts.
 */
class PolicyKeysEndToEndTest extends ServiceTest {
    @Override
    Map<String, Object> settings() {
        // its tests count the files fetched, each PR with the same content: no blob kept between them
        return Map.of("asyncguard.service.blob-cache-bytes", "0");
    }

    static final String REVIEWS = BASE + "/pulls/2/reviews";
    @BeforeEach
    void stubs() {
        github.resetToTypicalPullRequest(INSTALLATION);
    }

    // --- paths ---

    @Test
    void excludedPathGetsNoCommentAndIsNotFetched() {
        assertOnlyWorkerReviewed("app/proto/worker_pb2.py", """
                paths:
                  exclude: ["**/*_pb2.py"]
                """);
    }

    @Test
    void includePatternLimitsTheReview() {
        assertOnlyWorkerReviewed("scripts/tool.py", """
                paths:
                  include: ["app/**"]
                """);
    }

    /** Adds a copy of the worker at {@code leftOut}, which {@code policy} leaves out of the review. */
    void assertOnlyWorkerReviewed(String leftOut, String policy) {
        List<GitHubFake.PrFile> files = new ArrayList<>(PullRequests.typicalFiles());
        files.add(new GitHubFake.PrFile(leftOut, "added", PullRequests.WORKER, added(PullRequests.WORKER)));
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, files);
        assertEquals(List.of("app/worker.py:6"), placed(reviewUnder(policy)));
        assertEquals(0, github.requests(getRequestedFor(urlEqualTo(BASE + "/contents/" + leftOut + "?ref=" + HEAD))).size(),
                "a file left out is not even fetched");
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo(BASE + "/contents/app/worker.py?ref=" + HEAD))).size());
    }

    // --- rules ---

    @Test
    void ruleTurnedOffIsSilenced() {
        deliverUnder("""
                rules:
                  AG201: off
                """, 1);
        assertEquals(0, reviews().size(), "nothing to say, no review");
        JsonNode done = completed(0);
        assertEquals("success", done.path("conclusion").asText());
        assertEquals(0, done.path("output").path("annotations").size());
    }

    @Test
    void ruleSeverityShowsInTheCommentHeaderAndAnnotationLevel() {
        changeWorkerWithAnOldSleep();
        // One finding inline, the other over the cap: annotated.
        JsonNode review = reviewUnder("""
                rules:
                  AG201: info
                review:
                  filter: file
                  max_comments: 1
                """);
        assertTrue(firstComment(review).startsWith("**AG201 blocking-sleep** · info"), firstComment(review));
        JsonNode annotation = completed(0).path("output").path("annotations").get(0);
        assertEquals("notice", annotation.path("annotation_level").asText(), annotation.toString());
        assertEquals("neutral", completed(0).path("conclusion").asText(), "an info finding does not fail the check");
    }

    @Test
    void lowConfidenceFindingGoesToTheCheckRunUntilTheRuleLowersItsBar() {
        // A stat in a coroutine: AG204 reports it with low confidence.
        String source = "import os\n\n\nasync def size_of(path):\n    if os.path.exists(path):\n"
                + "        return os.path.getsize(path)\n    return 0\n";
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false,
                List.of(new GitHubFake.PrFile("app/sizes.py", "added", source, added(source))));
        deliverUnder("""
                review:
                  request_changes_on: warning
                """, 1);
        assertEquals(0, reviews().size(), "nothing sure enough to comment on, no review");
        JsonNode done = completed(0);
        JsonNode annotations = done.path("output").path("annotations");
        assertEquals(2, annotations.size(), "both findings are annotated: " + annotations);
        assertEquals(5, annotations.get(0).path("start_line").asInt());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("2 of low confidence"), summary);
        assertTrue(summary.contains("_(low confidence: worth a look, not a comment)_"), summary);
        assertEquals("neutral", done.path("conclusion").asText(), "low confidence never fails the check");

        deliverUnder("""
                rules:
                  AG204: {inline_confidence: low}
                review:
                  request_changes_on: warning
                """, 2);
        assertEquals(1, reviews().size(), "the second delivery posts the only review");
        JsonNode review = reviews().get(0);
        assertEquals(List.of("app/sizes.py:5", "app/sizes.py:6"), placed(review), "the rule's bar lowered: inline");
        assertEquals("REQUEST_CHANGES", review.path("event").asText());
    }

    // --- review ---

    @Test
    void filterFileCommentsOnAnOldPitfallThatAddedLeavesAlone() {
        changeWorkerWithAnOldSleep();
        assertEquals(List.of("app/worker.py:6"), placed(reviewUnder("""
                review:
                  filter: added
                """)), "added: only the line the PR adds");
        assertEquals(List.of("app/worker.py:6", "app/worker.py:7"), placed(reviewUnder("""
                review:
                  filter: file
                """, 2)), "file: the old sleep on the context line too");
    }

    @Test
    void maxCommentsCapsInlineCommentsAndTheRestAreListedAndAnnotated() {
        changeWorkerWithAnOldSleep();
        JsonNode review = reviewUnder("""
                review:
                  filter: file
                  max_comments: 1
                """);
        assertEquals(1, review.path("comments").size());
        assertTrue(review.path("body").asText().contains("line 7"), review.path("body").asText());
        JsonNode annotations = completed(0).path("output").path("annotations");
        assertEquals(1, annotations.size(), "the finding over the cap is annotated: " + annotations);
        assertEquals(7, annotations.get(0).path("start_line").asInt());
        assertEquals("warning", annotations.get(0).path("annotation_level").asText());
    }

    @Test
    void maxCommentsZeroLeavesEverythingToTheCheckRun() {
        changeWorkerWithAnOldSleep();
        deliverUnder("""
                review:
                  filter: file
                  max_comments: 0
                """, 1);
        assertEquals(0, reviews().size(), "no inline comment to make");
        assertEquals(2, completed(0).path("output").path("annotations").size());
    }

    @Test
    void maxCommentsZeroStillRequestsChanges() {
        changeWorkerWithAnOldSleep();
        JsonNode review = reviewUnder("""
                review:
                  filter: file
                  max_comments: 0
                  request_changes_on: warning
                """, 1);
        assertEquals("REQUEST_CHANGES", review.path("event").asText(), "the cap does not drop the verdict");
        assertEquals(0, review.path("comments").size());
        assertTrue(review.path("body").asText().contains("line 6"), review.path("body").asText());
    }

    @Test
    void suggestionsOffShowsTheFixAsCode() {
        String comment = firstComment(reviewUnder("""
                review:
                  suggestions: false
                """));
        assertFalse(comment.contains("```suggestion"), comment);
        assertTrue(comment.contains("await asyncio.sleep(0.5)"), "the fix is still shown: " + comment);
    }

    @Test
    void requestChangesOnDecidesTheEvent() {
        assertEquals("REQUEST_CHANGES", reviewUnder("""
                review:
                  request_changes_on: warning
                """).path("event").asText(), "AG201 is a warning");
        assertEquals("COMMENT", reviewUnder("""
                review:
                  request_changes_on: error
                """, 2).path("event").asText(), "a warning is below error");
        assertEquals("COMMENT", reviewUnder("""
                rules:
                  AG201: error
                review:
                  request_changes_on: never
                """, 3).path("event").asText(), "never, even for an error");
    }

    @Test
    void draftIsReviewedWhenSkipDraftsIsFalse() {
        useRepoPolicy("""
                review:
                  skip_drafts: false
                """);
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "opened", HEAD, true));
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, ReviewRunTest.WAIT);
        assertEquals(1, reviews().size());
    }

    @Test
    void pullRequestWithASkipLabelIsNotReviewed() {
        useRepoPolicy("""
                review:
                  skip_labels: [wip, "do not review"]
                """);
        ObjectNode payload = (ObjectNode) GitHubFake.resource("opened.payload.json");
        ((ObjectNode) payload.path("pull_request")).putArray("labels").addObject()
                .put("id", 208045946).put("node_id", "MDU6TGFiZWwyMDgwNDU5NDY=").put("name", "do not review")
                .put("color", "f29513").put("default", false);
        double skipped = runs("skipped");
        service.deliver("pull_request", ReviewRunTest.bytes(payload));
        awaitRuns("skipped", (int) skipped + 1);
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/check-runs"))).size());
        assertEquals(0, reviews().size());

        service.deliver("pull_request", PullRequests.opened());   // the same PR without the label
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, ReviewRunTest.WAIT);
        assertEquals(1, reviews().size());
    }

    @Test
    void removingTheSkipLabelReviewsThePullRequestAndOtherLabelsChangeNothing() {
        useRepoPolicy("""
                review:
                  skip_labels: [wip]
                """);
        double skipped = runs("skipped");
        service.deliver("pull_request", unlabeled("needs-docs"));
        awaitRuns("skipped", (int) skipped + 1);
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/check-runs"))).size(),
                "not a skip label: no check run, no review");

        service.deliver("pull_request", unlabeled("WIP"));   // label names compare without case, as GitHub's do
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, ReviewRunTest.WAIT);
        assertEquals(List.of("app/worker.py:6"), placed(reviews().get(0)));
    }

    @Test
    void removingTheSkipLabelFromAHeadAlreadyReviewedDoesNotReviewItAgain() {
        useRepoPolicy("""
                review:
                  skip_labels: [wip]
                """);
        // The label went on after the review: the head has our check run.
        github.checkRunsOn(OWNER, REPO, HEAD, github.checkRun(OWNER, REPO, HEAD, "completed"));
        double skipped = runs("skipped");
        service.deliver("pull_request", unlabeled("wip"));
        awaitRuns("skipped", (int) skipped + 1);
        assertEquals(1, github.requests(getRequestedFor(urlPathMatching(BASE + "/commits/" + HEAD + "/check-runs"))).size());
        assertEquals(0, github.requests(postRequestedFor(urlEqualTo(BASE + "/check-runs"))).size());
        assertEquals(0, reviews().size());
    }

    /** {@code pull_request.unlabeled}: GitHub sends the label taken off, and the PR's labels after. */
    static byte[] unlabeled(String label) {
        ObjectNode payload = (ObjectNode) GitHubFake.resource("opened.payload.json");
        payload.put("action", "unlabeled");
        payload.putObject("label").put("id", 208045947).put("node_id", "MDU6TGFiZWwyMDgwNDU5NDc=").put("name", label)
                .put("color", "a2eeef").put("default", false);
        return ReviewRunTest.bytes(payload);
    }

    // --- check ---

    @Test
    void failOnDecidesTheCheckConclusion() {
        deliverUnder("""
                check:
                  fail_on: warning
                """, 1);
        assertEquals("failure", completed(0).path("conclusion").asText(), "AG201 is a warning");
        deliverUnder("""
                rules:
                  AG201: error
                check:
                  fail_on: never
                """, 2);
        assertEquals("neutral", completed(1).path("conclusion").asText(), "findings, none failing");
    }

    // --- recheck ---

    static final String BOT_OWNER = "all-contributors";
    static final String BOT_REPO = "all-contributors-bot";
    static final String BOT_BASE = "/repos/" + BOT_OWNER + "/" + BOT_REPO;

    @Test
    void recheckAllowedAnyoneLetsAContributorThrough() {
        recheckRepository("""
                recheck:
                  allowed: anyone
                """);
        service.deliver("issue_comment", ReviewRunTest.bytes(recheckBy("CONTRIBUTOR")));
        github.await(postRequestedFor(urlEqualTo(BOT_BASE + "/pulls/1/reviews")), 1, ReviewRunTest.WAIT);
        assertEquals(1, github.requests(postRequestedFor(urlPathMatching(BOT_BASE + "/issues/comments/\\d+/reactions"))).size());
    }

    @Test
    void recheckAllowedMaintainersRefusesAMember() {
        recheckRepository("""
                recheck:
                  allowed: maintainers
                """);
        double denied = counter("asyncguard.deliveries", "outcome", "recheck_denied");
        service.deliver("issue_comment", ReviewRunTest.bytes(recheckBy("MEMBER")));
        awaitCounter("asyncguard.deliveries", "outcome", "recheck_denied", denied + 1);
        assertEquals(0, github.requests(postRequestedFor(urlPathMatching(".*/reactions"))).size());
        assertEquals(0, github.requests(postRequestedFor(urlPathMatching(".*/check-runs"))).size());
    }

    // --- python ---

    @Test
    void pythonTargetDecidesWhetherToThreadIsOffered() {
        String derive = "import asyncio\nimport hashlib\n\n\nasync def derive(password):\n"
                + "    key = hashlib.pbkdf2_hmac(\"sha256\", password, b\"salt\", 100000)\n    return key\n";
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false,
                List.of(new GitHubFake.PrFile("app/keys.py", "added", derive, added(derive))));
        String old = firstComment(reviewUnder("python: \"3.8\"\n"));
        assertFalse(old.contains("```suggestion"), "asyncio.to_thread needs 3.9: " + old);
        String current = firstComment(reviewUnder("python: \"3.11\"\n", 2));
        assertTrue(current.contains("```suggestion\n    key = await asyncio.to_thread(hashlib.pbkdf2_hmac"), current);
    }

    // --- where policy comes from ---

    @Test
    void orgPolicyChangeIsPickedUpOnTheNextReview() {
        github.repository(OWNER, ".github", sha("org-1"), "rules:\n  AG201: error\n");
        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, ReviewRunTest.WAIT);
        assertTrue(firstComment(reviews().get(0)).startsWith("**AG201 blocking-sleep** · error"));

        // A push to the org's .github repository moves its default branch to a new file.
        github.repository(OWNER, ".github", sha("org-2"), "rules:\n  AG201: info\n");
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(ReviewRunTest.CHECK_COMPLETED, 2, ReviewRunTest.WAIT);
        String comment = firstComment(reviews().get(1));
        assertTrue(comment.startsWith("**AG201 blocking-sleep** · info"), comment);
        String summary = completed(1).path("output").path("summary").asText();
        assertTrue(summary.contains(sha("org-2").substring(0, 7)), "the summary names the new commit: " + summary);
    }

    @Test
    void missingOrgRepositoryLeavesDefaultsAndTheRepoFile() {
        // pullRequest() answers 404 for Codertocat/.github, as GitHub does for a missing repository.
        JsonNode review = reviewUnder("""
                review:
                  request_changes_on: warning
                """);
        assertEquals("REQUEST_CHANGES", review.path("event").asText(), "the repo file applies");
        JsonNode done = completed(0);
        assertEquals("neutral", done.path("conclusion").asText(), "defaults: a warning does not fail the check");
        assertFalse(done.path("output").path("summary").asText().contains("Codertocat/.github"), done.toString());
        assertEquals(1, github.requests(getRequestedFor(urlEqualTo("/repos/" + OWNER + "/.github"))).size(),
                "the org repository was asked for, and answered 404");
    }

    @Test
    void orgRepositoryCreatedAfterAReviewAppliesToTheNext() {
        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, ReviewRunTest.WAIT);
        assertEquals("COMMENT", reviews().get(0).path("event").asText(), "no org policy yet (404)");

        github.repository(OWNER, ".github", sha("org-new"), "review:\n  request_changes_on: warning\n");
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(ReviewRunTest.CHECK_COMPLETED, 2, ReviewRunTest.WAIT);
        assertEquals("REQUEST_CHANGES", reviews().get(1).path("event").asText(), "the 404 was not remembered");
    }

    @Test
    void invalidRepoFileFallsBackToTheOrgPolicyAndTheCheckSaysWhere() {
        github.repository(OWNER, ".github", sha("org"), "rules:\n  AG201: error\n");
        JsonNode review = reviewUnder("""
                rules:
                  AG201: off
                review:
                  filter: add
                """);
        assertTrue(firstComment(review).startsWith("**AG201 blocking-sleep** · error"),
                "the repo file with an error is not applied, the org's is: " + firstComment(review));
        String summary = completed(0).path("output").path("summary").asText();
        assertTrue(summary.contains(".github/asyncguard.yml:4"), summary);
        assertTrue(summary.contains("review.filter"), summary);
        assertTrue(summary.contains("did you mean added?"), summary);
    }

    @Test
    void invalidOrgFileIsNotAppliedAndTheSummaryNamesTheOrgRepository() {
        github.repository(OWNER, ".github", sha("bad-org"), """
                review:
                  request_changes_on: sometimes
                enforce:
                  - rules.AG201
                """);
        JsonNode review = reviewUnder("""
                rules:
                  AG201: info
                """);
        assertTrue(firstComment(review).startsWith("**AG201 blocking-sleep** · info"),
                "the org file is not applied, so nothing enforces AG201: " + firstComment(review));
        String summary = completed(0).path("output").path("summary").asText();
        assertTrue(summary.contains("Codertocat/.github"), "which repository's file is wrong: " + summary);
        assertTrue(summary.contains(".github/asyncguard.yml:2"), summary);
        assertTrue(summary.contains("review.request_changes_on"), summary);
    }

    // --- helpers ---

    /** The PR adds a sleep at line 6 of a worker that already has one at line 7 (a context line). */
    void changeWorkerWithAnOldSleep() {
        github.pullRequest(OWNER, REPO, NUMBER, HEAD, false, List.of(new GitHubFake.PrFile(
                "app/worker.py", "modified", PullRequests.WORKER_WITH_OLD_SLEEP, PullRequests.WORKER_WITH_OLD_SLEEP_PATCH)));
    }

    /** The repository's default branch holds {@code policy}, at a commit named by its content. */
    void useRepoPolicy(String policy) {
        github.repository(OWNER, REPO, sha(policy), policy);
    }

    /** Delivers the PR under {@code policy}, the {@code nth} delivery of the test, and waits for its check run. */
    void deliverUnder(String policy, int nth) {
        useRepoPolicy(policy);
        service.deliver("pull_request", nth == 1 ? PullRequests.opened()
                : PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(ReviewRunTest.CHECK_COMPLETED, nth, ReviewRunTest.WAIT);
    }

    JsonNode reviewUnder(String policy) {
        return reviewUnder(policy, 1);
    }

    JsonNode reviewUnder(String policy, int nth) {
        deliverUnder(policy, nth);
        List<JsonNode> reviews = reviews();
        assertEquals(nth, reviews.size(), "one review per delivery");
        return reviews.get(nth - 1);
    }

    List<JsonNode> reviews() {
        return github.bodies(postRequestedFor(urlEqualTo(REVIEWS)));
    }

    JsonNode completed(int index) {
        return github.bodies(ReviewRunTest.CHECK_COMPLETED).get(index);
    }

    static String firstComment(JsonNode review) {
        return review.path("comments").get(0).path("body").asText();
    }

    static List<String> placed(JsonNode review) {
        List<String> out = new ArrayList<>();
        review.path("comments").forEach(c -> out.add(c.path("path").asText() + ":" + c.path("line").asInt()));
        return out.stream().sorted().toList();
    }

    /** GitHub's patch for a new file: every line added. */
    static String added(String content) {
        List<String> lines = content.lines().toList();
        return "@@ -0,0 +1," + lines.size() + " @@\n+" + String.join("\n+", lines);
    }

    static String sha(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    void recheckRepository(String policy) {
        github.installation(11111);
        github.pullRequest(BOT_OWNER, BOT_REPO, 1, WebhookEndpointTest.BOT_HEAD, false, PullRequests.typicalFiles());
        github.repository(BOT_OWNER, BOT_REPO, sha(policy), policy);
    }

    static ObjectNode recheckBy(String association) {
        ObjectNode payload = (ObjectNode) GitHubFake.resource("issue_comment.recheck.json");
        ((ObjectNode) payload.path("comment")).put("author_association", association);
        return payload;
    }
}
