package dev.asyncguard.python.ast;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flat preorder layout, and the children each record lists, against independent traversals. */
class PreorderTest {

    private static final String SOURCE = """
            import os, asyncio as aio
            from . import sibling
            @decorate(1)
            async def f[T: int](a, /, b=1, *c, d, e=2, **g) -> list[T]:
                async with aio.timeout(1) as t, open(a) as fh:
                    x = [i * 2 async for i in c if i if not i]
                    y = {k: v for k, v in g.items()}
                    z = {1: 2, **g}
                    await aio.sleep(0)
                try:
                    pass
                except* ValueError as err:
                    raise RuntimeError(f"{err!r:>{width}}") from err
                finally:
                    del x
                match a:
                    case [1, *rest] | {"k": v, **kw} if v:
                        return lambda q, *, r=3: q + r
                    case Point(x=0, y=yy) as p:
                        yield from (p for p in rest)
                return (a if b else c)[1:2:3]
            class C(Base, metaclass=Meta):
                n: int = 0
                def m(self): self.n += 1
            type Alias[K] = dict[K, int]
            while (w := os.getpid()) > 0: break
            else: global q
            """;

    private static Module module() {
        ParseResult parsed = new Parser().parse(SOURCE);
        assertTrue(parsed.diagnostics().isEmpty(), parsed.diagnostics().toString());
        return parsed.module();
    }

    /** Parents before children, children in the order each record lists them: a plain recursion. */
    private static void recursivePreorder(Node n, List<Node> out) {
        out.add(n);
        for (Node c : Nodes.children(n)) recursivePreorder(c, out);
    }

    @Test
    void laysNodesOutInTheOrderOfAWalk() {
        Module m = module();
        Preorder order = Preorder.of(m);
        List<Node> walked = new ArrayList<>();
        Nodes.walk(m, walked::add);
        List<Node> recursed = new ArrayList<>();
        recursivePreorder(m, recursed);
        assertEquals(walked.size(), order.size());
        assertEquals(recursed.size(), order.size());
        for (int i = 0; i < order.size(); i++) {
            assertSame(walked.get(i), order.node(i), "node " + i);
            assertSame(recursed.get(i), order.node(i), "node " + i);
        }
        assertTrue(order.size() > 150, "the sample exercises many node types: " + order.size());
    }

    @Test
    void eachSubtreeEndsAfterExactlyItsDescendants() {
        Preorder order = Preorder.of(module());
        for (int i = 0; i < order.size(); i++) {
            List<Node> descendants = new ArrayList<>();
            recursivePreorder(order.node(i), descendants);
            assertEquals(i + descendants.size(), order.end(i), "end of " + order.node(i));
            for (int k = 0; k < descendants.size(); k++) assertSame(descendants.get(k), order.node(i + k));
        }
    }

    @Test
    void findsTheIndexOfADirectChildOnly() {
        Preorder order = Preorder.of(module());
        for (int i = 0; i < order.size(); i++) {
            for (Node child : Nodes.children(order.node(i))) {
                int at = order.childIndex(i, child);
                assertSame(child, order.node(at));
                assertTrue(at > i && order.end(at) <= order.end(i));
            }
        }
        // The module's first statement's child is a grandchild of the module, not a child.
        Node grandchild = Nodes.children(order.node(1)).get(0);
        assertEquals(-1, order.childIndex(0, grandchild));
    }

    @Test
    void recordsListTheirChildrenInSourceOrderSkippingAbsentOnes() {
        Module m = module();
        Stmt.FunctionDef f = (Stmt.FunctionDef) m.body().get(2);
        List<String> params = new ArrayList<>();
        for (Node n : Nodes.children(f.args())) {
            params.add(n instanceof Arg a ? a.name() : n instanceof Expr.Constant c ? "=" + c.value() : n.toString());
        }
        // Positional parameters, their defaults, *args, each keyword-only one with its default, **kwargs.
        assertEquals(List.of("a", "b", "=1", "c", "d", "e", "=2", "g"), params);
        List<Node> fChildren = Nodes.children(f);
        assertTrue(fChildren.get(0) instanceof Expr.Call, "decorators first");
        assertTrue(fChildren.get(1) instanceof TypeParam);
        assertSame(f.args(), fChildren.get(2));
        assertSame(f.returns(), fChildren.get(3));
        assertSame(f.body().get(0), fChildren.get(4));

        // {1: 2, **g}: the ** entry has no key, and lists only its value.
        Stmt.With with = (Stmt.With) f.body().get(0);
        Expr.Dict dict = (Expr.Dict) ((Stmt.Assign) with.body().get(2)).value();
        List<Node> entries = Nodes.children(dict);
        assertEquals(3, entries.size());
        assertTrue(entries.get(2) instanceof Expr.Name g && g.id().equals("g"));
    }

    @Test
    void subtreesBelowTheRecursionLimitAreLaidOutTheSameWay() {
        // 600 nested BinOps with calls in them: the layout switches from recursion to its explicit
        // stack part-way down.
        StringBuilder code = new StringBuilder("x = f(a)");
        for (int i = 0; i < 600; i++) code.append(" + g(b, c)");
        Module m = new Parser().parse(code.toString()).module();
        Preorder order = Preorder.of(m);
        assertEquals(3 + 600 + 601 * 3 + 600, order.size(), "module, assign, x; BinOps; calls with their func and args");
        List<Node> recursed = new ArrayList<>();
        recursivePreorder(m, recursed);
        assertEquals(recursed.size(), order.size());
        for (int i = 0; i < order.size(); i++) {
            assertSame(recursed.get(i), order.node(i), "node " + i);
            List<Node> descendants = new ArrayList<>();
            recursivePreorder(order.node(i), descendants);
            assertEquals(i + descendants.size(), order.end(i), "end of node " + i);
        }
    }

    @Test
    void deeplyNestedTreesNeedNoDeepJavaStack() throws Exception {
        StringBuilder code = new StringBuilder("x = a");
        for (int i = 0; i < 20_000; i++) code.append(" + a");
        Module m = new Parser().parse(code.toString()).module();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                outcome.set(Preorder.of(m));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        if (outcome.get() instanceof Throwable t) throw new AssertionError("layout failed on a 256 KB stack", t);
        Preorder order = (Preorder) outcome.get();
        // Module, Assign, target x, then 20,000 BinOps over 20,001 names.
        assertEquals(3 + 20_000 + 20_001, order.size());
        assertEquals(order.size(), order.end(0));
    }
}
