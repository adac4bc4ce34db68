package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.python.ast.Expr;

import java.util.Set;

/** AG208: a known CPU-heavy call (key derivation, password hashing) in a coroutine. */
@RuleInfo(code = "AG208", name = "cpu-bound-in-coroutine", needs = "async",
        inTests = false, inScripts = false,
        summary = "A known CPU-heavy call (hashlib.pbkdf2_hmac, hashlib.scrypt, bcrypt) in a coroutine.")
public final class CpuBoundInCoroutine extends BlockingCallRule {
    private static final Set<String> FUNCTIONS = Set.of("hashlib.pbkdf2_hmac", "hashlib.scrypt", "bcrypt.hashpw",
            "bcrypt.checkpw", "bcrypt.kdf");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        return calledFunction(ctx, call, FUNCTIONS);
    }

    @Override
    protected String consequence() {
        return "is CPU-heavy and holds the event loop while it computes; run it with await asyncio.to_thread()";
    }

    @Override
    protected Fix displayFix() {
        return Fix.display("Compute in a worker thread", "digest = await asyncio.to_thread(hashlib.scrypt, password, salt=salt, n=2**14, r=8, p=1)");
    }
}
