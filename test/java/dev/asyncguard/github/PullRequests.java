package dev.asyncguard.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The pull request most service tests review, and payload variants of the real webhook samples. */
final class PullRequests {
    static final String OWNER = "Codertocat";
    static final String REPO = "Hello-World";
    static final int NUMBER = 2;
    static final long INSTALLATION = 1;
    static final String HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    static final String BASE = "/repos/" + OWNER + "/" + REPO;

    static final String WORKER = """
            import asyncio
            import time


            async def handler(request):
                time.sleep(0.5)
                return await request.json()
            """;
    /** GitHub's patch for WORKER: line 6 added (a string, not a text block: context lines start with a space). */
    static final String WORKER_PATCH = "@@ -4,3 +4,4 @@ import time\n"
            + " \n"
            + " async def handler(request):\n"
            + "+    time.sleep(0.5)\n"
            + "     return await request.json()";

    /** A second blocking sleep, on a line of the hunk the PR does not change (line 7). */
    static final String WORKER_WITH_OLD_SLEEP = """
            import asyncio
            import time


            async def handler(request):
                time.sleep(0.5)
                time.sleep(1)
                return await request.json()
            """;
    static final String WORKER_WITH_OLD_SLEEP_PATCH = "@@ -4,4 +4,5 @@ import time\n"
            + " \n"
            + " async def handler(request):\n"
            + "+    time.sleep(0.5)\n"
            + "     time.sleep(1)\n"
            + "     return await request.json()";

    private PullRequests() {}

    /** A modified Python file with one new blocking sleep, a README, and a removed Python file. */
    static List<GitHubFake.PrFile> typicalFiles() {
        return List.of(
                new GitHubFake.PrFile("app/worker.py", "modified", WORKER, WORKER_PATCH),
                new GitHubFake.PrFile("README.md", "modified", "# Hello\n", "@@ -1 +1 @@\n-# Hi\n+# Hello"),
                new GitHubFake.PrFile("app/old.py", "removed", null, "@@ -1,1 +0,0 @@\n-import time"));
    }

    /** The real {@code pull_request} sample with another action, head or draft flag. */
    static byte[] pullRequestEvent(String fixture, String action, String head, boolean draft) {
        ObjectNode p = (ObjectNode) GitHubFake.resource(fixture).deepCopy();
        p.put("action", action);
        ObjectNode pr = (ObjectNode) p.path("pull_request");
        pr.put("draft", draft);
        ((ObjectNode) pr.path("head")).put("sha", head);
        if (p.has("after")) p.put("after", head);
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] opened() {
        return GitHubFake.resourceBytes("opened.payload.json");
    }
}
