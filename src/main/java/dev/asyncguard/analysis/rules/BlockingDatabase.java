package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.names.KnownTypes;
import dev.asyncguard.python.ast.Expr;

import java.util.Map;
import java.util.Set;

/**
 * AG205: a call on a synchronous database driver or one of its objects (connections, cursors,
 * clients, sessions), known through the file's assignments and annotations. Objects of unknown
 * origin are never reported.
 */
@RuleInfo(code = "AG205", name = "blocking-database", needs = "async",
        inTests = false, inScripts = false,
        summary = "A call on a synchronous database driver (sqlite3, psycopg2, pymysql, pymongo, redis, SQLAlchemy) in a coroutine.")
public final class BlockingDatabase extends BlockingCallRule {
    private static final Set<String> CONNECT = Set.of("sqlite3.connect", "psycopg2.connect", "psycopg.connect",
            "psycopg.Connection.connect", "pymysql.connect", "pymysql.Connect", "MySQLdb.connect", "MySQLdb.Connect",
            "mysql.connector.connect");
    /** DB-API connections and cursors: every method does I/O except these. */
    private static final Set<String> DBAPI_OBJECTS = Set.of("psycopg2.pool.SimpleConnectionPool()",
            "psycopg2.pool.ThreadedConnectionPool()", "sqlite3.connect()", "sqlite3.Connection()",
            "sqlite3.Cursor()", "psycopg2.connect()", "psycopg2.extensions.connection()",
            "psycopg2.extensions.cursor()", "psycopg.connect()", "psycopg.Connection()", "psycopg.Connection.connect()",
            "psycopg.Cursor()", "pymysql.connect()", "pymysql.Connect()", "pymysql.connections.Connection()",
            "pymysql.cursors.Cursor()", "MySQLdb.connect()", "MySQLdb.Connect()", "mysql.connector.connect()");
    private static final Set<String> DBAPI_LOCAL = Set.of("cursor", "close", "mogrify", "create_function",
            "create_aggregate", "create_collation", "create_window_function", "set_trace_callback", "set_authorizer",
            "set_progress_handler", "setinputsizes", "setoutputsize", "interrupt", "getlimit", "setlimit",
            "set_session", "set_isolation_level", "set_client_encoding", "putconn", "closeall",
            // psycopg2 connection methods that read libpq's local state or build an object: no round trip
            "xid", "get_backend_pid", "get_parameter_status", "get_transaction_status", "get_dsn_parameters",
            "get_native_connection", "isexecuting", "fileno");
    private static final Set<String> REDIS_CLIENTS = Set.of("redis.Redis()", "redis.StrictRedis()", "redis.from_url()",
            "redis.Redis.from_url()", "redis.StrictRedis.from_url()", "redis.client.Redis()",
            "redis.client.StrictRedis()", "redis.Redis.from_pool()");
    private static final Set<String> REDIS_LOCAL = Set.of("pipeline", "pubsub", "lock", "close", "register_script",
            "get_encoder", "get_connection_kwargs", "set_response_callback", "monitor", "client");
    private static final Set<String> MONGO_CLIENTS = Set.of("pymongo.MongoClient()",
            "pymongo.mongo_client.MongoClient()");
    private static final Set<String> MONGO_IO = Set.of("find", "find_one", "insert_one", "insert_many", "update_one",
            "update_many", "replace_one", "delete_one", "delete_many", "count_documents", "estimated_document_count",
            "aggregate", "distinct", "find_one_and_update", "find_one_and_replace", "find_one_and_delete",
            "bulk_write", "create_index", "create_indexes", "drop", "drop_index", "drop_indexes", "list_indexes",
            "index_information", "list_collection_names", "list_database_names", "list_collections",
            "list_databases", "server_info", "command", "watch", "drop_database", "drop_collection",
            "create_collection", "rename");
    private static final Set<String> SESSION_IO = Set.of("execute", "scalar", "scalars", "commit", "rollback",
            "flush", "refresh", "get", "merge", "connection", "get_one");
    private static final Set<String> QUERY_IO = Set.of("first", "all", "one", "one_or_none", "scalar", "count",
            "delete", "update", "get");
    private static final Set<String> ENGINE_IO = Set.of("connect", "begin", "execute", "raw_connection");
    private static final Set<String> CONNECTION_IO = Set.of("execute", "exec_driver_sql", "scalar", "scalars", "commit",
            "rollback");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        String name = Calls.qualifiedName(ctx, call);
        if (name != null) {
            if (!CONNECT.contains(name)) return null;
            return new Blocking(name + "()", Applicability.UNSAFE, Confidence.HIGH, isLocalFile(name),
                    name.substring(0, name.indexOf('.')));
        }
        String method = Calls.method(call);
        if (method == null || ctx.walk().isAwaited()) return null;
        String receiver = Calls.receiverPath(ctx, call);
        if (receiver == null) return null;
        String family = family(receiver, method);
        if (family == null) return null;
        // A connection offloaded from two coroutines at once is used by two threads at once, and sqlite3
        // objects refuse other threads (check_same_thread): offloading is never a mechanical edit here.
        return new Blocking(Calls.shortText(ctx, call.func()) + "() (" + family + ")", Applicability.UNSAFE,
                Confidence.HIGH, isLocalFile(family), family);
    }

    /** sqlite3 works on a local file: a query returns soon as a rule (no server, no network round trip). */
    private static boolean isLocalFile(String driver) {
        return driver.startsWith("sqlite3");
    }

    private static String family(String receiver, String method) {
        if (startsWithAny(receiver, DBAPI_OBJECTS)) {
            return DBAPI_LOCAL.contains(method) ? null : receiver.substring(0, receiver.indexOf('.'));
        }
        if (startsWithAny(receiver, REDIS_CLIENTS)) {
            if (receiver.contains(".pipeline()")) return method.equals("execute") ? "redis" : null;
            return REDIS_LOCAL.contains(method) && isClient(receiver, REDIS_CLIENTS) ? null : "redis";
        }
        if (startsWithAny(receiver, MONGO_CLIENTS)) return MONGO_IO.contains(method) ? "pymongo" : null;
        if (receiver.equals(KnownTypes.SQLALCHEMY_SESSION)) return SESSION_IO.contains(method) ? "SQLAlchemy" : null;
        if (receiver.startsWith(KnownTypes.SQLALCHEMY_SESSION + ".query()")) {
            return QUERY_IO.contains(method) ? "SQLAlchemy" : null;
        }
        if (receiver.equals(KnownTypes.SQLALCHEMY_ENGINE)) return ENGINE_IO.contains(method) ? "SQLAlchemy" : null;
        if (receiver.equals(KnownTypes.SQLALCHEMY_ENGINE + ".connect()")
                || receiver.equals(KnownTypes.SQLALCHEMY_ENGINE + ".begin()")) {
            return CONNECTION_IO.contains(method) ? "SQLAlchemy" : null;
        }
        return null;
    }

    private static boolean isClient(String receiver, Set<String> clients) {
        return clients.contains(receiver);
    }

    private static boolean startsWithAny(String path, Set<String> prefixes) {
        // Every prefix is an object made by a call ("sqlite3.connect()"): the path up to its first
        // "()" is the only candidate, looked up once instead of testing each prefix.
        int made = path.indexOf("()");
        if (made < 0) return false;
        int end = made + 2;
        if (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') return false;
        return prefixes.contains(end == path.length() ? path : path.substring(0, end));
    }

    /** The async counterpart of each sync driver (the {@link Blocking#kind()} this rule gives): what to name, and an example. */
    private record AsyncDriver(String names, String example) {}

    private static final AsyncDriver ANY_DRIVER = new AsyncDriver("asyncpg, aiosqlite, redis.asyncio",
            "async with aiosqlite.connect(path) as db:\n    await db.execute(query, params)");

    private static final AsyncDriver MYSQL = new AsyncDriver("aiomysql, asyncmy",
            "conn = await aiomysql.connect(host=host, db=name)\nasync with conn.cursor() as cur:\n    await cur.execute(query, params)");

    private static final Map<String, AsyncDriver> ASYNC_DRIVERS = Map.of(
            "sqlite3", new AsyncDriver("aiosqlite",
                    "async with aiosqlite.connect(path) as db:\n    await db.execute(query, params)"),
            "psycopg2", new AsyncDriver("asyncpg, or psycopg 3's AsyncConnection",
                    "conn = await asyncpg.connect(dsn)\nrows = await conn.fetch(query, *args)"),
            "psycopg", new AsyncDriver("psycopg.AsyncConnection",
                    "async with await psycopg.AsyncConnection.connect(dsn) as conn:\n    await conn.execute(query, params)"),
            "pymysql", MYSQL,
            "MySQLdb", MYSQL,
            "mysql", MYSQL,
            "redis", new AsyncDriver("redis.asyncio",
                    "client = redis.asyncio.Redis()\nvalue = await client.get(key)"),
            "pymongo", new AsyncDriver("PyMongo's AsyncMongoClient (4.10+) or Motor",
                    "client = pymongo.AsyncMongoClient()\ndoc = await client.db.users.find_one(query)"),
            "SQLAlchemy", new AsyncDriver("SQLAlchemy's AsyncSession, create_async_engine",
                    "async with AsyncSession(engine) as session:\n    result = await session.execute(statement)"));

    @Override
    protected String consequence() {
        return consequence(ANY_DRIVER);
    }

    @Override
    protected String consequence(Blocking blocking) {
        return consequence(ASYNC_DRIVERS.getOrDefault(String.valueOf(blocking.kind()), ANY_DRIVER));
    }

    private static String consequence(AsyncDriver driver) {
        return "is a synchronous database call that blocks the event loop; use an async driver (" + driver.names() + ")";
    }

    @Override
    protected Fix displayFix() {
        return displayFix(ANY_DRIVER);
    }

    @Override
    protected Fix displayFix(Blocking blocking) {
        return displayFix(ASYNC_DRIVERS.getOrDefault(String.valueOf(blocking.kind()), ANY_DRIVER));
    }

    private static Fix displayFix(AsyncDriver driver) {
        return Fix.display("Use an async driver (" + driver.names() + ")", driver.example());
    }
}
