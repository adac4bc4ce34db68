package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.python.Parser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a finding says and proposes, where a fixture (which checks lines only) cannot tell: the
 * async counterpart named for each driver, the wording for what is not a request, the reason a
 * task is dropped, a later yield of a block.
 */
class RuleAdviceTest {

    private static List<Finding> findings(String code, String source) {
        RuleRegistry registry = RuleRegistry.builtIn();
        AnalysisOptions options = AnalysisOptions.select(registry, List.of("ALL"), List.of(), null);
        return Analyzer.withBuiltInRules().analyze(AnalysisInput.of("service.py", new Parser().parse(source)), options)
                .stream().filter(f -> f.code().equals(code)).toList();
    }

    private static Finding at(List<Finding> findings, int line) {
        return findings.stream().filter(f -> f.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no finding at line " + line + " in " + findings));
    }

    @Test
    void blockingDatabaseNamesTheAsyncCounterpartOfEachDriver() {
        List<Finding> found = findings("AG205", """
                import sqlite3
                import pymongo
                import redis
                import psycopg2
                import pymysql

                r = redis.Redis()
                mongo = pymongo.MongoClient()

                async def handler(key):
                    v = r.get(key)
                    doc = mongo.db.users.find_one({"k": key})
                    conn = psycopg2.connect("dbname=x")
                    other = pymysql.connect(host="h")
                    db = sqlite3.connect("x.db")
                    return v, doc, conn, other, db
                """);
        assertEquals(List.of(11, 12, 13, 14, 15), found.stream().map(Finding::line).toList());
        assertAdvice(at(found, 11), "redis.asyncio", "aiosqlite", "asyncpg");
        assertAdvice(at(found, 12), "AsyncMongoClient", "aiosqlite", "redis.asyncio");
        assertAdvice(at(found, 13), "asyncpg", "aiosqlite", "redis.asyncio");
        assertAdvice(at(found, 14), "aiomysql", "aiosqlite", "asyncpg");
        assertAdvice(at(found, 15), "aiosqlite", "redis.asyncio", "asyncpg");
    }

    /** The message and the fix (title, and example where there is one) name {@code expected} and none of {@code others}. */
    private static void assertAdvice(Finding f, String expected, String... others) {
        String fix = f.fix().title() + "\n" + (f.fix().example() == null ? "" : f.fix().example());
        assertTrue(f.message().contains(expected), f.message());
        assertTrue(fix.contains(expected), fix);
        for (String other : others) {
            assertFalse(f.message().contains(other), f.message());
            assertFalse(fix.contains(other), fix);
        }
    }

    @Test
    void closingASyncHttpClientIsNotCalledARequest() {
        List<Finding> found = findings("AG202", """
                import httpx
                import requests

                client = httpx.Client()

                async def stop(url):
                    session = requests.Session()
                    session.get(url)
                    session.close()
                    client.close()
                """);
        assertEquals(List.of(8, 9, 10), found.stream().map(Finding::line).toList());
        assertTrue(at(found, 8).message().contains("is a synchronous HTTP request"), at(found, 8).message());
        for (int line : List.of(9, 10)) {
            Finding close = at(found, line);
            assertEquals(Confidence.LOW, close.confidence());
            assertTrue(close.message().contains("closes a synchronous HTTP client"), close.message());
            assertFalse(close.message().contains("is a synchronous HTTP request"), close.message());
        }
    }

    @Test
    void danglingTaskSaysWhyTheTaskIsDropped() {
        List<Finding> found = findings("AG301", """
                import asyncio

                async def work():
                    await asyncio.sleep(0)

                def schedule(loop, coros, flag):
                    (asyncio.create_task(c) for c in coros)
                    if asyncio.create_task(work()):
                        pass
                    loop.call_later(1, lambda: asyncio.create_task(work()))
                    loop.call_soon_threadsafe(asyncio.create_task, work())
                    list(map(asyncio.create_task, coros))
                """);
        assertEquals(List.of(7, 8, 10, 11, 12), found.stream().map(Finding::line).toList());
        assertTrue(at(found, 7).message().contains("no task is ever created"), at(found, 7).message());
        assertTrue(at(found, 8).message().contains("only tested for truth"), at(found, 8).message());
        assertTrue(at(found, 10).message().contains("to call_later()"), at(found, 10).message());
        assertTrue(at(found, 11).message().contains("call_soon_threadsafe() ignores what its callback returns"),
                at(found, 11).message());
        assertTrue(at(found, 12).message().startsWith("the task is not kept"), at(found, 12).message());
    }

    @Test
    void laterYieldsOfOneBlockPointAtItsFirst() {
        List<Finding> found = findings("AG503", """
                async def rows(pool):
                    async with pool.acquire() as conn:
                        yield await conn.fetchrow("SELECT 1")
                        async for row in conn.cursor("SELECT 2"):
                            yield row
                """);
        assertEquals(List.of(3, 5), found.stream().map(Finding::line).toList());
        assertEquals(Confidence.HIGH, at(found, 3).confidence());
        assertEquals(Confidence.LOW, at(found, 5).confidence());
        assertTrue(at(found, 5).message().contains("as at line 3"), at(found, 5).message());
    }
}
