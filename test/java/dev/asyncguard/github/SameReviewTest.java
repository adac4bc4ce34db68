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
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.asyncguard.cli.Main;
import dev.asyncguard.diff.TempGitRepo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same change reviewed twice: locally by {@code asyncguard review --format github-review} over a real
 * git repository, and by the App for a pull request with that head (WireMock as GitHub captures
 * the POST). The bytes the command prints are the bytes the App posts: one composition, one writer
 * ({@code GithubReviewJson}), compared as strings, so a change of formatting on either side fails.
 */
class SameReviewTest extends ServiceTest {
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
        String posted = new String(posts.get(0).getBody(), StandardCharsets.UTF_8);

        Printed cli = review("--repo", dir.toString(), "--base", base, "--head", head, "--format", "github-review");
        assertEquals(1, cli.exit(), "the change has findings");
        assertEquals(posted, cli.out());

        // What both print is a real review of the change: the head's commit and marker, both findings inline.
        JsonNode body = new ObjectMapper().readTree(posted);
        assertEquals(head, body.path("commit_id").asText());
        assertTrue(body.path("body").asText().endsWith("\n\n<!-- asyncguard-review:" + head + " -->"), body.path("body").asText());
        assertEquals(2, body.path("comments").size(), posted);
    }

    @Test
    void theHeadShaNamesAnotherCommit() throws Exception {
        TempGitRepo local = new TempGitRepo(dir);
        String base = local.write("app/worker.py", BEFORE).commit("base");
        String head = local.write("app/worker.py", AFTER).commit("head");
        String prHead = "0123456789abcdef0123456789abcdef01234567";
        Printed cli = review("--repo", dir.toString(), "--base", base, "--head", head, "--head-sha", prHead,
                "--format", "github-review");
        JsonNode body = new ObjectMapper().readTree(cli.out());
        assertEquals(prHead, body.path("commit_id").asText());
        assertTrue(body.path("body").asText().endsWith("<!-- asyncguard-review:" + prHead + " -->"));

        assertEquals(2, review("--repo", dir.toString(), "--base", base, "--head-sha", "HEAD", "--format", "github-review").exit());
    }

    private record Printed(int exit, String out) {}

    private static Printed review(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "review";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            return new Printed(Main.run(command), printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
    }
}
