package dev.asyncguard.analysis.names;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Canonical names for values that several APIs produce, so that rules ask one question: a file
 * object is {@code builtins.open()} whether it came from {@code open}, {@code io.open} or
 * {@code Path.open}; an event loop is {@code asyncio.AbstractEventLoop()} however it was obtained.
 * A value path is a qualified name followed by {@code ()} for a call result, {@code .attr} for an
 * attribute and {@code []} for an item.
 */
public final class KnownTypes {
    private KnownTypes() {}

    public static final String FILE = "builtins.open()";
    public static final String PATH = "pathlib.Path()";
    public static final String EVENT_LOOP = "asyncio.AbstractEventLoop()";
    public static final String EXECUTOR = "concurrent.futures.Executor()";
    public static final String THREAD_FUTURE = "concurrent.futures.Future()";
    public static final String THREAD_QUEUE = "queue.Queue()";
    public static final String THREAD = "threading.Thread()";
    public static final String THREAD_EVENT = "threading.Event()";
    public static final String SOCKET = "socket.socket()";
    public static final String SQLALCHEMY_SESSION = "sqlalchemy.orm.Session()";
    public static final String SQLALCHEMY_ENGINE = "sqlalchemy.create_engine()";
    /** An in-memory stream: reads and writes touch no disk. */
    public static final String MEMORY_STREAM = "io.BytesIO()";

    /**
     * io's buffering and text layers and the compressed-file openers: a file object when what they
     * wrap is a file (or a file name), in memory when it is in memory.
     */
    private static final Set<String> STREAM_WRAPPERS = Set.of("io.TextIOWrapper()", "io.BufferedReader()",
            "io.BufferedWriter()", "io.BufferedRandom()", "_io.TextIOWrapper()", "_io.BufferedReader()",
            "_io.BufferedWriter()", "_io.BufferedRandom()", "gzip.open()", "gzip.GzipFile()", "bz2.open()",
            "bz2.BZ2File()", "lzma.open()", "lzma.LZMAFile()");

    private static final Map<String, String> SAME_AS = new HashMap<>();
    /** Methods and attributes of a type that give a value of the same type. */
    private static final Map<String, Set<String>> SAME_TYPE_MEMBERS = Map.of(
            PATH, Set.of(".parent", ".absolute()", ".resolve()", ".expanduser()", ".with_name()", ".with_suffix()",
                    ".with_stem()", ".joinpath()", ".relative_to()", ".readlink()", ".home()", ".cwd()"),
            SQLALCHEMY_ENGINE, Set.of(".execution_options()"));

    private static void same(String canonical, String... aliases) {
        for (String a : aliases) SAME_AS.put(a, canonical);
    }

    static {
        same(MEMORY_STREAM, "io.StringIO()", "_io.BytesIO()", "_io.StringIO()");
        same(PATH, "pathlib.PosixPath()", "pathlib.WindowsPath()", "pathlib.Path.home()", "pathlib.Path.cwd()");
        same(FILE, "io.open()", "codecs.open()", "os.fdopen()", "pathlib.Path().open()", "tempfile.NamedTemporaryFile()",
                "tempfile.TemporaryFile()", "gzip.open()", "bz2.open()",
                "lzma.open()", "io.FileIO()", "_io.FileIO()", "io.open_code()", "gzip.GzipFile()", "bz2.BZ2File()",
                "lzma.LZMAFile()",
                // Declared types of parameters and attributes (f: io.TextIOWrapper): the concrete classes
                // of open()'s results. The abstract bases (io.TextIOBase, typing.TextIO) also describe
                // in-memory streams (StringIO) and are left out.
                "io.TextIOWrapper()", "io.BufferedReader()", "io.BufferedWriter()", "io.BufferedRandom()",
                // Not socket.makefile(): a socket's stream, not disk I/O (AG206's sockets when it blocks).
                "_io.TextIOWrapper()", "_io.BufferedReader()", "_io.BufferedWriter()");
        same(EVENT_LOOP, "asyncio.get_event_loop()", "asyncio.new_event_loop()", "asyncio.get_running_loop()",
                "asyncio.events.get_event_loop()", "asyncio.events.new_event_loop()",
                "asyncio.events.get_running_loop()", "asyncio.events.AbstractEventLoop()",
                "asyncio.BaseEventLoop()", "asyncio.base_events.BaseEventLoop()", "asyncio.SelectorEventLoop()",
                "asyncio.ProactorEventLoop()", "asyncio.DefaultEventLoopPolicy().new_event_loop()",
                "asyncio.get_event_loop_policy().new_event_loop()", "asyncio.get_event_loop_policy().get_event_loop()",
                "asyncio.Runner().get_loop()", "uvloop.new_event_loop()", "uvloop.Loop()",
                "asyncio.unix_events.SelectorEventLoop()");
        same(EXECUTOR, "concurrent.futures.ThreadPoolExecutor()", "concurrent.futures.ProcessPoolExecutor()",
                "concurrent.futures.thread.ThreadPoolExecutor()", "concurrent.futures.process.ProcessPoolExecutor()",
                "concurrent.futures.InterpreterPoolExecutor()");
        same(THREAD_FUTURE, EXECUTOR + ".submit()", "asyncio.run_coroutine_threadsafe()",
                "concurrent.futures._base.Future()");
        same(THREAD_QUEUE, "queue.LifoQueue()", "queue.PriorityQueue()", "queue.SimpleQueue()",
                "multiprocessing.Queue()", "multiprocessing.JoinableQueue()", "multiprocessing.SimpleQueue()",
                "multiprocessing.queues.Queue()");
        same(THREAD, "threading.Timer()", "multiprocessing.Process()", "threading.current_thread()");
        same(THREAD_EVENT, "multiprocessing.Event()");
        same(SOCKET, "socket.create_connection()", "socket.create_server()", "socket.socket.fromfd()",
                "ssl.SSLContext().wrap_socket()", "ssl.wrap_socket()", "socket.SocketType()");
        same(SQLALCHEMY_SESSION, "sqlalchemy.orm.sessionmaker()()", "sqlalchemy.orm.session.Session()",
                "sqlalchemy.orm.scoped_session()", "sqlalchemy.orm.scoping.scoped_session()",
                "sqlalchemy.orm.session.sessionmaker()()", "sqlmodel.Session()", "sqlalchemy.orm.scoped_session()()");
        same(SQLALCHEMY_ENGINE, "sqlalchemy.engine.create_engine()", "sqlalchemy.engine.Engine()",
                "sqlalchemy.Engine()", "sqlmodel.create_engine()", "sqlalchemy.engine_from_config()");
    }

    /** The canonical form of a value path (itself when nothing is known about it). */
    public static String canonical(String path) {
        String same = SAME_AS.get(path);
        if (same != null) return same;
        for (Map.Entry<String, Set<String>> e : SAME_TYPE_MEMBERS.entrySet()) {
            String type = e.getKey();
            if (path.length() > type.length() && path.startsWith(type)
                    && e.getValue().contains(path.substring(type.length()))) {
                return type;
            }
        }
        return path;
    }

    /**
     * What a call of {@code constructor} (a value path ending in {@code ()}) makes when it wraps a
     * value of path {@code wrapped}: {@code io.TextIOWrapper(io.BytesIO(data))} is in memory, not a
     * file; null when the wrapped value does not decide it.
     */
    public static String wrapping(String constructor, String wrapped) {
        return STREAM_WRAPPERS.contains(constructor) && MEMORY_STREAM.equals(wrapped) ? MEMORY_STREAM : null;
    }

    /** Whether {@code path} is a value of the (canonical) type {@code type}. */
    public static boolean is(String path, String type) {
        return path != null && path.equals(type);
    }
}
