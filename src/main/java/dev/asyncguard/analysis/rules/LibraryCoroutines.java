package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Methods of well-known asyncio libraries' objects that return a coroutine (or an awaitable that
 * does nothing until awaited): {@code session.close()} of an aiohttp session, {@code ws.send()} of
 * a websockets connection. The object is known by what built it: a call ({@code aiohttp.ClientSession()}),
 * an awaited call ({@code ws = await websockets.connect(url)}), or a property returning either.
 * One table; another library is a row.
 */
final class LibraryCoroutines {
    private LibraryCoroutines() {}

    private static final String AIOHTTP_SESSION = "aiohttp.ClientSession()";
    private static final String AIOHTTP_CLIENT_WS = "aiohttp.ClientWebSocketResponse()";
    private static final String AIOHTTP_SERVER_WS = "aiohttp.web.WebSocketResponse()";
    private static final String AIOHTTP_RESPONSE = "aiohttp.web.StreamResponse()";
    private static final String HTTPX_ASYNC = "httpx.AsyncClient()";
    private static final String WEBSOCKETS = "websockets.connect()";
    private static final String ASYNCPG_CONNECTION = "asyncpg.connect()";
    private static final String ASYNCPG_POOL = "asyncpg.create_pool()";
    private static final String AIOSQLITE = "aiosqlite.connect()";
    private static final String REDIS_ASYNC = "redis.asyncio.Redis()";
    private static final String AIOHTTP_RESOLVER = "aiohttp.DefaultResolver()";

    private static final Set<String> WS_METHODS = Set.of("close", "send_str", "send_bytes", "send_json", "receive",
            "receive_str", "receive_bytes", "receive_json", "ping", "pong");

    /** Receiver type → its methods that give a coroutine. */
    private static final Map<String, Set<String>> METHODS = Map.ofEntries(
            Map.entry(AIOHTTP_SESSION, Set.of("close", "get", "post", "put", "patch", "delete", "head", "options", "request",
                    "ws_connect")),
            Map.entry(AIOHTTP_CLIENT_WS, WS_METHODS),
            Map.entry(AIOHTTP_SERVER_WS, union(WS_METHODS, Set.of("prepare"))),
            Map.entry(AIOHTTP_RESPONSE, Set.of("prepare", "write", "write_eof")),
            Map.entry(HTTPX_ASYNC, Set.of("aclose", "get", "post", "put", "patch", "delete", "head", "options", "request", "send")),
            Map.entry(WEBSOCKETS, Set.of("close", "send", "recv", "ping", "pong", "wait_closed")),
            Map.entry(ASYNCPG_CONNECTION, Set.of("close", "execute", "executemany", "fetch", "fetchrow", "fetchval")),
            Map.entry(ASYNCPG_POOL, Set.of("close", "execute", "executemany", "fetch", "fetchrow", "fetchval", "release")),
            Map.entry(AIOSQLITE, Set.of("close", "execute", "executemany", "executescript", "commit", "rollback")),
            Map.entry(AIOHTTP_RESOLVER, Set.of("close", "resolve")),
            Map.entry(REDIS_ASYNC, Set.of("close", "aclose", "get", "set", "delete", "publish", "expire", "incr", "decr", "hset",
                    "hget", "hdel", "lpush", "rpush", "sadd", "srem", "zadd", "flushdb", "ping")));

    /** Other spellings of the builders above (value paths of the call, or of the awaited call). */
    private static final Map<String, String> BUILT_BY = new HashMap<>();

    private static void builtBy(String type, String... paths) {
        for (String p : paths) BUILT_BY.put(p, type);
    }

    static {
        for (String t : METHODS.keySet()) BUILT_BY.put(t, t);
        builtBy(AIOHTTP_SESSION, "aiohttp.client.ClientSession()");
        builtBy(AIOHTTP_CLIENT_WS, AIOHTTP_SESSION + ".ws_connect()", "aiohttp.client.ClientSession().ws_connect()",
                "aiohttp.client.ClientWebSocketResponse()");
        builtBy(AIOHTTP_SERVER_WS, "aiohttp.web_ws.WebSocketResponse()");
        builtBy(AIOHTTP_RESPONSE, "aiohttp.web.Response()", "aiohttp.web_response.StreamResponse()");
        builtBy(AIOHTTP_RESOLVER, "aiohttp.resolver.DefaultResolver()", "aiohttp.AsyncResolver()",
                "aiohttp.resolver.AsyncResolver()", "aiohttp.ThreadedResolver()", "aiohttp.resolver.ThreadedResolver()");
        builtBy(HTTPX_ASYNC, "httpx._client.AsyncClient()");
        // Builders, and the declared types of their results (ws: websockets.ClientConnection).
        builtBy(WEBSOCKETS, "websockets.client.connect()", "websockets.asyncio.client.connect()",
                "websockets.legacy.client.connect()", "websockets.Connect()", "websockets.legacy.client.Connect()",
                "websockets.ClientConnection()", "websockets.asyncio.client.ClientConnection()",
                "websockets.ServerConnection()", "websockets.asyncio.server.ServerConnection()",
                "websockets.WebSocketClientProtocol()", "websockets.WebSocketServerProtocol()",
                "websockets.WebSocketCommonProtocol()", "websockets.client.WebSocketClientProtocol()",
                "websockets.server.WebSocketServerProtocol()", "websockets.legacy.protocol.WebSocketCommonProtocol()");
        builtBy(ASYNCPG_CONNECTION, "asyncpg.connection.connect()", "asyncpg.Connection()", "asyncpg.connection.Connection()");
        builtBy(ASYNCPG_POOL, "asyncpg.pool.create_pool()", "asyncpg.Pool()", "asyncpg.pool.Pool()");
        builtBy(AIOSQLITE, "aiosqlite.Connection()");
        builtBy(REDIS_ASYNC, "redis.asyncio.StrictRedis()", "redis.asyncio.client.Redis()", "redis.asyncio.from_url()",
                "redis.asyncio.Redis.from_url()");
        // Not the aioredis package: its 1.x Redis.close() is a plain method and its commands return
        // futures that run when dropped; which major version a project uses is not in the code.
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    /** The top-level packages of the libraries of the table (a file names one where a row can apply). */
    static Set<String> packages() {
        Set<String> out = new java.util.TreeSet<>();
        for (String path : BUILT_BY.keySet()) out.add(path.substring(0, path.indexOf('.')));
        return out;
    }

    /** Whether {@code x.m(...)} calls a coroutine method of a well-known asyncio library's object. */
    static boolean createsCoroutine(RuleContext ctx, Expr.Call call) {
        String method = Calls.method(call);
        if (method == null) return false;
        String type = typeOf(ctx, Calls.receiver(call), 0);
        return type != null && METHODS.get(type).contains(method);
    }

    /** The library type (a key of {@link #METHODS}) of the object {@code e} names; null when not known. */
    private static String typeOf(RuleContext ctx, Expr e, int depth) {
        if (e == null || depth > 2) return null;
        String direct = builtBy(ctx, e);
        if (direct != null) return direct;
        if (e instanceof Expr.Name || e instanceof Expr.Attribute) {
            Expr assigned = ctx.names().assignedValue(e);
            if (assigned != null && assigned != e) {
                String t = builtBy(ctx, assigned);
                if (t != null) return t;
            }
        }
        // self.session, a property that returns the object.
        if (e instanceof Expr.Attribute a && a.value() instanceof Expr.Name
                && ctx.names().definition(a) instanceof Stmt.FunctionDef prop && isProperty(ctx, prop)) {
            String agreed = null;
            for (Expr returned : returnedValues(prop)) {
                String t = typeOf(ctx, returned, depth + 1);
                if (t == null || (agreed != null && !agreed.equals(t))) return null;
                agreed = t;
            }
            return agreed;
        }
        return null;
    }

    /** The type a builder expression gives: {@code aiohttp.ClientSession(...)} or {@code await websockets.connect(...)}. */
    private static String builtBy(RuleContext ctx, Expr e) {
        Expr made = e instanceof Expr.Await w ? w.value() : e;
        String path = ctx.names().valuePath(made);
        return path == null ? null : BUILT_BY.get(path);
    }

    private static boolean isProperty(RuleContext ctx, Stmt.FunctionDef def) {
        for (Expr d : def.decorators()) {
            String name = ctx.names().qualifiedName(d);
            if ("builtins.property".equals(name) || "functools.cached_property".equals(name)) return true;
        }
        return false;
    }

    /** The values a function returns, {@code return None} and bare returns aside. */
    private static List<Expr> returnedValues(Stmt.FunctionDef def) {
        List<Expr> values = new java.util.ArrayList<>();
        FrameNodes.walk(def.body(), n -> {
            if (n instanceof Stmt.Return r && r.value() != null
                    && !(r.value() instanceof Expr.Constant c && c.kind() == Expr.ConstantKind.NONE)) {
                values.add(r.value());
            }
        });
        return values;
    }
}
