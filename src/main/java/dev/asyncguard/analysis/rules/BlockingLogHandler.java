package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.Stmt;

import java.util.HashSet;
import java.util.Set;

/**
 * AG601: a logging handler that does network I/O in {@code emit()}, built in a module that has
 * coroutines (so logging from them blocks the loop). A handler handed to a {@code QueueListener}
 * emits on the listener's thread and is not reported.
 */
@RuleInfo(code = "AG601", name = "blocking-log-handler",
        needs = {"SocketHandler", "DatagramHandler", "HTTPHandler", "SMTPHandler", "SysLogHandler"}, severity = Severity.WARNING,
        inTests = false, inScripts = false,
        summary = "A network logging handler in a module with coroutines.")
public final class BlockingLogHandler implements Rule {

    private static final String[] NETWORK_HANDLERS = {
            "logging.handlers.SocketHandler", "logging.handlers.DatagramHandler", "logging.handlers.HTTPHandler",
            "logging.handlers.SMTPHandler", "logging.handlers.SysLogHandler"};

    private static final Fix QUEUE_IT = Fix.display("Emit through a QueueHandler and a QueueListener thread",
            """
            log_queue = queue.SimpleQueue()
            listener = logging.handlers.QueueListener(log_queue, network_handler)
            logger.addHandler(logging.handlers.QueueHandler(log_queue))
            listener.start()""");

    private boolean hasCoroutines;
    private boolean mentionsHandlers;
    private final Set<String> queuedTexts = new HashSet<>();

    @Override
    public void subscribe(Subscriptions on) {
        on.onFileStart(this::collect);
        on.on(Expr.Call.class, this::check);
    }

    private void collect(RuleContext ctx) {
        // Most files never mention these classes; only those that do are resolved call by call.
        String text = ctx.source().text();
        // Every one of their names ends in "Handler": one scan rules out most files.
        mentionsHandlers = text.contains("Handler") && java.util.Arrays.stream(NETWORK_HANDLERS)
                .anyMatch(h -> text.contains(h.substring(h.lastIndexOf('.') + 1)));
        if (!mentionsHandlers) return;
        Preorder tree = ctx.walk().tree();
        for (int i = 0, size = tree.size(); i < size; i++) {
            Node n = tree.node(i);
            if (n instanceof Stmt.FunctionDef d && d.isAsync()) hasCoroutines = true;
            if (n instanceof Expr.Call c && spelledEndsWith(c, "QueueListener")
                    && AsyncioObjects.calls(ctx, c, "logging.handlers.QueueListener")) {
                for (Expr arg : c.args()) queuedTexts.add(ctx.source().slice(arg.range()));
            }
        }
    }

    /** A cheap filter before name resolution: the callee as spelled ends with {@code suffix}. */
    private static boolean spelledEndsWith(Expr.Call call, String suffix) {
        return switch (call.func()) {
            case Expr.Name n -> n.id().endsWith(suffix);
            case Expr.Attribute a -> a.attr().endsWith(suffix);
            default -> false;
        };
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (!mentionsHandlers || !hasCoroutines || !AsyncioObjects.calls(ctx, call, NETWORK_HANDLERS)) return;
        if (queuedTexts.contains(ctx.source().slice(call.range()))) return;
        if (ctx.walk().parent() instanceof Stmt.Assign a && a.value() == call && a.targets().size() == 1
                && queuedTexts.contains(ctx.source().slice(a.targets().get(0).range()))) {
            return;
        }
        ctx.reporter().report(call, Calls.shortText(ctx, call.func()) + " does network I/O in emit(), on the thread that logs: "
                + "logging from a coroutine blocks the event loop; put it behind a QueueHandler and QueueListener",
                QUEUE_IT);
    }
}
