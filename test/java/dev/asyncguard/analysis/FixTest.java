package dev.asyncguard.analysis;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fixes as before → after Python text: the edits applied to the source, and the result still parses. */
class FixTest {

    private static Finding only(String code, String before, PythonVersion target) {
        ParseResult parsed = new Parser().parse(before);
        assertTrue(parsed.diagnostics().isEmpty(), "before does not parse: " + parsed.diagnostics());
        List<Finding> findings = Analyzer.withBuiltInRules().analyze(dev.asyncguard.analysis.AnalysisInput.of("t.py", parsed),
                AnalysisOptions.defaults(RuleRegistry.builtIn()).withTargetVersion(target));
        List<Finding> ofCode = findings.stream().filter(f -> f.code().equals(code)).toList();
        assertEquals(1, ofCode.size(), "findings: " + findings);
        assertNotNull(ofCode.get(0).fix());
        return ofCode.get(0);
    }

    private static void assertFix(String code, String before, String after) {
        assertFix(code, before, after, Applicability.SAFE, PythonVersion.DEFAULT);
    }

    private static void assertFix(String code, String before, String after, Applicability applicability,
                                  PythonVersion target) {
        Finding f = only(code, before, target);
        assertEquals(applicability, f.fix().applicability(), f.fix().toString());
        String fixed = new SourceLines(before).apply(f.fix().edits());
        assertEquals(after, fixed);
        ParseResult reparsed = new Parser().parse(fixed);
        assertTrue(reparsed.diagnostics().isEmpty(), "the fixed code does not parse: " + reparsed.diagnostics());
    }

    private static void assertDisplayOnly(String code, String before, PythonVersion target) {
        Finding f = only(code, before, target);
        assertEquals(Applicability.DISPLAY_ONLY, f.fix().applicability());
        assertTrue(f.fix().edits().isEmpty());
        assertNotNull(f.fix().example());
    }

    @Test
    void sleepBecomesAsyncioSleep() {
        assertFix("AG201", """
                import asyncio
                import time

                async def poll():
                    time.sleep(0.5)
                """, """
                import asyncio
                import time

                async def poll():
                    await asyncio.sleep(0.5)
                """);
    }

    @Test
    void sleepUsesTheFilesOwnNameForAsyncio() {
        assertFix("AG201", """
                import asyncio as aio
                from time import sleep as nap

                async def poll(delay):
                    nap(delay * 2)
                """, """
                import asyncio as aio
                from time import sleep as nap

                async def poll(delay):
                    await aio.sleep(delay * 2)
                """);
        assertFix("AG201", """
                from asyncio import sleep as asleep
                import time

                async def poll():
                    time.sleep(1)
                """, """
                from asyncio import sleep as asleep
                import time

                async def poll():
                    await asleep(1)
                """);
    }

    @Test
    void sleepInsideAnExpressionIsParenthesized() {
        assertFix("AG201", """
                import asyncio, time

                async def poll():
                    done = time.sleep(1) or True
                    return done
                """, """
                import asyncio, time

                async def poll():
                    done = (await asyncio.sleep(1)) or True
                    return done
                """);
    }

    @Test
    void withoutAVisibleAsyncioTheFixIsOnlyShown() {
        assertDisplayOnly("AG201", """
                import time

                async def poll():
                    time.sleep(1)
                """, PythonVersion.DEFAULT);
        // A parameter called asyncio is not the module.
        assertDisplayOnly("AG201", """
                import asyncio
                import time

                async def poll(asyncio):
                    time.sleep(1)
                """, PythonVersion.DEFAULT);
    }

    @Test
    void getEventLoopBecomesGetRunningLoop() {
        assertFix("AG104", """
                import asyncio

                async def schedule(cb):
                    loop = asyncio.get_event_loop()
                    loop.call_soon(cb)
                """, """
                import asyncio

                async def schedule(cb):
                    loop = asyncio.get_running_loop()
                    loop.call_soon(cb)
                """);
        assertFix("AG104", """
                from asyncio import get_event_loop, get_running_loop

                async def schedule():
                    return get_event_loop()
                """, """
                from asyncio import get_event_loop, get_running_loop

                async def schedule():
                    return get_running_loop()
                """);
        assertDisplayOnly("AG104", """
                from asyncio import get_event_loop

                async def schedule():
                    return get_event_loop()
                """, PythonVersion.DEFAULT);
    }

    @Test
    void blockingCallsMoveToAThread() {
        assertFix("AG202", """
                import asyncio
                import requests

                async def fetch(url):
                    response = requests.get(url, timeout=5)
                    return response.json()
                """, """
                import asyncio
                import requests

                async def fetch(url):
                    response = await asyncio.to_thread(requests.get, url, timeout=5)
                    return response.json()
                """);
        assertFix("AG208", """
                import asyncio, hashlib

                async def derive(secret, salt):
                    return hashlib.scrypt(secret, salt=salt, n=2**14, r=8, p=1)
                """, """
                import asyncio, hashlib

                async def derive(secret, salt):
                    return await asyncio.to_thread(hashlib.scrypt, secret, salt=salt, n=2**14, r=8, p=1)
                """);
    }

    @Test
    void argumentsOnTheirOwnLinesKeepTheirLayout() {
        assertFix("AG203", """
                import asyncio
                import subprocess

                async def build():
                    subprocess.run(
                        ["make", "all"],  # the whole tree
                        check=True,
                    )
                """, """
                import asyncio
                import subprocess

                async def build():
                    await asyncio.to_thread(subprocess.run,
                        ["make", "all"],  # the whole tree
                        check=True,
                    )
                """);
    }

    @Test
    void noOffloadBeforePython39OrInsideLargerExpressions() {
        String code = """
                import asyncio
                import requests

                async def fetch(url):
                    return requests.get(url).json()
                """;
        assertDisplayOnly("AG202", code, PythonVersion.DEFAULT);
        assertDisplayOnly("AG202", """
                import asyncio
                import requests

                async def fetch(url):
                    response = requests.get(url)
                    return response
                """, new PythonVersion(3, 8));
    }

    @Test
    void databaseCallsAreNotMechanicallyOffloaded() {
        assertFix("AG205", """
                import asyncio
                import sqlite3

                async def count(path):
                    conn = sqlite3.connect(path)
                """, """
                import asyncio
                import sqlite3

                async def count(path):
                    conn = await asyncio.to_thread(sqlite3.connect, path)
                """, Applicability.UNSAFE, PythonVersion.DEFAULT);
    }
}
