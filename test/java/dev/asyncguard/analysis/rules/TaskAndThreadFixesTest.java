package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.PythonVersion;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The safe fixes of AG302, AG306, AG403 and AG501 as before → after text; the result must parse and be clean of the rule. */
class TaskAndThreadFixesTest {

    private static Finding finding(String code, String source, PythonVersion target) {
        ParseResult parsed = new Parser().parse(source);
        assertTrue(parsed.ok(), "does not parse: " + parsed.diagnostics());
        List<Finding> findings = Analyzer.withBuiltInRules().analyze(dev.asyncguard.analysis.AnalysisInput.of("service.py", parsed),
                AnalysisOptions.defaults(RuleRegistry.builtIn()).withTargetVersion(target)).stream()
                .filter(f -> f.code().equals(code)).toList();
        assertEquals(1, findings.size(), "findings of " + code + ": " + findings);
        return findings.get(0);
    }

    /** Applies the rule's SAFE fix to {@code before}, checks the text, and that the rule is quiet on the result. */
    private static void safeFix(String code, String before, String after) {
        Finding f = finding(code, before, PythonVersion.parse("3.12"));
        assertEquals(Applicability.SAFE, f.fix().applicability(), String.valueOf(f.fix()));
        String fixed = new SourceLines(before).apply(f.fix().edits());
        assertEquals(after, fixed);
        ParseResult again = new Parser().parse(fixed);
        assertTrue(again.ok(), "the fixed code does not parse: " + again.diagnostics());
        assertTrue(Analyzer.withBuiltInRules().analyze(dev.asyncguard.analysis.AnalysisInput.of("service.py", again),
                        AnalysisOptions.defaults(RuleRegistry.builtIn()).withTargetVersion(PythonVersion.parse("3.12")))
                .stream().noneMatch(x -> x.code().equals(code)), "still reported after the fix");
    }

    @Test
    void droppedCoroutineGetsAwait() {
        safeFix("AG302", """
                class Session:
                    async def close(self):
                        await self.conn.close()

                    async def __aexit__(self, *exc):
                        self.close()
                """, """
                class Session:
                    async def close(self):
                        await self.conn.close()

                    async def __aexit__(self, *exc):
                        await self.close()
                """);
    }

    @Test
    void droppedCoroutineOutsideACoroutineHasNoFix() {
        Finding f = finding("AG302", """
                async def publish(event):
                    pass

                def hook():
                    publish("x")
                """, PythonVersion.DEFAULT);
        assertNull(f.fix());
    }

    @Test
    void callSoonFromAThreadBecomesThreadsafe() {
        safeFix("AG403", """
                import asyncio
                import threading

                def poll(loop: asyncio.AbstractEventLoop, queue):
                    loop.call_soon(queue.put_nowait, 1)

                def start(loop, queue):
                    threading.Thread(target=poll, args=(loop, queue)).start()
                """, """
                import asyncio
                import threading

                def poll(loop: asyncio.AbstractEventLoop, queue):
                    loop.call_soon_threadsafe(queue.put_nowait, 1)

                def start(loop, queue):
                    threading.Thread(target=poll, args=(loop, queue)).start()
                """);
    }

    @Test
    void futureCompletedFromAThreadGoesThroughItsLoop() {
        safeFix("AG403", """
                import asyncio
                import threading

                def work(done: asyncio.Future):
                    done.set_result(compute(
                        42))

                def start(done):
                    threading.Timer(1.0, work, args=(done,)).start()
                """, """
                import asyncio
                import threading

                def work(done: asyncio.Future):
                    done.get_loop().call_soon_threadsafe(done.set_result, compute(
                        42))

                def start(done):
                    threading.Timer(1.0, work, args=(done,)).start()
                """);
    }

    @Test
    void callLaterFromAThreadIsOnlyShown() {
        Finding f = finding("AG403", """
                import threading

                def tick(loop):
                    loop.call_later(1, print)

                threading.Thread(target=tick, args=(None,)).start()
                """, PythonVersion.DEFAULT);
        assertEquals(Applicability.DISPLAY_ONLY, f.fix().applicability());
    }

    @Test
    void earlyExitLoopIsWrappedInAclosing() {
        safeFix("AG501", """
                import contextlib

                async def rows(pool):
                    yield 1

                async def first_big(pool):
                    async for row in rows(pool):  # the first one
                        if row > 10:
                            return row

                        print(row)
                    return None
                """, """
                import contextlib

                async def rows(pool):
                    yield 1

                async def first_big(pool):
                    async with contextlib.aclosing(rows(pool)) as rows_items:  # the first one
                        async for row in rows_items:
                            if row > 10:
                                return row

                            print(row)
                    return None
                """);
    }

    @Test
    void aclosingImportedByNameAndMultiLineCall() {
        safeFix("AG501", """
                from contextlib import aclosing

                class Repo:
                    async def stream(self, status, limit):
                        yield status

                    async def find(self):
                        async for item in self.stream(
                            "open", limit=5,
                        ):
                            break
                """, """
                from contextlib import aclosing

                class Repo:
                    async def stream(self, status, limit):
                        yield status

                    async def find(self):
                        async with aclosing(self.stream(
                            "open", limit=5,
                        )) as stream_items:
                            async for item in stream_items:
                                break
                """);
    }

    @Test
    void missingContextlibImportIsAdded() {
        safeFix("AG501", """
                import asyncio

                async def pages():
                    yield 1

                async def first():
                    async for p in pages():
                        return p
                """, """
                import contextlib
                import asyncio

                async def pages():
                    yield 1

                async def first():
                    async with contextlib.aclosing(pages()) as pages_items:
                        async for p in pages_items:
                            return p
                """);
    }

    @Test
    void aclosingNeedsPython310AndNoMultiLineStrings() {
        String gen = """
                import contextlib

                async def pages():
                    yield 1

                async def first():
                    async for p in pages():
                        return p
                """;
        assertEquals(Applicability.DISPLAY_ONLY, finding("AG501", gen, PythonVersion.parse("3.9")).fix().applicability());
        String multiLine = """
                import contextlib

                async def pages():
                    yield 1

                async def first():
                    async for p in pages():
                        print(\"\"\"a
                b\"\"\")
                        return p
                """;
        assertEquals(Applicability.DISPLAY_ONLY,
                finding("AG501", multiLine, PythonVersion.parse("3.12")).fix().applicability());
    }

    @Test
    void plainWithOfATimeoutBecomesAsyncWith() {
        safeFix("AG306", """
                import asyncio

                async def fetch(reader):
                    with asyncio.timeout(5):
                        return await reader.read()
                """, """
                import asyncio

                async def fetch(reader):
                    async with asyncio.timeout(5):
                        return await reader.read()
                """);
        String outsideCoroutine = """
                import asyncio

                def fetch(reader):
                    with asyncio.timeout(5):
                        return reader.read()
                """;
        assertEquals(Applicability.DISPLAY_ONLY,
                finding("AG306", outsideCoroutine, PythonVersion.parse("3.12")).fix().applicability());
    }
}
