package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.names.KnownTypes;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.ExceptHandler;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Set;

/**
 * AG206: waiting on a thread primitive in a coroutine: {@code queue.Queue.get/put},
 * {@code concurrent.futures.Future.result} (never asyncio futures), {@code threading.Event.wait},
 * {@code Thread.join}, {@code input()}, {@code select.select}, blocking socket methods, and the synchronous mail, FTP and SSH clients
 * ({@code smtplib}, {@code ftplib}, {@code imaplib}, {@code poplib}, {@code paramiko}).
 */
@RuleInfo(code = "AG206", name = "blocking-wait", needs = "async",
        inTests = false, inScripts = false,
        summary = "A blocking wait (queue.Queue, concurrent Future.result, Event.wait, Thread.join, input, select, sockets) in a coroutine.",
        equivalents = {"ASYNC250"})
public final class BlockingWait extends BlockingCallRule {
    private static final Set<String> SOCKET_BLOCKING = Set.of("connect", "accept", "recv", "recv_into", "recvfrom",
            "recvfrom_into", "recvmsg", "send", "sendall", "sendto", "sendfile", "sendmsg");

    /**
     * Synchronous clients of other protocols over a socket (mail, FTP, SSH): every method here waits
     * for the server. Their constructors connect too when given a host.
     */
    private static final java.util.Map<String, Set<String>> NETWORK_CLIENTS = networkClients();

    private static java.util.Map<String, Set<String>> networkClients() {
        Set<String> smtp = Set.of("connect", "login", "starttls", "ehlo", "helo", "ehlo_or_helo_if_needed", "sendmail",
                "send_message", "noop", "verify", "quit", "rset", "mail", "rcpt", "data", "auth", "docmd");
        Set<String> ftp = Set.of("connect", "login", "cwd", "pwd", "nlst", "dir", "mlsd", "retrbinary", "retrlines",
                "storbinary", "storlines", "delete", "rename", "mkd", "rmd", "size", "sendcmd", "voidcmd", "quit",
                "transfercmd", "ntransfercmd", "prot_p", "auth");
        Set<String> mailbox = Set.of("login", "select", "search", "fetch", "store", "uid", "logout", "list", "append",
                "expunge", "noop", "starttls", "user", "pass_", "stat", "retr", "dele", "quit", "top", "uidl");
        Set<String> ssh = Set.of("connect", "exec_command", "invoke_shell", "open_sftp");
        Set<String> sftp = Set.of("get", "put", "listdir", "listdir_attr", "open", "file", "stat", "lstat", "remove",
                "unlink", "rename", "mkdir", "rmdir", "chmod", "getfo", "putfo", "chdir", "normalize");
        java.util.Map<String, Set<String>> m = new java.util.HashMap<>();
        for (String t : List.of("smtplib.SMTP()", "smtplib.SMTP_SSL()", "smtplib.LMTP()")) m.put(t, smtp);
        for (String t : List.of("ftplib.FTP()", "ftplib.FTP_TLS()")) m.put(t, ftp);
        for (String t : List.of("imaplib.IMAP4()", "imaplib.IMAP4_SSL()", "poplib.POP3()", "poplib.POP3_SSL()")) m.put(t, mailbox);
        for (String t : List.of("paramiko.SSHClient()", "paramiko.client.SSHClient()")) m.put(t, ssh);
        for (String t : List.of("paramiko.SFTPClient()", "paramiko.sftp_client.SFTPClient()",
                "paramiko.SSHClient().open_sftp()", "paramiko.client.SSHClient().open_sftp()")) m.put(t, sftp);
        return java.util.Map.copyOf(m);
    }

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        String name = Calls.qualifiedName(ctx, call);
        if (name != null && NETWORK_CLIENTS.containsKey(name + "()")) {
            // smtplib.SMTP("mail.example.com") connects (and reads the greeting) before it returns.
            return call.args().isEmpty() || call.args().get(0) instanceof Expr.Starred
                    ? (Calls.argument(call, -1, "host") != null ? Blocking.of(name + "()") : null)
                    : Blocking.of(name + "()");
        }
        if (name != null) {
            return switch (name) {
                case "builtins.input" -> Blocking.of("input()");
                case "select.select" -> Calls.isZero(Calls.argument(call, 3, "timeout")) ? null
                        : Blocking.of("select.select()");
                case "concurrent.futures.wait" -> Blocking.of("concurrent.futures.wait()");
                case "socket.create_connection" -> Blocking.of("socket.create_connection()");
                default -> null;
            };
        }
        String method = Calls.method(call);
        if (method == null || ctx.walk().isAwaited()) return null;
        String receiver = Calls.receiverPath(ctx, call);
        if (receiver == null) return null;
        Set<String> network = NETWORK_CLIENTS.get(receiver);
        if (network != null && network.contains(method)) {
            return Blocking.of(Calls.shortText(ctx, call.func()) + "() (" + receiver.replace("()", "") + ")");
        }
        switch (receiver) {
            case KnownTypes.THREAD_QUEUE -> {
                if ((method.equals("get") && !Calls.isFalse(Calls.argument(call, 0, "block"))
                                && !checksEmptiness(ctx, Calls.receiver(call)))
                        || method.equals("join")) {
                    return Blocking.of("Queue." + method + "()");
                }
                if (method.equals("put") && !Calls.isFalse(Calls.argument(call, 1, "block"))) {
                    Boolean bounded = bounded(ctx, Calls.receiver(call));
                    if (bounded == null) return Blocking.brief("Queue.put()");
                    if (bounded) return Blocking.of("Queue.put()");
                }
            }
            case KnownTypes.THREAD_FUTURE -> {
                if ((method.equals("result") || method.equals("exception"))
                        && !Calls.isZero(Calls.argument(call, 0, "timeout"))
                        && !knownDone(ctx, Calls.receiver(call))) {
                    String what = "concurrent.futures.Future." + method + "()";
                    return awaitsAfterDoneCallback(ctx, Calls.receiver(call), call) ? Blocking.brief(what) : Blocking.of(what);
                }
            }
            case KnownTypes.THREAD_EVENT, "threading.Condition()", "threading.Barrier()" -> {
                if ((method.equals("wait") || method.equals("wait_for"))
                        && !Calls.isZero(Calls.argument(call, 0, "timeout"))) {
                    return Blocking.of(receiver.replace("()", "") + "." + method + "()");
                }
            }
            case KnownTypes.THREAD -> {
                if (method.equals("join")) return Blocking.of("Thread.join()");
            }
            case KnownTypes.SOCKET -> {
                if (SOCKET_BLOCKING.contains(method) && !setsNonBlocking(ctx) && !handlesWouldBlock(ctx)
                        && !setNonBlockingHere(ctx, call)) {
                    // A Unix socket's connect reaches a peer on this machine: it returns at once
                    // unless the peer's listen queue is full.
                    return method.equals("connect") && unixSocket(ctx, Calls.receiver(call))
                            ? Blocking.brief("socket.connect()") : Blocking.of("socket." + method + "()");
                }
            }
            default -> { }
        }
        return null;
    }

    /** A socket made as {@code socket.socket(socket.AF_UNIX, ...)} (or {@code family=AF_UNIX}) where it is bound. */
    private static boolean unixSocket(RuleContext ctx, Expr sock) {
        Expr made = sock == null ? null : ctx.names().assignedValue(sock);
        if (!(made instanceof Expr.Call c)) return false;
        Expr family = Calls.argument(c, 0, "family");
        return family != null && "socket.AF_UNIX".equals(ctx.names().qualifiedName(family));
    }

    /**
     * A file that switches sockets to non-blocking mode uses them with the loop's readiness
     * callbacks: their recv/send do not block. (Per file: the socket is often made non-blocking
     * where it is created, far from where it is used.)
     */
    private boolean setsNonBlocking(RuleContext ctx) {
        if (fileSetsNonBlocking == null) fileSetsNonBlocking = callsSetblocking(ctx.module());
        return fileSetsNonBlocking;
    }

    private Boolean fileSetsNonBlocking;

    /** {@code try: sock.recv(n) except BlockingIOError:}: the code knows the socket does not block. */
    private static boolean handlesWouldBlock(RuleContext ctx) {
        for (Node block : ctx.walk().enclosingBlocks()) {
            if (block instanceof Stmt.Try t) {
                for (ExceptHandler h : t.handlers()) {
                    if (h.type() != null && ctx.source().slice(h.type().range()).matches(
                            "(?s).*\\b(BlockingIOError|SSLWantReadError|SSLWantWriteError|EWOULDBLOCK|EAGAIN)\\b.*")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A future the function already awaited through {@code asyncio.wrap_future(fut)} (or checked
     * with {@code fut.done()}) is finished: its {@code result()} returns at once.
     */
    private static boolean knownDone(RuleContext ctx, Expr future) {
        Node scope = ctx.walk().enclosingFunction();
        if (scope == null || future == null) return false;
        String spelled = ctx.source().slice(future.range());
        boolean[] found = {false};
        Nodes.walk(scope, n -> {
            if (found[0] || !(n instanceof Expr.Call c)) return;
            if ("done".equals(Calls.method(c)) && ctx.source().slice(Calls.receiver(c).range()).equals(spelled)) {
                found[0] = true;
            } else if ("asyncio.wrap_future".equals(Calls.qualifiedName(ctx, c)) && !c.args().isEmpty()
                    && ctx.source().slice(c.args().get(0).range()).equals(spelled)) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /**
     * {@code fut.add_done_callback(cb)}, then an {@code await} (of what the callback signals),
     * then {@code fut.result()}: the function waited to be told the future is done, so the result
     * is most likely there (LOW: the await in between is not known to be that signal).
     */
    private static boolean awaitsAfterDoneCallback(RuleContext ctx, Expr future, Expr.Call result) {
        Node scope = ctx.walk().enclosingFunction();
        if (scope == null || future == null) return false;
        String spelled = ctx.source().slice(future.range());
        int[] registered = {-1, -1};
        boolean[] awaited = {false};
        Nodes.walk(scope, n -> {
            if (n instanceof Expr.Call c && "add_done_callback".equals(Calls.method(c))
                    && before(c.range(), result.range()) && ctx.source().slice(Calls.receiver(c).range()).equals(spelled)) {
                registered[0] = c.range().endLine();
                registered[1] = c.range().endColumn();
            }
        });
        if (registered[0] < 0) return false;
        var after = dev.asyncguard.python.ast.SourceRange.of(registered[0], registered[1]);
        Nodes.walk(scope, n -> {
            if (n instanceof Expr.Await a && before(after, a.range()) && before(a.range(), result.range())) awaited[0] = true;
        });
        return awaited[0];
    }

    private static boolean before(dev.asyncguard.python.ast.SourceRange a, dev.asyncguard.python.ast.SourceRange b) {
        return a.endLine() < b.startLine() || (a.endLine() == b.startLine() && a.endColumn() <= b.startColumn());
    }

    /**
     * Whether a queue's {@code put} can wait: true for one made with a maxsize, false for one made
     * without ({@code queue.Queue()} never blocks on put), null where the queue's creation is not in
     * view (a parameter): most queues are unbounded, so such a put is LOW.
     */
    private static Boolean bounded(RuleContext ctx, Expr queue) {
        Expr created = ctx.names().assignedValue(queue);
        if (!(created instanceof Expr.Call c)) return null;
        Expr maxsize = Calls.argument(c, 0, "maxsize");
        return maxsize != null && !Calls.isZero(maxsize);
    }

    /**
     * Code that polls {@code q.empty()} / {@code q.qsize()} gets only when an item is there: in the
     * same function, or in every caller of a helper that gets ({@code while self.queue.empty(): await
     * ...; return self._get_next()}), where the callers are the functions of the same class (through
     * {@code self.}) or module that call it.
     */
    private static boolean checksEmptiness(RuleContext ctx, Expr queue) {
        Stmt.FunctionDef scope = ctx.walk().enclosingFunction();
        if (scope == null || queue == null) return false;
        String spelled = ctx.source().slice(queue.range());
        if (pollsSize(ctx, scope, spelled)) return true;
        List<Stmt> siblings = siblingsOf(ctx, scope);
        if (siblings == null) return false;
        boolean method = !(siblings == ctx.module().body());
        boolean anyCaller = false;
        for (Stmt s : siblings) {
            if (!(s instanceof Stmt.FunctionDef other) || other == scope || !calls(ctx, other, scope.name(), method)) continue;
            if (!pollsSize(ctx, other, spelled)) return false;
            anyCaller = true;
        }
        return anyCaller;
    }

    /** The body that holds {@code def}: its class's (a method) or the module's; null when nested in a function. */
    private static List<Stmt> siblingsOf(RuleContext ctx, Stmt.FunctionDef def) {
        List<Stmt> body = ctx.module().body();
        for (Node a : ctx.walk().ancestors()) {
            if (a == def) return body;
            if (a instanceof Stmt.ClassDef c) body = c.body();
            else if (a instanceof Stmt.FunctionDef) body = null;
        }
        return null;
    }

    /** Whether {@code caller} calls {@code name}: as {@code self.name(...)} for a method, else {@code name(...)}. */
    private static boolean calls(RuleContext ctx, Stmt.FunctionDef caller, String name, boolean method) {
        boolean[] found = {false};
        Nodes.walk(caller, n -> {
            if (found[0] || !(n instanceof Expr.Call c)) return;
            if (method ? c.func() instanceof Expr.Attribute a && a.attr().equals(name)
                    && a.value() instanceof Expr.Name self && self.id().equals("self")
                    : c.func() instanceof Expr.Name f && f.id().equals(name)) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private static boolean pollsSize(RuleContext ctx, Node scope, String spelled) {
        boolean[] found = {false};
        Nodes.walk(scope, n -> {
            if (!found[0] && n instanceof Expr.Call c && Calls.receiver(c) != null
                    && Set.of("empty", "qsize", "full").contains(Calls.method(c))
                    && ctx.source().slice(Calls.receiver(c).range()).equals(spelled)) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private static boolean callsSetblocking(Node scope) {
        boolean[] found = {false};
        Nodes.walk(scope, n -> {
            if (!found[0] && n instanceof Expr.Call c && !c.args().isEmpty()
                    && (("setblocking".equals(Calls.method(c)) && Calls.isFalse(c.args().get(0)))
                        || ("settimeout".equals(Calls.method(c)) && Calls.isZero(c.args().get(0))))) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /**
     * {@code blocking = False; sock.setblocking(blocking)} earlier in the same function, on a
     * receiver spelled the same: this socket does not block (the file-wide rule above reads only
     * constants, so a flag made non-blocking here says nothing of the file's other sockets).
     */
    private static boolean setNonBlockingHere(RuleContext ctx, Expr.Call call) {
        Expr receiver = Calls.receiver(call);
        Stmt.FunctionDef fn = ctx.walk().enclosingFunction();
        if (receiver == null || fn == null) return false;
        String spelled = ctx.source().slice(receiver.range());
        int before = call.range().startLine();
        return FrameNodes.any(fn.body(), n -> n instanceof Expr.Call c && !c.args().isEmpty()
                && c.range().startLine() < before && Calls.receiver(c) != null
                && ctx.source().slice(Calls.receiver(c).range()).equals(spelled)
                && (("setblocking".equals(Calls.method(c)) && Calls.isFalse(constant(ctx, c.args().get(0))))
                    || ("settimeout".equals(Calls.method(c)) && Calls.isZero(constant(ctx, c.args().get(0))))));
    }

    /** The one value a plain name was given ({@code blocking = False}), else the expression itself. */
    private static Expr constant(RuleContext ctx, Expr e) {
        Expr assigned = e instanceof Expr.Name ? ctx.names().assignedValue(e) : null;
        return assigned instanceof Expr.Constant ? assigned : e;
    }

    @Override
    protected String consequence() {
        return "waits synchronously and blocks the event loop; use the asyncio equivalent or asyncio.to_thread()";
    }

    @Override
    protected Fix displayFix() {
        return Fix.display("Wait without blocking the loop",
                "item = await asyncio_queue.get()          # asyncio.Queue instead of queue.Queue\n"
                        + "result = await asyncio.wrap_future(fut)  # a concurrent.futures.Future");
    }
}
