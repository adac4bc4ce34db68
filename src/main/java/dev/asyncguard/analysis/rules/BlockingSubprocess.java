package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.Set;

/** AG203: starting or waiting for a process synchronously in a coroutine. */
@RuleInfo(code = "AG203", name = "blocking-subprocess", needs = "async",
        inTests = false, inScripts = false,
        summary = "A synchronous subprocess call (subprocess.*, os.system, os.popen, os.spawn*, os.wait*) in a coroutine.",
        equivalents = {"ASYNC220", "ASYNC221", "ASYNC222"})
public final class BlockingSubprocess extends BlockingCallRule {
    private static final Set<String> FUNCTIONS = Set.of(
            "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
            "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput",
            "os.system", "os.popen", "os.posix_spawn", "os.posix_spawnp",
            "os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnlpe", "os.spawnv", "os.spawnve", "os.spawnvp",
            "os.spawnvpe", "os.wait", "os.wait3", "os.wait4", "os.waitpid", "os.waitid");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        String name = Calls.qualifiedName(ctx, call);
        if (name != null) {
            if (!FUNCTIONS.contains(name)) return null;
            // Popen() starts the process and returns; only waiting for it (wait, communicate) takes long.
            if (!name.equals("subprocess.Popen")) return Blocking.of(name + "()");
            // Waited for further down: that wait carries the comment (one fix for both), the start is LOW.
            return waitedForLater(call, ctx) ? new Blocking(name + "()", Applicability.SAFE, Confidence.LOW, true)
                    : Blocking.returnsSoon(name + "()", Applicability.SAFE);
        }
        String method = Calls.method(call);
        if (("wait".equals(method) || "communicate".equals(method)) && !ctx.walk().isAwaited()
                && "subprocess.Popen()".equals(Calls.receiverPath(ctx, call))) {
            return Blocking.of("Popen." + method + "()");
        }
        return null;
    }

    /** {@code p = Popen(...)} followed, in the same function, by {@code p.wait()} or {@code p.communicate()}. */
    private static boolean waitedForLater(Expr.Call call, RuleContext ctx) {
        if (!(ctx.walk().parent() instanceof Stmt.Assign assign) || assign.targets().size() != 1
                || !(assign.targets().get(0) instanceof Expr.Name process)) {
            return false;
        }
        Stmt.FunctionDef function = ctx.walk().enclosingFunction();
        if (function == null) return false;
        int line = call.range().endLine();
        return FrameNodes.any(function.body(), n -> n instanceof Expr.Call c && c.range().startLine() > line
                && ("wait".equals(Calls.method(c)) || "communicate".equals(Calls.method(c)))
                && Calls.receiver(c) instanceof Expr.Name r && r.id().equals(process.id()));
    }

    @Override
    protected String consequence() {
        return "runs a process synchronously and blocks the event loop; use asyncio.create_subprocess_exec()";
    }

    @Override
    protected Fix displayFix() {
        return Fix.display("Use an asyncio subprocess",
                "proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE)\n"
                        + "stdout, _ = await proc.communicate()");
    }
}
