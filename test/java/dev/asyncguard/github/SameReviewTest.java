package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.asyncguard.github.PullRequests.BASE;
import static dev.asyncguard.github.PullRequests.INSTALLATION;
import static dev.asyncguard.github.PullRequests.NUMBER;
import static dev.asyncguard.github.PullRequests.OWNER;
import static dev.asyncguard.github.PullRequests.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.asyncguard.cli.Main;
import dev.asyncguard.diff.TempGitRepo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same change reviewed twice: locally by {@code asyncguard review --format github} over a real
 * git repository, and by the App for a pull request with that head (WireMock as GitHub captures
 * the POST). The App's request body is the command's output, compacted, with only the App's
 * marker appended to the review body: one composition, one writer.
 */
class SameReviewTest extends ServiceTest {
    private static final Pattern MARKER = Pattern.compile("\n\n<!-- asyncguard-review:[^\n]* -->$");
    private static final String BEFORE = """
            import asyncio
            import time


            async def handler(request):
                return await request.json()
            """;
    /** Two findings: a blocking sleep (a one-click suggestion) and a dangling task. */
    private static final String AFTER = """
            import asyncio
            import time


            async def handler(request):
                time.sleep(0.5)
                asyncio.create_task(request.log())
                return await request.json()
            """;

    @TempDir
    Path dir;

    @Test
    void theCommandPrintsWhatTheAppPosts() throws Exception {
        TempGitRepo local = new TempGitRepo(dir);
        String base = local.write("app/worker.py", BEFORE).commit("base");
        String head = local.write("app/worker.py", AFTER).commit("head");
        String diff = new String(local.git().run("diff", base, head, "--", "app/worker.py"), StandardCharsets.UTF_8);
        String patch = diff.substring(diff.indexOf("@@")).stripTrailing();   // GitHub's patch: the hunks

        github.reset();
        github.installation(INSTALLATION);
        github.pullRequest(OWNER, REPO, NUMBER, head, false,
                List.of(new GitHubFake.PrFile("app/worker.py", "modified", AFTER, patch)));
        assertEquals(202, service.deliver("pull_request",
                PullRequests.pullRequestEvent("opened.payload.json", "opened", head, false)).statusCode());
        github.await(patchRequestedFor(urlPathMatching(BASE + "/check-runs/\\d+"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("completed"))), 1, Duration.ofSeconds(10));
        List<LoggedRequest> posts = github.requests(postRequestedFor(urlEqualTo(BASE + "/pulls/" + NUMBER + "/reviews")));
        assertEquals(1, posts.size());
        String posted = posts.get(0).getBodyAsString();

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = Main.run("review", "--repo", dir.toString(), "--base", base, "--head", head, "--format", "github");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(1, exit, "the change has findings");
        ObjectMapper json = new ObjectMapper();
        ObjectNode cli = (ObjectNode) json.readTree(printed.toString(StandardCharsets.UTF_8));
        assertEquals(2, cli.path("comments").size(), cli.toPrettyString());

        // The App's body is the printed body plus its marker; everything else is the same bytes.
        String postedBody = json.readTree(posted).path("body").asText();
        String printedBody = cli.path("body").asText();
        assertTrue(postedBody.startsWith(printedBody), postedBody);
        Matcher marker = MARKER.matcher(postedBody.substring(printedBody.length()));
        assertTrue(marker.matches(), "only the App's marker follows the body: " + postedBody.substring(printedBody.length()));
        cli.put("body", postedBody);
        assertEquals(json.writeValueAsString(cli), posted);
    }
}
