package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
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
        if (!blocking.what().startsWith("socket.getnameinfo") && !blocking.what().startsWith("socket.getfqdn")
                && namesThisMachine(ctx, Calls.argument(call, 0, HOST_KEYWORDS.get(blocking.what())))) {
            return null;
        }
        return blocking;
    }

    /** The host argument's keyword, per function. */
    private static final java.util.Map<String, String> HOST_KEYWORDS = java.util.Map.of(
            "socket.getaddrinfo()", "host", "socket.gethostbyname()", "hostname",
            "socket.gethostbyname_ex()", "hostname", "socket.gethostbyaddr()", "ip_address");

    /** Names the hosts file (or the address itself) answers: no query leaves the machine. */
    private static final Set<String> THIS_MACHINE = Set.of("localhost", "127.0.0.1", "::1", "0.0.0.0", "::");

    /**
     * {@code gethostbyname("localhost")}, or {@code gethostbyname(host)} under {@code if host ==
     * "localhost":} / {@code if host in ("localhost", "127.0.0.1"):}: the machine's own name.
     */
    private static boolean namesThisMachine(RuleContext ctx, Expr host) {
        if (host == null) return false;
        if (host instanceof Expr.Constant) return isThisMachine(host);
        if (!(host instanceof Expr.Name name)) return false;
        for (Node a : ctx.walk().ancestors()) {
            if (!(a instanceof Stmt.If i) || i.body().isEmpty()
                    || !i.body().get(0).range().union(i.body().getLast().range()).contains(host.range())) {
                continue;
            }
            if (i.test() instanceof Expr.Compare c && c.comparators().size() == 1
                    && c.left() instanceof Expr.Name tested && tested.id().equals(name.id())) {
                Expr value = c.comparators().get(0);
                if (c.ops().get(0).equals("==") && isThisMachine(value)) return true;
                java.util.List<Expr> options = switch (value) {
                    case Expr.Tuple t -> t.elts();
                    case Expr.ListExpr l -> l.elts();
                    case Expr.SetExpr set -> set.elts();
                    default -> java.util.List.of();
                };
                if (c.ops().get(0).equals("in") && !options.isEmpty() && options.stream().allMatch(BlockingDns::isThisMachine)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isThisMachine(Expr e) {
        return e instanceof Expr.Constant c && c.kind() == Expr.ConstantKind.STR && THIS_MACHINE.contains(String.valueOf(c.value()));
    }

    /**
     * Whether the call's {@code flags} argument (by keyword, or at {@code position}) spells
     * {@code flag}, itself or through a constant it names or ORs in ({@code flags=_NUMERIC_ONLY},
     * {@code flags | _NUMERIC_ONLY} with {@code _NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV}).
     */
    private static boolean hasFlag(RuleContext ctx, Expr.Call call, int position, String flag) {
        Expr flags = Calls.argument(call, position, "flags");
        if (flags == null) return false;
        if (ctx.source().slice(flags.range()).contains(flag)) return true;
        return orredNames(flags).stream().map(n -> ctx.names().assignedValue(n))
                .anyMatch(value -> value != null && ctx.source().slice(value.range()).contains(flag));
    }

    /** The names a flags value is made of by {@code |} ({@code flags | _NUMERIC_ONLY}: both), or the name itself. */
    private static java.util.List<Expr.Name> orredNames(Expr flags) {
        return switch (flags) {
            case Expr.Name n -> java.util.List.of(n);
            case Expr.BinOp b when b.op().equals("|") -> java.util.stream.Stream.concat(
                    orredNames(b.left()).stream(), orredNames(b.right()).stream()).toList();
            default -> java.util.List.of();
        };
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
