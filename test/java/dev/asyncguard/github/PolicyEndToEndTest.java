package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policy from the default branches of the org's .github repository and the repository itself. */
class PolicyEndToEndTest extends ServiceTest {
    static final String ORG_HEAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    static final String REPO_HEAD = "1b2c3d4e5f60718293a4b5c6d7e8f90123456789";
    static final String ORG_POLICY = """
            rules:
              AG201: error
            review:
              request_changes_on: error
            enforce:
              - rules.AG201
            """;
    static final String REPO_POLICY = """
            rules:
              AG201: off
            """;

    @BeforeEach
    void stubs() {
        github.resetToTypicalPullRequest(INSTALLATION);
        github.repository(OWNER, ".github", ORG_HEAD, ORG_POLICY);
        github.repository(OWNER, REPO, REPO_HEAD, REPO_POLICY);
    }

    @Test
    void orgEnforcedRuleStandsAgainstTheRepoFileAndRequestsChanges() {
        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, ReviewRunTest.WAIT);

        JsonNode review = github.bodies(postRequestedFor(urlEqualTo(BASE + "/pulls/2/reviews"))).get(0);
        assertEquals("REQUEST_CHANGES", review.path("event").asText(), "the org's request_changes_on: error");
        String comment = review.path("comments").get(0).path("body").asText();
        assertTrue(comment.startsWith("**AG201 blocking-sleep** · error"), comment);
        JsonNode done = github.bodies(ReviewRunTest.CHECK_COMPLETED).get(0);
        assertEquals("failure", done.path("conclusion").asText(), "an error fails the check (check.fail_on: error)");
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("Codertocat/.github"), summary);
        assertTrue(summary.contains("rules.AG201"), "the summary names the enforced key: " + summary);
        // Policy is read at the default branches' heads (once per commit; the other test may have
        // cached it), never at the pull request's head.
        assertEquals(0, github.requests(getRequestedFor(urlPathMatching(".*/asyncguard.yml")).withQueryParam("ref", equalTo(HEAD))).size());
    }

    @Test
    void unchangedPolicyIsNotReadAgainAndBranchHeadsAreAskedConditionally() {
        service.deliver("pull_request", PullRequests.opened());
        github.await(ReviewRunTest.CHECK_COMPLETED, 1, ReviewRunTest.WAIT);
        int reads = github.requests(getRequestedFor(urlPathMatching(".*/contents/.github/asyncguard.yml"))).size();
        service.deliver("pull_request", PullRequests.pullRequestEvent("opened.payload.json", "reopened", HEAD, false));
        github.await(ReviewRunTest.CHECK_COMPLETED, 2, ReviewRunTest.WAIT);

        assertTrue(reads <= 2, "at most one read per policy file");
        assertEquals(reads, github.requests(getRequestedFor(urlPathMatching(".*/contents/.github/asyncguard.yml"))).size(),
                "the branch heads did not move, so the second review reads no policy file");
        List<String> conditional = new ArrayList<>();
        github.requests(getRequestedFor(urlEqualTo(BASE + "/commits/main"))).forEach(r -> conditional.add(r.getHeader("If-None-Match")));
        assertEquals(List.of("\"" + REPO_HEAD + "\""), conditional.subList(conditional.size() - 1, conditional.size()),
                "the second request for the branch head carries the ETag of the first");
    }
}
