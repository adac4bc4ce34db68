package dev.asyncguard.review;

import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.DiffFilter;
import dev.asyncguard.diff.FilterMode;
import dev.asyncguard.diff.TempGitRepo;
import dev.asyncguard.diff.UnifiedDiff;
import dev.asyncguard.diff.UnifiedDiffParser;
import dev.asyncguard.python.ast.SourceRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One realistic change for review tests: a real git repository whose head adds pitfalls to
 * {@code service.py}, and the findings an analyzer reports on the head (built here as the
 * {@link Finding} records that are this code's real input).
 */
final class ReviewScenario {
    static final String PATH = "service.py";
    static final String BASE = """
            import asyncio
            import hashlib
            import time

            import requests


            async def refresh(client):
                await client.refresh()


            async def derive(password, salt):
                digest = hashlib.sha256(password + salt).digest()
                return digest


            async def banner():
                print("hello")


            async def spawn(job):
                await job()


            async def main():
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(None, print)


            def legacy():
                return requests.get("https://example.com")


            async def fetch():
                return requests.get("https://example.com")
            """;
    static final String HEAD = """
            import asyncio
            import hashlib
            import time

            import requests


            async def refresh(client):
                time.sleep(0.5)
                await client.refresh()


            async def derive(password, salt):
                digest = hashlib.pbkdf2_hmac(
                    "sha256", password, salt, 100_000
                )
                return digest


            async def banner():
                print("````markdown````"); time.sleep(1)


            async def spawn(job):
                asyncio.create_task(job())


            async def main():
                loop = asyncio.get_event_loop()
                await loop.run_in_executor(None, print)


            def legacy():
                return requests.get("https://example.com")


            async def fetch():
                return requests.get("https://example.com")
            """;

    final UnifiedDiff diff;
    final String headCommit;
    final List<Finding> findings;

    ReviewScenario(Path dir) {
        TempGitRepo repo = new TempGitRepo(dir);
        String base = repo.write(PATH, BASE).commit("base");
        headCommit = repo.write(PATH, HEAD).commit("head");
        diff = UnifiedDiffParser.parseGit(repo.git().diff(base, headCommit));
        findings = findings();
    }

    private static int lineOf(String text) {
        List<String> lines = HEAD.lines().toList();
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new IllegalArgumentException(text);
    }

    private static int col(int line, String text) {
        return HEAD.lines().toList().get(line - 1).indexOf(text);
    }

    /** The range of {@code text} on the (first) line that contains it. */
    static SourceRange at(String text) {
        int line = lineOf(text);
        return new SourceRange(line, col(line, text), line, col(line, text) + text.length());
    }

    static Finding finding(String code, String name, Severity severity, SourceRange range, String message, Fix fix) {
        return new Finding(code, name, severity, PATH, range, message, fix);
    }

    private static List<Finding> findings() {
        SourceRange sleep = at("time.sleep(0.5)");
        Finding blockingSleep = finding("AG201", "blocking-sleep", Severity.WARNING, sleep,
                "`time.sleep()` blocks the event loop: no other task runs until it returns.",
                Fix.safe("Use `await asyncio.sleep(...)`", List.of(new Edit(
                        new SourceRange(sleep.startLine(), sleep.startColumn(), sleep.startLine(), sleep.startColumn() + "time.sleep".length()),
                        "await asyncio.sleep"))));

        SourceRange call = at("hashlib.pbkdf2_hmac(");
        int argsLine = call.startLine() + 1;
        Finding cpuBound = finding("AG208", "cpu-bound-in-coroutine", Severity.WARNING,
                new SourceRange(call.startLine(), call.startColumn(), call.startLine() + 2, 5),
                "`hashlib.pbkdf2_hmac` runs for a long time on the event loop's thread; every other task waits.",
                Fix.safe("Run it in a worker thread with `asyncio.to_thread`", List.of(
                        new Edit(call, "await asyncio.to_thread("),
                        new Edit(SourceRange.of(argsLine, 8), "hashlib.pbkdf2_hmac, "))));

        SourceRange sleep1 = at("time.sleep(1)");
        Finding fenced = finding("AG201", "blocking-sleep", Severity.WARNING, sleep1,
                "`time.sleep()` blocks the event loop: no other task runs until it returns.",
                Fix.safe("Use `await asyncio.sleep(...)`", List.of(new Edit(
                        new SourceRange(sleep1.startLine(), sleep1.startColumn(), sleep1.startLine(), sleep1.startColumn() + "time.sleep".length()),
                        "await asyncio.sleep"))));

        Finding dangling = finding("AG301", "dangling-task", Severity.ERROR, at("asyncio.create_task(job())"),
                "The task returned by `asyncio.create_task` is dropped: the event loop keeps only a weak reference, so it can be "
                        + "garbage-collected before it finishes, and its exception is never retrieved.",
                Fix.display("Keep a reference until the task is done", """
                        background_tasks = set()

                        task = asyncio.create_task(job())
                        background_tasks.add(task)
                        task.add_done_callback(background_tasks.discard)"""));

        SourceRange getLoop = at("asyncio.get_event_loop()");
        Finding eventLoop = finding("AG104", "get-event-loop-in-coroutine", Severity.WARNING, getLoop,
                "In a coroutine the running loop is what you want; `asyncio.get_event_loop()` is deprecated for this use.",
                new Fix("Use `asyncio.get_running_loop()`", List.of(new Edit(getLoop, "asyncio.get_running_loop()")),
                        Applicability.UNSAFE, null));

        SourceRange asyncDef = at("async def banner():");
        Finding noAwait = finding("AG602", "async-without-await", Severity.INFO, asyncDef,
                "`banner` is declared `async` but never awaits anything.", null);

        int fetchLine = lineOf("async def fetch():") + 1;
        Finding http = finding("AG202", "blocking-http", Severity.ERROR,
                new SourceRange(fetchLine, 11, fetchLine, 46),
                "`requests.get` blocks the event loop while it waits for the network.",
                Fix.display("Use an async HTTP client", """
                        async with httpx.AsyncClient() as client:
                            return await client.get("https://example.com")"""));
        return List.of(blockingSleep, cpuBound, fenced, dangling, eventLoop, noAwait, http);
    }

    /** A fixed commit id for golden files (the real head's id changes with the clock). */
    static final String GOLDEN_COMMIT = "0123456789abcdef0123456789abcdef01234567";

    ReviewResult review(ReviewOptions options) {
        var marked = new DiffFilter(diff, options.filter()).mark(findings);
        return new ReviewComposer(options.withCommitId(GOLDEN_COMMIT)).compose(marked,
                Map.of(PATH, new SourceLines(HEAD)), diff, List.of());
    }

    static ReviewOptions fileFilter() {
        return ReviewOptions.defaults().withFilter(FilterMode.FILE).withPolicyText("""
                Filter: `file` · comment limit: 25 · suggestions: on
                Rules: all default rules; AG602 on at `info`.""");
    }
}
