package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.python.ast.Expr;

import java.util.Set;

/** AG207: a synchronous DNS lookup in a coroutine. */
@RuleInfo(code = "AG207", name = "blocking-dns", needs = "async",
        inTests = false, inScripts = false,
        summary = "A synchronous DNS lookup (socket.getaddrinfo, gethostbyname, ...) in a coroutine.")
public final class BlockingDns extends BlockingCallRule {
    private static final Set<String> FUNCTIONS = Set.of("socket.getaddrinfo", "socket.gethostbyname",
            "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.getnameinfo", "socket.getfqdn");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        Blocking blocking = calledFunction(ctx, call, FUNCTIONS);
        if (blocking == null) return null;
        // Numeric flags only parse (getaddrinfo) or format (getnameinfo) an address: no lookup.
        if (blocking.what().startsWith("socket.getaddrinfo") && hasFlag(ctx, call, 5, "AI_NUMERICHOST")) return null;
        if (blocking.what().startsWith("socket.getnameinfo") && hasFlag(ctx, call, 1, "NI_NUMERICHOST")) return null;
        return blocking;
    }

    /**
     * Whether the call's {@code flags} argument (by keyword, or at {@code position}) spells
     * {@code flag}, itself or through the constant it names ({@code flags=_NUMERIC_ONLY} with
     * {@code _NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV}).
     */
    private static boolean hasFlag(RuleContext ctx, Expr.Call call, int position, String flag) {
        Expr flags = Calls.argument(call, position, "flags");
        if (flags == null) return false;
        if (ctx.source().slice(flags.range()).contains(flag)) return true;
        Expr value = flags instanceof Expr.Name ? ctx.names().assignedValue(flags) : null;
        return value != null && ctx.source().slice(value.range()).contains(flag);
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
