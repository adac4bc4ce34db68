package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

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
        if (resolvesLocalhost(ctx, call)) return null;
        return blocking;
    }

    /**
     * The host looked up is {@code "localhost"}: spelled so, or a name that an enclosing
     * {@code if host == "localhost":} tests. The hosts file answers; no query goes out.
     */
    private static boolean resolvesLocalhost(RuleContext ctx, Expr.Call call) {
        Expr host = Calls.argument(call, 0, "host");
        if (host == null) host = Calls.argument(call, 0, "hostname");
        if (host == null) return false;
        if (isLocalhost(host)) return true;
        if (!(host instanceof Expr.Name name)) return false;
        for (dev.asyncguard.python.ast.Node a : ctx.walk().ancestors()) {
            if (a instanceof Stmt.If i && i.test() instanceof Expr.Compare c && c.ops().size() == 1
                    && "==".equals(c.ops().get(0)) && i.body().stream().anyMatch(st -> st.range().contains(call.range()))
                    && (c.left() instanceof Expr.Name l && l.id().equals(name.id()) && isLocalhost(c.comparators().get(0))
                        || c.comparators().get(0) instanceof Expr.Name r && r.id().equals(name.id()) && isLocalhost(c.left()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocalhost(Expr e) {
        return e instanceof Expr.Constant k && "localhost".equals(k.value());
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
