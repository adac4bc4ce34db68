package dev.asyncguard.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Confidence that depends on the whole file, which one fixture file per rule cannot show both
 * ways: small files marked like the rule fixtures ({@code # expect: AGnnn(low)}).
 */
class ConfidenceFixturesTest {

    private static List<String> differences(String name, String source) {
        return RuleFixturesTest.compare(name, source, AnalysisOptions.defaults(RuleRegistry.builtIn()));
    }

    @Test
    void getEventLoopInACoroutineIsLowWhereTheFileNeverUsesGetRunningLoop() {
        assertEquals(List.of(), differences("legacy_client.py", """
                import asyncio


                async def connect(host, port):
                    # This module still runs on Python 3.6, which has no get_running_loop().
                    loop = asyncio.get_event_loop()  # expect: AG104(low)
                    return await loop.create_connection(asyncio.Protocol, host, port)
                """));
    }

    /**
     * A branch that cannot run ({@code else} of {@code if True:}, the body of {@code if False:}): code
     * generated for two flavours keeps the other flavour's line there (psycopg's {@code if True:  # ASYNC}).
     * No finding there; the same lines where they run are reported.
     */
    @Test
    void nothingIsReportedInABranchThatCannotRun() {
        assertEquals(List.of(), differences("connection_async.py", """
                import asyncio
                import socket
                import time


                async def resolve(host, port):
                    if True:  # ASYNC
                        loop = asyncio.get_running_loop()
                        return await loop.getaddrinfo(host, port)
                    else:
                        return socket.getaddrinfo(host, port)


                async def resolve_now(host, port):
                    return socket.getaddrinfo(host, port)  # expect: AG207


                async def pause():
                    if 0:
                        time.sleep(1)
                    elif not False:
                        time.sleep(1)  # expect: AG201
                    else:
                        time.sleep(2)


                class Connection:
                    def _set_autocommit(self, value):
                        if True:  # ASYNC
                            raise TypeError("use await set_autocommit()")
                        else:
                            self.set_autocommit(value)

                    def _set_read_only(self, value):
                        self.set_read_only(value)  # expect: AG302

                    async def set_autocommit(self, value):
                        await asyncio.sleep(0)

                    async def set_read_only(self, value):
                        await asyncio.sleep(0)
                """));
    }

    @Test
    void cancellationSwallowedInATrioOnlyModuleIsNotReported() {
        assertEquals(List.of(), differences("trio_worker.py", """
                import trio


                async def worker(receive):
                    try:
                        async for item in receive:
                            await trio.sleep(0)
                    except BaseException:
                        pass
                    await trio.sleep(1)
                """));
    }

    @Test
    void getEventLoopInTheMainBlockOfAPackageModuleIsLowAndInItsMainModuleIsNot() {
        String demo = """
                import asyncio


                async def main():
                    await asyncio.sleep(0)


                if __name__ == "__main__":
                    loop = asyncio.get_event_loop()  # expect: AG105%s
                    loop.run_until_complete(main())
                """;
        // A module written to be imported: its main block is its authors' demo.
        assertEquals(List.of(), differences("serial_tool/__init__.py", demo.formatted("(low)")));
        assertEquals(List.of(), differences("serial_tool/protocol.py", demo.formatted("(low)")));
        // The package's entry and a script standing alone: what users run.
        assertEquals(List.of(), differences("serial_tool/__main__.py", demo.formatted("")));
        assertEquals(List.of(), differences("serial_demo.py", demo.formatted("")));
    }

    /**
     * A coroutine that a thread runs alone on a loop of its own (here through {@code asyncio.run} imported
     * under another name) blocks only that loop: LOW. The same coroutine when nothing runs it so is HIGH
     * (a file without such a run is not searched for threaded code at all).
     */
    @Test
    void aBlockingWaitInACoroutineAThreadRunsAloneIsLowAndElsewhereHigh() {
        String poller = """
                import asyncio
                import threading
                from asyncio import run as run_on_own_loop


                class Poller(threading.Thread):
                    def __init__(self, sock):
                        super().__init__(daemon=True)
                        self.sock = sock
                        self._exit = threading.Event()

                    def run(self):
                        %s

                    async def _poll(self):
                        while not self._exit.is_set():
                            await self.sock.send(b"ping")
                            self._exit.wait(3.0)  # expect: AG206%s
                """;
        assertEquals(List.of(), differences("poller.py", poller.formatted("run_on_own_loop(self._poll())", "(low)")));
        assertEquals(List.of(), differences("poller.py", poller.formatted("print(self._poll)", "")));
    }
}
