package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.python.Parser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Behaviour of the AG3xx–AG6xx rules that a fixture cannot show (broken files, stub files, options). */
class TaskAndThreadRulesTest {

    private static List<Integer> lines(String code, String path, String source, boolean selectAll) {
        RuleRegistry registry = RuleRegistry.builtIn();
        AnalysisOptions options = selectAll
                ? AnalysisOptions.select(registry, List.of("ALL"), List.of(), null)
                : AnalysisOptions.defaults(registry);
        List<Finding> findings = Analyzer.withBuiltInRules().analyze(dev.asyncguard.analysis.AnalysisInput.of(path, new Parser().parse(source)), options);
        return findings.stream().filter(f -> f.code().equals(code)).map(Finding::line).toList();
    }

    @Test
    void awaitOutsideAsyncIsQuietWhenTheFileDoesNotParse() {
        String body = """
                def load(client):
                    return await client.get("/settings")
                """;
        assertEquals(List.of(2), lines("AG305", "ok.py", body, false));
        assertEquals(List.of(), lines("AG305", "broken.py", body + "x = (\n", false));
    }

    @Test
    void asyncWithoutAwaitIsOffByDefaultAndSkipsStubFiles() {
        String source = """
                async def headers(token):
                    return {"Authorization": token}
                """;
        assertEquals(List.of(), lines("AG602", "api.py", source, false));
        assertEquals(List.of(1), lines("AG602", "api.py", source, true));
        assertEquals(List.of(), lines("AG602", "api.pyi", source, true));
    }

    @Test
    void blockingLogHandlerOnlyInModulesWithCoroutines() {
        String handler = """
                import logging.handlers
                h = logging.handlers.SysLogHandler()
                """;
        assertEquals(List.of(), lines("AG601", "cli.py", handler, false));
        assertEquals(List.of(2), lines("AG601", "api.py", handler + """
                async def serve():
                    await run()
                """, false));
    }

    @Test
    void threadTargetsAreFoundThroughPartialLambdaAndSubclass() {
        String source = """
                import asyncio
                import functools
                import threading

                def push(loop, value):
                    loop.call_soon(print, value)

                class Worker(threading.Thread):
                    def __init__(self, loop):
                        super().__init__()
                        self.loop = loop

                    def run(self):
                        self.loop.call_soon(print, "run")

                def start(loop):
                    threading.Thread(target=functools.partial(push, loop, 1)).start()
                    threading.Thread(target=lambda: loop.call_later(1, print)).start()
                    Worker(loop).start()
                """;
        assertEquals(List.of(6, 14, 18), lines("AG403", "bridge.py", source, false));
    }

    @Test
    void raceAcrossAwaitFollowsValuesNotCalls() {
        String source = """
                class Conn:
                    async def reconnect(self, factory):
                        port = self.port
                        sock = make_socket(port)
                        await sock.connect()
                        self.port = sock.port

                    async def restore(self, run):
                        saved = self.mode
                        self.mode = "maintenance"
                        try:
                            await run()
                        finally:
                            self.mode = saved

                    async def add(self, fetch):
                        n = len(self.items)
                        await fetch()
                        self.count = n
                        self.items = self.items[:n] + [1]
                        self.size = n + 1
                        self.seen = list(self.seen) + [await fetch()]
                """;
        // Only the writes whose value comes from a read before an await: the socket built from the
        // port and the restored mode are not reported.
        assertEquals(List.of(22), lines("AG401", "conn.py", source, false));
    }
}
