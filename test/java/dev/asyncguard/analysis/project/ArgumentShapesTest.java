package dev.asyncguard.analysis.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lines that run only for some arguments, and what calls pass: each snippet's call of {@code target(...)} is asked about. */
class ArgumentShapesTest {

    /** The path from the module down to the first call of {@code target}, the call last. */
    private static List<Node> pathToTarget(String code) {
        ParseResult parsed = new Parser().parse(code);
        assertTrue(parsed.diagnostics().isEmpty(), parsed.diagnostics().toString());
        List<Node> path = new ArrayList<>();
        assertTrue(find(parsed.module(), path), "no call of target()");
        return path;
    }

    private static boolean find(Node n, List<Node> path) {
        path.add(n);
        if (n instanceof Expr.Call c && c.func() instanceof Expr.Name f && f.id().equals("target")) return true;
        boolean[] found = {false};
        n.forEachChild(child -> {
            if (!found[0]) found[0] = find(child, path);
        });
        if (!found[0]) path.remove(path.size() - 1);
        return found[0];
    }

    private static String guard(String code) {
        List<Node> path = pathToTarget(code);
        Stmt.FunctionDef function = null;
        for (Node n : path) if (n instanceof Stmt.FunctionDef d) function = d;
        return ArgumentShapes.guardedParameter(function, path);
    }

    private static Expr.Call target(String code) {
        List<Node> path = pathToTarget(code);
        return (Expr.Call) path.get(path.size() - 1);
    }

    @Test
    void aLineAfterAnEarlyExitOrUnderATestNeedsTheParameter() {
        assertEquals("passphrase", guard("""
                def f(data, passphrase):
                    if cipher != b'none':
                        if passphrase is None:
                            raise ValueError('needed')
                        key = passphrase.encode()
                        target(key)
                """));
        assertEquals("key", guard("def f(key):\n    if key:\n        target(key)\n"));
        assertEquals("key", guard("def f(key, other):\n    if other > 0 and key is not None:\n        target(key)\n"));
        assertEquals("key", guard("def f(key):\n    if key is None:\n        pass\n    else:\n        target(key)\n"));
        assertEquals("key", guard("def f(key):\n    if not key or len(key) < 2:\n        return None\n    target(key)\n"));
        assertEquals("key", guard("def f(data, key):\n    return target(key) if key else data\n"));
    }

    @Test
    void lookAlikesNeedNothing() {
        // The test of something else, a reassigned parameter, a branch that does not leave, self, a nested def.
        assertNull(guard("def f(key):\n    k = key\n    if k is None:\n        raise E\n    target(k)\n"));
        assertNull(guard("def f(key=None):\n    key = key or DEFAULT\n    if key is None:\n        raise E\n    target(key)\n"));
        assertNull(guard("def f(key):\n    if key is None:\n        log('none')\n    target(key)\n"));
        assertNull(guard("def f(key):\n    if key:\n        pass\n    target(key)\n"));
        assertNull(guard("class C:\n    def f(self):\n        if self is None:\n            return\n        target()\n"));
        assertNull(guard("def f(key):\n    if key:\n        def g():\n            target()\n"));
        assertNull(guard("def f(key):\n    if key is None:\n        target(key)\n"));
    }

    @Test
    void callsPassNoneOrTheirOwnParametersOn() {
        Expr.Call call = target("def f(data, passphrase):\n    target(data, None, passphrase, port=None, host=h)\n");
        assertEquals("0:@data;1:N;2:@passphrase;port:N;host:?", ArgumentShapes.shapeOf(call, Set.of("data", "passphrase")));
        assertEquals("*", ArgumentShapes.shapeOf(target("target(*args, None)\n"), Set.of()));
        assertEquals("*", ArgumentShapes.shapeOf(target("target(x, **kw)\n"), Set.of()));
        // Two calls of one callee: what both pass alike; a guard only when both have it.
        assertEquals("0:?;1:N;2:?", ArgumentShapes.merge("0:?;1:N", "0:?;1:N;2:N"));
        assertEquals("!key|0:N", ArgumentShapes.merge("!key|0:N", "!key|0:N"));
        assertEquals("0:N", ArgumentShapes.merge("!key|0:N", "0:N"));
    }

    @Test
    void aNonePassedWhereTheLineNeedsAValueCutsTheChain() {
        List<String> decode = List.of("data", "passphrase=None");
        assertSame(ArgumentShapes.CUT, ArgumentShapes.through("0:?;1:N", decode, "passphrase"));
        assertSame(ArgumentShapes.CUT, ArgumentShapes.through("0:?;passphrase:N", decode, "passphrase"));
        assertSame(ArgumentShapes.CUT, ArgumentShapes.through("0:?", decode, "passphrase"), "the default None");
        assertNull(ArgumentShapes.through("0:?;1:?", decode, "passphrase"), "a value: the line may run");
        assertNull(ArgumentShapes.through("0:?", List.of("data", "passphrase"), "passphrase"), "no default known to be None");
        assertNull(ArgumentShapes.through("*", decode, "passphrase"));
        assertNull(ArgumentShapes.through(null, decode, "passphrase"));
        assertEquals("mine", ArgumentShapes.through("0:?;1:@mine", decode, "passphrase"), "passed on: the caller's line");
        assertEquals("mine", ArgumentShapes.through("!mine|0:?;1:?", decode, null), "the call runs only for the caller's parameter");
        // A method's self is bound by the call; keyword-only parameters by name.
        assertSame(ArgumentShapes.CUT, ArgumentShapes.through("0:?;1:N", List.of("self", "data", "passphrase"), "passphrase"));
        assertSame(ArgumentShapes.CUT, ArgumentShapes.through("0:?", List.of("data", "*", "passphrase=None"), "passphrase"));
        assertNull(ArgumentShapes.through("0:?;1:N;passphrase:?", List.of("data", "*", "passphrase=None"), "passphrase"));
    }

    @Test
    void parametersKeepOrderAndDefaultsOfNone() {
        Stmt.FunctionDef def = (Stmt.FunctionDef) new Parser().parse(
                "def f(a, /, b, c=None, d=1, *rest, e=None, g):\n    pass\n").module().body().get(0);
        assertEquals(List.of("a", "b", "c=None", "d", "*", "e=None", "g"), ArgumentShapes.parameters(def));
    }
}
