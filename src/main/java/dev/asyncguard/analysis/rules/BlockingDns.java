package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.python.ast.Expr;

import java.util.Set;

/** AG207: a synchronous DNS lookup in a coroutine. */
@RuleInfo(code = "AG207", name = "blocking-dns",
        summary = "A synchronous DNS lookup (socket.getaddrinfo, gethostbyname, ...) in a coroutine.")
public final class BlockingDns extends BlockingCallRule {
    private static final Set<String> FUNCTIONS = Set.of("socket.getaddrinfo", "socket.gethostbyname",
            "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.getnameinfo", "socket.getfqdn");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        Blocking blocking = calledFunction(ctx, call, FUNCTIONS);
        // getnameinfo with NI_NUMERICHOST only formats an address: no lookup.
        if (blocking != null && blocking.what().startsWith("socket.getnameinfo")) {
            Expr flags = Calls.argument(call, 1, "flags");
            if (flags != null && ctx.source().slice(flags.range()).contains("NI_NUMERICHOST")) return null;
        }
        // getaddrinfo with AI_NUMERICHOST only parses a numeric address (it fails on a name): no lookup.
        if (blocking != null && blocking.what().startsWith("socket.getaddrinfo")) {
            Expr flags = Calls.argument(call, 5, "flags");
            if (flags != null && ctx.source().slice(flags.range()).contains("AI_NUMERICHOST")) return null;
        }
        return blocking;
    }

    @Override
    protected String consequence() {
        return "resolves names synchronously and blocks the event loop; use await loop.getaddrinfo()";
    }

    @Override
    protected Fix displayFix() {
        return Fix.display("Resolve with the event loop",
                "infos = await asyncio.get_running_loop().getaddrinfo(host, port)");
    }
}
