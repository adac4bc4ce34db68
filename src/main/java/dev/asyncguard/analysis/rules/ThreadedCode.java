package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.names.KnownTypes;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The functions and lambdas of a file that run on a thread other than the event loop's: thread
 * targets, timer functions, executor callables, and callbacks of well-known threaded clients.
 * The registrations are three small tables; supporting another client is one line.
 */
final class ThreadedCode {

    /** A call that hands a callable to another thread: the callee's value path and where the callable is passed. */
    private record CallRegistration(String callee, int position, String keyword, String what) {}

    /** Assigning a callable to one of these attributes of an object of {@code ownerType} registers a threaded callback. */
    private record AttributeRegistration(String ownerType, List<String> attributes, String what) {}

    /** Methods of a subclass of {@code baseClass} that the base runs on its own thread. */
    private record SubclassRegistration(String baseClass, Predicate<String> methods, String what) {}

    private static final String PUBSUB_CALLBACK = "a Pub/Sub subscriber callback (run on the subscriber's thread pool)";

    private static final List<CallRegistration> CALLS = List.of(
            new CallRegistration("threading.Thread", 1, "target", "a threading.Thread target"),
            new CallRegistration("threading.Timer", 1, "function", "a threading.Timer function"),
            new CallRegistration("_thread.start_new_thread", 0, "function", "a thread function"),
            new CallRegistration(KnownTypes.EXECUTOR + ".submit", 0, "fn", "an executor callable"),
            new CallRegistration(KnownTypes.EXECUTOR + ".map", 0, "fn", "an executor callable"),
            new CallRegistration(KnownTypes.EVENT_LOOP + ".run_in_executor", 1, "func", "a run_in_executor callable"),
            new CallRegistration("asyncio.to_thread", 0, "func", "an asyncio.to_thread callable"),
            new CallRegistration("paho.mqtt.client.Client().message_callback_add", 1, "callback",
                    "a paho-mqtt callback (run on the client's network thread)"),
            new CallRegistration("google.cloud.pubsub.SubscriberClient().subscribe", 1, "callback", PUBSUB_CALLBACK),
            new CallRegistration("google.cloud.pubsub_v1.SubscriberClient().subscribe", 1, "callback", PUBSUB_CALLBACK),
            // Run by the worker thread that completes the future (an asyncio future's callbacks, and
            // those of run_coroutine_threadsafe's future, run on the loop's thread: see register).
            new CallRegistration(KnownTypes.THREAD_FUTURE + ".add_done_callback", 0, "fn",
                    "a done-callback of a thread pool future (run on the worker thread)"));

    /** The last names of the callees in {@link #CALLS}, as spelled (an import may rename them, rarely). */
    private static final java.util.Set<String> CALLEE_NAMES = java.util.Set.of(
            "Thread", "Timer", "start_new_thread", "submit", "map", "run_in_executor", "to_thread",
            "message_callback_add", "add_done_callback", "schedule", "subscribe");

    private static final List<AttributeRegistration> ATTRIBUTES = List.of(
            new AttributeRegistration("paho.mqtt.client.Client()", List.of("on_connect", "on_connect_fail",
                    "on_disconnect", "on_message", "on_publish", "on_subscribe", "on_unsubscribe", "on_log",
                    "on_socket_open", "on_socket_close"), "a paho-mqtt callback (run on the client's network thread)"));

    /** Observers that run the methods of the handler object given to {@code schedule} on their own thread. */
    private static final java.util.Set<String> WATCHDOG_OBSERVERS = java.util.Set.of("watchdog.observers.Observer()",
            "watchdog.observers.polling.PollingObserver()", "watchdog.observers.inotify.InotifyObserver()",
            "watchdog.observers.fsevents.FSEventsObserver()", "watchdog.observers.read_directory_changes.WindowsApiObserver()",
            "watchdog.observers.api.BaseObserver()");

    private static final String WATCHDOG_HANDLER = "a watchdog event handler (run on the observer's thread)";

    /** paho-mqtt methods that start a network thread, or run the network loop on the calling thread. */
    private static final java.util.Set<String> MQTT_THREAD_STARTS = java.util.Set.of("loop_start", "loop_forever");

    /** paho-mqtt methods that let another loop (an asyncio loop's add_reader/add_writer) drive the client. */
    private static final java.util.Set<String> MQTT_EXTERNAL_LOOP = java.util.Set.of("loop_read", "loop_write", "loop_misc");

    /** paho-mqtt methods that open the socket and so run on_socket_open / on_socket_register_write on the calling thread. */
    private static final java.util.Set<String> MQTT_CONNECTS = java.util.Set.of("connect", "reconnect", "connect_srv");

    /** The callbacks that paho-mqtt's connect() itself runs, on the thread that calls it. */
    private static final java.util.Set<String> MQTT_CONNECT_CALLBACKS = java.util.Set.of("on_socket_open",
            "on_socket_register_write");

    private static final String MQTT_CONNECT_ON_THREAD = "a paho-mqtt socket callback (run by connect() on the thread it "
            + "was handed to)";

    private static final List<SubclassRegistration> SUBCLASSES = List.of(
            new SubclassRegistration("threading.Thread", "run"::equals, "the run() of a threading.Thread"),
            new SubclassRegistration("watchdog.events.FileSystemEventHandler", m -> m.startsWith("on_"),
                    WATCHDOG_HANDLER),
            new SubclassRegistration("watchdog.events.PatternMatchingEventHandler", m -> m.startsWith("on_"),
                    WATCHDOG_HANDLER),
            new SubclassRegistration("watchdog.events.RegexMatchingEventHandler", m -> m.startsWith("on_"),
                    WATCHDOG_HANDLER),
            new SubclassRegistration("watchdog.events.LoggingEventHandler", m -> m.startsWith("on_"),
                    WATCHDOG_HANDLER));

    private final Map<Node, String> threaded = new IdentityHashMap<>();
    /**
     * Frames that may well run on the loop's thread after all: done-callbacks of a future that
     * was not just handed to a thread pool (a future completed already runs them at once, on the
     * registering thread), and methods that only look like watchdog handlers.
     */
    private final java.util.Set<Node> uncertain = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    /** Methods a watchdog observer calls on its handlers. */
    private static final java.util.Set<String> WATCHDOG_METHODS = java.util.Set.of("on_any_event", "on_created",
            "on_deleted", "on_modified", "on_moved", "on_closed", "on_closed_no_write", "on_opened");

    private ThreadedCode() {}

    /** Collects the threaded callables of the file that {@code ctx} analyzes. */
    static ThreadedCode of(RuleContext ctx) {
        ThreadedCode code = new ThreadedCode();
        Preorder tree = ctx.walk().tree();
        // One loop over the file: what registers (calls spelled like a registration, assignments, classes)
        // is kept in order and registered once the file's MQTT facts, which registering asks, are known.
        List<Node> registering = new java.util.ArrayList<>();
        List<Stmt.ClassDef> classes = new java.util.ArrayList<>();
        boolean mqttThreadStarts = false;
        boolean mqttExternalLoop = false;
        boolean mqttConnectsOnThread = false;
        for (int i = 0, size = tree.size(); i < size; i++) {
            // Not a type switch: under C1 that is a call that is not inlined, here at every node of the file.
            Node node = tree.node(i);
            if (node instanceof Expr.Attribute a) {
                if (MQTT_THREAD_STARTS.contains(a.attr())) mqttThreadStarts = true;
                else if (MQTT_EXTERNAL_LOOP.contains(a.attr())) mqttExternalLoop = true;
            } else if (node instanceof Expr.Call call) {
                if (!mqttConnectsOnThread && connectsMqttOnThread(ctx, call)) mqttConnectsOnThread = true;
                // Resolving every call of a file is costly; only calls spelled like a registration are.
                Expr callee = call.func();
                String spelled = callee instanceof Expr.Name n ? n.id() : callee instanceof Expr.Attribute a ? a.attr() : "";
                if (CALLEE_NAMES.contains(spelled)) registering.add(call);
            } else if (node instanceof Stmt.Assign) {
                registering.add(node);
            } else if (node instanceof Stmt.ClassDef cls) {
                registering.add(cls);
                classes.add(cls);
            }
        }
        code.mqttDrivenFromLoop = mqttExternalLoop && !mqttThreadStarts;
        code.mqttConnectsOnThread = mqttConnectsOnThread;
        for (Node node : registering) {
            if (node instanceof Expr.Call call) {
                code.registerCall(ctx, call);
            } else if (node instanceof Stmt.Assign assign) {
                code.registerAttribute(ctx, assign);
            } else {
                code.registerSubclass(ctx, (Stmt.ClassDef) node);
            }
        }
        if (importsWatchdog(ctx)) {
            for (Stmt.ClassDef cls : classes) code.registerLookalikeHandler(cls);
        }
        code.propagate(ctx, classes);
        return code;
    }

    /**
     * Whether the file drives its MQTT client from another loop ({@code loop_read/loop_write/loop_misc},
     * typically from an asyncio loop's add_reader) and never starts the client's own network thread:
     * then the client's callbacks run on the thread that drives it, the event loop's.
     */
    private boolean mqttDrivenFromLoop;

    /** Set when the file hands a paho client's connect() to another thread (an executor, to_thread, a Thread). */
    private boolean mqttConnectsOnThread;

    private static boolean connectsMqttOnThread(RuleContext ctx, Expr.Call call) {
        String method = Calls.method(call);
        if (method == null || !(method.equals("run_in_executor") || method.equals("to_thread") || method.equals("submit"))) {
            return false;
        }
        for (Expr arg : call.args()) {
            if (arg instanceof Expr.Attribute a && MQTT_CONNECTS.contains(a.attr())
                    && "paho.mqtt.client.Client()".equals(ctx.names().valuePath(a.value()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMqttCallback(String what) {
        return what.startsWith("a paho-mqtt");
    }

    /** How the frame (a def or lambda) runs on another thread, or null when it is not known to. */
    String describe(Node frameOwner) {
        return threaded.get(frameOwner);
    }

    /** Whether the frame runs on another thread only maybe (see {@link #uncertain}): its findings are LOW. */
    boolean uncertain(Node frameOwner) {
        return uncertain.contains(frameOwner);
    }

    /** Whether the file imports from watchdog. */
    private static boolean importsWatchdog(RuleContext ctx) {
        for (String name : ctx.names().moduleScope().boundNames()) {
            for (var b : ctx.names().moduleScope().bindings(name)) {
                if (b.kind() == dev.asyncguard.analysis.names.Binding.BindingKind.IMPORT && b.imported() != null
                        && (b.imported().equals("watchdog") || b.imported().startsWith("watchdog."))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A class of a file that uses watchdog, with methods named as a handler's ({@code on_modified})
     * but neither a handler subclass nor visibly given to an observer here: it is probably scheduled
     * elsewhere, so its handler methods probably run on the observer's thread (LOW).
     */
    private void registerLookalikeHandler(Stmt.ClassDef cls) {
        for (Stmt s : cls.body()) {
            if (s instanceof Stmt.FunctionDef def && !def.isAsync() && WATCHDOG_METHODS.contains(def.name())
                    && !threaded.containsKey(def)) {
                threaded.put(def, WATCHDOG_HANDLER);
                uncertain.add(def);
            }
        }
    }

    /** A call spelled like a registration ({@link #CALLEE_NAMES}). */
    private void registerCall(RuleContext ctx, Expr.Call call) {
        String callee = ctx.names().valuePath(call.func());
        if (callee == null) callee = spelledCallee(ctx, call);
        if (callee == null) return;
        for (CallRegistration r : CALLS) {
            if (!r.callee().equals(callee)) continue;
            boolean doneCallback = r.callee().endsWith(".add_done_callback");
            if (doneCallback && completedOnTheLoop(ctx, Calls.receiver(call))) continue;
            if (mqttDrivenFromLoop && isMqttCallback(r.what())) continue;
            register(ctx, Calls.argument(call, r.position(), r.keyword()), r.what(),
                    doneCallback && !justSubmitted(ctx, Calls.receiver(call)));
        }
        if (WATCHDOG_OBSERVERS.contains(callee.substring(0, Math.max(callee.lastIndexOf('.'), 0)))
                && callee.endsWith(".schedule")) {
            registerHandler(ctx, Calls.argument(call, 0, "event_handler"));
        }
    }

    /**
     * {@code asyncio.run_coroutine_threadsafe(...)} gives a thread-safe future that the loop's
     * thread completes: its done-callbacks run there.
     */
    private static boolean completedOnTheLoop(RuleContext ctx, Expr future) {
        Expr made = future instanceof Expr.Call ? future : ctx.names().assignedValue(future);
        return made instanceof Expr.Call c && AsyncioObjects.calls(ctx, c, "asyncio.run_coroutine_threadsafe",
                "asyncio.tasks.run_coroutine_threadsafe");
    }

    /**
     * {@code pool.submit(f).add_done_callback(cb)}, or a name bound to such a call: a future just
     * handed to a thread pool, almost always still running when the callback is added, so the
     * worker thread runs the callback. A future from elsewhere may be done already.
     */
    private static boolean justSubmitted(RuleContext ctx, Expr future) {
        Expr made = future instanceof Expr.Call ? future : future == null ? null : ctx.names().assignedValue(future);
        return made instanceof Expr.Call c && "submit".equals(Calls.method(c))
                && (KnownTypes.EXECUTOR + ".submit").equals(ctx.names().valuePath(c.func()));
    }

    /** {@code observer.schedule(handler, path)}: the methods of a handler of a class of this file run on the observer's thread. */
    private void registerHandler(RuleContext ctx, Expr handler) {
        if (handler == null) return;
        Stmt.ClassDef cls = handler instanceof Expr.Call made && ctx.names().definition(made.func()) instanceof Stmt.ClassDef c
                ? c : ctx.names().instanceClass(handler);
        if (cls == null) return;
        for (Stmt s : cls.body()) {
            if (s instanceof Stmt.FunctionDef def && !def.isAsync()
                    && (def.name().startsWith("on_") || def.name().equals("dispatch"))) {
                threaded.put(def, WATCHDOG_HANDLER);
            }
        }
    }

    /** The def nested in the function a call runs that the function returns by name; null when none or not one. */
    private static Stmt.FunctionDef returnedInnerDef(RuleContext ctx, Expr.Call call) {
        // super().make(): which class that means depends on where the call stands, and this is a fact of the
        // whole file, computed wherever the walk is when first asked (at its start it was none: no def).
        if (call.func() instanceof Expr.Attribute a && a.value() instanceof Expr.Call) return null;
        Stmt.FunctionDef factory = LocalDefinitions.calledFunction(ctx, call);
        if (factory == null || factory.isAsync()) return null;
        Stmt.FunctionDef[] found = new Stmt.FunctionDef[1];
        boolean[] other = {false};
        FrameNodes.walk(factory.body(), n -> {
            if (!(n instanceof Stmt.Return r) || r.value() == null) return;
            if (r.value() instanceof Expr.Name name && ctx.names().definition(name) instanceof Stmt.FunctionDef inner
                    && !inner.isAsync() && FrameNodes.containsSame(factory.body(), inner)) {
                if (found[0] != null && found[0] != inner) other[0] = true;
                found[0] = inner;
            } else {
                other[0] = true;
            }
        });
        return other[0] ? null : found[0];
    }

    /** Unknown receivers spelled like what they are: {@code loop.run_in_executor}, {@code self._executor.submit}. */
    private static String spelledCallee(RuleContext ctx, Expr.Call call) {
        String method = Calls.method(call);
        if (method == null) return null;
        Expr receiver = Calls.receiver(call);
        if (method.equals("run_in_executor") && AsyncioObjects.isEventLoop(ctx, receiver)) {
            return KnownTypes.EVENT_LOOP + ".run_in_executor";
        }
        if ((method.equals("submit") || method.equals("map")) && ctx.names().valuePath(receiver) == null) {
            String last = receiver instanceof Expr.Attribute a ? a.attr() : receiver instanceof Expr.Name nm ? nm.id() : "";
            if (last.toLowerCase(java.util.Locale.ROOT).contains("executor")) return KnownTypes.EXECUTOR + "." + method;
        }
        return null;
    }

    private void registerAttribute(RuleContext ctx, Stmt.Assign assign) {
        for (Expr target : assign.targets()) {
            if (!(target instanceof Expr.Attribute a) || !a.attr().startsWith("on_")) continue;
            String owner = ctx.names().valuePath(a.value());
            if (owner == null) continue;
            for (AttributeRegistration r : ATTRIBUTES) {
                if (!r.ownerType().equals(owner)) continue;
                if (r.attributes().contains(a.attr()) && !(mqttDrivenFromLoop && isMqttCallback(r.what()))) {
                    register(ctx, assign.value(), r.what());
                } else if (mqttConnectsOnThread && isMqttCallback(r.what()) && MQTT_CONNECT_CALLBACKS.contains(a.attr())) {
                    // Driven from the loop, but connect() itself runs on another thread, and runs these.
                    register(ctx, assign.value(), MQTT_CONNECT_ON_THREAD);
                }
            }
        }
    }

    private void registerSubclass(RuleContext ctx, Stmt.ClassDef cls) {
        SubclassRegistration r = subclassRegistration(ctx, cls, 0);
        if (r == null) return;
        for (Stmt s : cls.body()) {
            if (s instanceof Stmt.FunctionDef def && !def.isAsync()
                    && (r.methods().test(def.name()) || (r.what().equals(WATCHDOG_HANDLER) && def.name().equals("dispatch")))) {
                threaded.put(def, r.what());
            }
        }
    }

    /**
     * The registration a class falls under through its bases: a base named in {@link #SUBCLASSES},
     * or a class of this file that does ({@code class Handler(Base)}, {@code class Base(FileSystemEventHandler)}).
     */
    private static SubclassRegistration subclassRegistration(RuleContext ctx, Stmt.ClassDef cls, int depth) {
        if (depth > MAX_DEPTH) return null;
        for (Expr base : cls.bases()) {
            String name = ctx.names().qualifiedName(base);
            for (SubclassRegistration r : SUBCLASSES) {
                if (r.baseClass().equals(name)) return r;
            }
            if (ctx.names().definition(base) instanceof Stmt.ClassDef local && local != cls) {
                SubclassRegistration inherited = subclassRegistration(ctx, local, depth + 1);
                if (inherited != null) return inherited;
            }
        }
        return null;
    }

    private static final int MAX_DEPTH = 8;

    /**
     * What threaded code calls runs on the same thread: a sync def of this file it calls by name,
     * a method of an instance of a class of this file ({@code self.channel.send_nowait()}),
     * and {@code self.m()}, the method of the class (or a base) and its overrides in the file's
     * subclasses ({@code dispatch()} of a handler calling {@code self.on_event()} that a subclass
     * defines). Sure as the caller is.
     */
    private void propagate(RuleContext ctx, List<Stmt.ClassDef> classes) {
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>(threaded.keySet());
        int budget = 500;
        while (!work.isEmpty() && budget-- > 0) {
            Node frame = work.pop();
            String what = threaded.get(frame);
            boolean maybe = uncertain.contains(frame);
            List<? extends Node> body = frame instanceof Stmt.FunctionDef def ? def.body()
                    : frame instanceof Expr.Lambda l ? List.of(l.body()) : List.of();
            // A thread that makes and runs its own event loop: what it calls sets that loop up on
            // the loop's own thread (zeroconf's engine.setup(loop) before loop.run_forever()).
            if (runsOwnLoop(ctx, body)) continue;
            FrameNodes.walk(body, n -> {
                if (!(n instanceof Expr.Call call)) return;
                for (Stmt.FunctionDef callee : callees(ctx, call, classes)) {
                    if (callee.isAsync() || callee == frame || FrameNodes.isGenerator(callee)) continue;
                    boolean known = threaded.containsKey(callee);
                    if (known && (maybe || !uncertain.contains(callee))) continue;
                    threaded.put(callee, what);
                    if (maybe && !known) uncertain.add(callee);
                    if (!maybe) uncertain.remove(callee);
                    work.push(callee);
                }
            });
        }
    }

    /**
     * The defs of this file a call may run: a def named in scope, {@code self.m} and its overrides,
     * or the method {@code m} of the class of this file that {@code obj} in {@code obj.m()} is an
     * instance of.
     */
    private static List<Stmt.FunctionDef> callees(RuleContext ctx, Expr.Call call, List<Stmt.ClassDef> classes) {
        if (call.func() instanceof Expr.Name && ctx.names().definition(call.func()) instanceof Stmt.FunctionDef def) {
            return List.of(def);
        }
        if (!(call.func() instanceof Expr.Attribute a)) return List.of();
        if (!(a.value() instanceof Expr.Name self) || ctx.names().classOfSelf(self) == null) {
            // obj.m() / self.channel.m() on an instance of a class of this file (not super().m():
            // which class that means depends on where the call stands).
            if (a.value() instanceof Expr.Call) return List.of();
            Stmt.FunctionDef method = LocalDefinitions.function(ctx, a);
            return method == null ? List.of() : List.of(method);
        }
        var cls = ctx.names().classOfSelf(self);
        if (cls == null || !cls.instanceAttribute(a.attr()).isEmpty()) return List.of();
        List<Stmt.FunctionDef> found = new java.util.ArrayList<>();
        Stmt.FunctionDef own = LocalDefinitions.method(ctx, cls.classDef(), a.attr(), 0);
        if (own != null) found.add(own);
        for (Stmt.ClassDef sub : classes) {
            if (sub == cls.classDef() || !inherits(ctx, sub, cls.classDef(), 0)) continue;
            for (Stmt s : sub.body()) {
                if (s instanceof Stmt.FunctionDef d && d.name().equals(a.attr())) found.add(d);
            }
        }
        return found;
    }

    /** Whether the body makes, installs or runs an event loop of its own ({@code new_event_loop}, {@code set_event_loop}, {@code run_forever}, {@code run_until_complete}, {@code asyncio.run}). */
    private static boolean runsOwnLoop(RuleContext ctx, List<? extends Node> body) {
        return FrameNodes.any(body, n -> n instanceof Expr.Call c && (AsyncioObjects.calls(ctx, c, "asyncio.new_event_loop",
                "asyncio.events.new_event_loop", "asyncio.set_event_loop", "asyncio.events.set_event_loop", "asyncio.run",
                "asyncio.runners.run") || (Calls.receiver(c) != null
                && ("run_forever".equals(Calls.method(c)) || "run_until_complete".equals(Calls.method(c))))));
    }

    /** Whether {@code cls} has {@code base} among its bases of this file, directly or further up. */
    private static boolean inherits(RuleContext ctx, Stmt.ClassDef cls, Stmt.ClassDef base, int depth) {
        if (depth > MAX_DEPTH) return false;
        for (Expr b : cls.bases()) {
            if (ctx.names().definition(b) instanceof Stmt.ClassDef local && local != cls
                    && (local == base || inherits(ctx, local, base, depth + 1))) {
                return true;
            }
        }
        return false;
    }

    /** Marks what {@code callable} names (a lambda, a def, {@code self.method}, through {@code functools.partial}). */
    private void register(RuleContext ctx, Expr callable, String what) {
        register(ctx, callable, what, false);
    }

    private void register(RuleContext ctx, Expr callable, String what, boolean maybe) {
        if (callable == null) return;
        Node frame = null;
        if (callable instanceof Expr.Lambda lambda) {
            frame = lambda;
        } else if (callable instanceof Expr.Call partial && AsyncioObjects.calls(ctx, partial, "functools.partial")
                && !partial.args().isEmpty()) {
            register(ctx, partial.args().get(0), what, maybe);
            return;
        } else if (ctx.names().definition(callable) instanceof Stmt.FunctionDef def && !def.isAsync()) {
            frame = def;
        } else if (callable instanceof Expr.Call factory) {
            // self._wrap(callback): a function of this file that returns a def nested in it.
            frame = returnedInnerDef(ctx, factory);
        }
        if (frame == null) return;
        // Certain once any registration is certain.
        if (maybe && !threaded.containsKey(frame)) uncertain.add(frame);
        if (!maybe) uncertain.remove(frame);
        threaded.put(frame, what);
    }
}
