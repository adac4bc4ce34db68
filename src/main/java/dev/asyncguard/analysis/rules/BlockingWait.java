package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.names.KnownTypes;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;

import java.util.Set;

/**
 * AG206: waiting on a thread primitive in a coroutine: {@code queue.Queue.get/put},
 * {@code concurrent.futures.Future.result} (never asyncio futures), {@code threading.Event.wait},
 * {@code Thread.join}, {@code input()}, {@code select.select}, blocking socket methods.
 */
@RuleInfo(code = "AG206", name = "blocking-wait",
        summary = "A blocking wait (queue.Queue, concurrent Future.result, Event.wait, Thread.join, input, select, sockets) in a coroutine.",
        equivalents = {"ASYNC250"})
public final class BlockingWait extends BlockingCallRule {
    private static final Set<String> SOCKET_BLOCKING = Set.of("connect", "accept", "recv", "recv_into", "recvfrom",
            "recvfrom_into", "recvmsg", "send", "sendall", "sendto", "sendfile", "sendmsg");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        String name = Calls.qualifiedName(ctx, call);
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
        if (method == null || ctx.isAwaited()) return null;
        String receiver = Calls.receiverPath(ctx, call);
        if (receiver == null) return null;
        switch (receiver) {
            case KnownTypes.THREAD_QUEUE -> {
                if ((method.equals("get") && !Calls.isFalse(Calls.argument(call, 0, "block")))
                        || (method.equals("put") && !Calls.isFalse(Calls.argument(call, 1, "block")))
                        || method.equals("join")) {
                    return Blocking.of("Queue." + method + "()");
                }
            }
            case KnownTypes.THREAD_FUTURE -> {
                if (method.equals("result") || method.equals("exception")) {
                    return Blocking.of("concurrent.futures.Future." + method + "()");
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
                if (SOCKET_BLOCKING.contains(method) && !setsNonBlocking(ctx)) {
                    return Blocking.of("socket." + method + "()");
                }
            }
            default -> { }
        }
        return null;
    }

    /** A socket switched to non-blocking mode in the same function does not block on these calls. */
    private static boolean setsNonBlocking(RuleContext ctx) {
        Node scope = ctx.enclosingFunction() != null ? ctx.enclosingFunction() : ctx.module();
        boolean[] found = {false};
        Nodes.walk(scope, n -> {
            if (!found[0] && n instanceof Expr.Call c && ("setblocking".equals(Calls.method(c))
                    || ("settimeout".equals(Calls.method(c)) && !c.args().isEmpty() && Calls.isZero(c.args().get(0))))) {
                found[0] = true;
            }
        });
        return found[0];
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
