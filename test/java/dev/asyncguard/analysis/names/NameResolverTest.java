package dev.asyncguard.analysis.names;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Nodes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What names refer to. Each snippet calls {@code probe(expr)} where a question is asked; the
 * value paths of the probed expressions, in source order, are compared.
 */
class NameResolverTest {

    private static List<String> probes(String code) {
        ParseResult parsed = new Parser().parse(code);
        assertTrue(parsed.diagnostics().isEmpty(), parsed.diagnostics().toString());
        NameResolver names = NameResolver.of(parsed.module());
        List<String> out = new ArrayList<>();
        Nodes.walk(parsed.module(), n -> {
            if (n instanceof Expr.Call c && c.func() instanceof Expr.Name f && f.id().equals("probe")) {
                out.add(String.valueOf(names.valuePath(c.args().get(0))));
            }
        });
        return out;
    }

    private static void assertProbes(String code, String... expected) {
        assertEquals(Arrays.asList(expected), probes(code));
    }

    @Test
    void importsInAllTheirForms() {
        assertProbes("""
                import time as t
                import os.path
                import urllib.request as ur
                from time import sleep as nap
                from . import models
                from ..db import Session
                probe(t.sleep)
                probe(os.path.exists)
                probe(ur.urlopen)
                probe(nap)
                probe(models.User)
                probe(Session)
                """, "time.sleep", "os.path.exists", "urllib.request.urlopen", "time.sleep", ".models.User",
                "..db.Session");
    }

    @Test
    void unboundNamesAreTheirSpellingAndBuiltinsAreBuiltins() {
        assertProbes("""
                probe(subprocess.run)
                probe(open)
                def f(open):
                    probe(open)
                """, "subprocess.run", "builtins.open", "null");
    }

    @Test
    void aNameBoundToSomethingElseIsNotTheModule() {
        assertProbes("""
                import time
                def f(time):
                    probe(time.sleep)
                def g():
                    time = make_clock()
                    probe(time.sleep)
                def h():
                    probe(time.sleep)
                """, "null", "make_clock().sleep", "time.sleep");
    }

    @Test
    void callResultsWithTargetsAndAnnotations() {
        assertProbes("""
                import sqlite3, asyncio
                from pathlib import Path
                from typing import Optional
                db = sqlite3.connect("x")
                cur = db.cursor()
                probe(cur)
                def f(p):
                    with open(p) as fh:
                        probe(fh)
                def g(loop: asyncio.AbstractEventLoop, path: Optional[Path], other: "Path | None", q: Path | None):
                    probe(loop)
                    probe(path)
                    probe(q)
                    probe(Path(__file__).parent / "x")
                """, "sqlite3.connect().cursor()", "builtins.open()", "asyncio.AbstractEventLoop()", "pathlib.Path()",
                "pathlib.Path()", "pathlib.Path()");
    }

    @Test
    void instanceAttributesAssignedInMethods() {
        assertProbes("""
                import threading, asyncio
                class Worker:
                    lock_kind = threading.RLock()
                    def __init__(self):
                        self.lock = threading.Lock()
                        self.conn = None
                    def connect(self):
                        self.conn = make_conn()
                    async def run(self):
                        probe(self.lock)
                        probe(self.conn)
                        probe(self.lock_kind)
                        probe(self.missing)
                    @staticmethod
                    def helper(self):
                        probe(self.lock)
                class Thread2(threading.Thread):
                    pass
                probe(Thread2())
                """, "threading.Lock()", "make_conn()", "threading.RLock()", "null", "null", "threading.Thread()");
    }

    @Test
    void theLastBindingBeforeTheUseWins() {
        assertProbes("""
                import asyncio
                def f():
                    loop = asyncio.new_event_loop()
                    probe(loop)
                    loop = make_other()
                    probe(loop)
                x = 1
                x = foo()
                conn = None
                conn = sqlite3.connect()
                def g():
                    probe(x)
                    probe(conn)
                """, "asyncio.AbstractEventLoop()", "make_other()", "null", "sqlite3.connect()");
    }

    @Test
    void scopesFollowPython() {
        assertProbes("""
                import time
                class C:
                    time = fake_time()
                    def m(self):
                        probe(time.sleep)
                def outer():
                    time = fake()
                    def inner():
                        probe(time)
                    def g():
                        global time
                        probe(time)
                    probe([time for time in range(3)])
                """, "time.sleep", "fake()", "time", "null");
    }

    @Test
    void spellingOfAModuleAtAPlace() {
        ParseResult parsed = new Parser().parse("""
                import asyncio as aio
                from asyncio import sleep
                def f(aio):
                    return aio
                async def g():
                    return sleep
                """);
        NameResolver names = NameResolver.of(parsed.module());
        List<Expr.Name> returned = new ArrayList<>();
        Nodes.walk(parsed.module(), n -> {
            if (n instanceof dev.asyncguard.python.ast.Stmt.Return r && r.value() instanceof Expr.Name name) {
                returned.add(name);
            }
        });
        assertEquals("aio", names.spellingOf("asyncio", null));
        assertEquals(null, names.spellingOf("asyncio", returned.get(0)), "the parameter shadows the import");
        assertEquals("aio", names.spellingOf("asyncio", returned.get(1)));
        assertEquals("sleep", names.spellingOf("asyncio.sleep", returned.get(1)));
        assertEquals(null, names.spellingOf("asyncio.to_thread", returned.get(1)));
    }
    /**
     * The names whose return types the project would be asked about for an expression: the ones a
     * path goes through (not a local def's, whose return is read here), whatever was asked before,
     * and the resolver's answers stay what they were.
     */
    @Test
    void projectReturnsAskedNameTheFunctionsAPathGoesThrough() {
        ParseResult parsed = new Parser().parse("""
                import queue
                from .db import get_redis, connect

                def make_queue():
                    return queue.Queue()

                client = get_redis()
                probe(client.get)
                probe(connect().cursor().execute)
                probe(make_queue().get)
                """);
        NameResolver names = NameResolver.of(parsed.module());
        List<Expr> probed = new ArrayList<>();
        Nodes.walk(parsed.module(), n -> {
            if (n instanceof Expr.Call c && c.func() instanceof Expr.Name f && f.id().equals("probe")) {
                probed.add(c.args().get(0));
            }
        });
        List<String> before = probed.stream().map(names::valuePath).toList();
        assertEquals(List.of(".db.get_redis().get", ".db.connect().cursor().execute", "queue.Queue().get"), before);
        java.util.function.Function<String, String> project = n -> n.startsWith(".") ? "app" + n : null;
        assertEquals(java.util.Set.of("app.db.get_redis"), names.projectReturnsAsked(project, probed.get(0)));
        assertEquals(java.util.Set.of("app.db.connect"), names.projectReturnsAsked(project, probed.get(1)));
        assertEquals(java.util.Set.of(), names.projectReturnsAsked(project, probed.get(2)));
        // Asked again (now that the answers are remembered), the same names; the answers unchanged.
        assertEquals(java.util.Set.of("app.db.get_redis"), names.projectReturnsAsked(project, probed.get(0)));
        assertEquals(before, probed.stream().map(names::valuePath).toList());
        // With the project's return types, the path changes exactly through those names.
        names.useProjectTypes(n -> n.equals(".db.get_redis") ? "redis.Redis()" : null, null);
        assertEquals("redis.Redis().get", names.valuePath(probed.get(0)));
    }
}
