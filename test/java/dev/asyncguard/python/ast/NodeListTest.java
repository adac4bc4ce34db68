package dev.asyncguard.python.ast;

import dev.asyncguard.python.Parser;
import dev.asyncguard.python.PythonVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lists a node keeps: the builder's own list frozen in place (no copy), any other list copied,
 * and either way a node's list cannot change afterwards, as with {@code List.copyOf}.
 */
class NodeListTest {
    private static final SourceRange AT = new SourceRange(1, 0, 1, 1);

    private static Expr name(String id) {
        return new Expr.Name(id, Ctx.LOAD, AT);
    }

    @Test
    void aNodeKeepsTheBuildersListAndFreezesIt() {
        NodeList<Expr> elts = new NodeList<>();
        for (int i = 0; i < 9; i++) elts.add(name("x" + i));
        Expr.Tuple t = new Expr.Tuple(elts, Ctx.LOAD, AT);
        assertSame(elts, t.elts());
        assertThrows(UnsupportedOperationException.class, () -> elts.add(name("late")));
        assertThrows(UnsupportedOperationException.class, () -> t.elts().set(0, name("y")));
        assertThrows(UnsupportedOperationException.class, () -> t.elts().remove(0));
        assertThrows(UnsupportedOperationException.class, t.elts()::clear);
        assertEquals(9, t.elts().size());
        assertEquals("x8", ((Expr.Name) t.elts().get(8)).id());
        // Frozen twice (a list two nodes share) is the same list.
        assertSame(elts, new Expr.Tuple(elts, Ctx.LOAD, AT).elts());
    }

    @Test
    void smallListsBecomeTheJdksImmutableOnes() {
        for (int n = 0; n <= 3; n++) {
            NodeList<Expr> elts = new NodeList<>(1);
            List<Expr> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                elts.add(name("x" + i));
                expected.add(name("x" + i));
            }
            List<Expr> kept = new Expr.ListExpr(elts, Ctx.LOAD, AT).elts();
            assertEquals(expected, kept);
            assertEquals(expected.hashCode(), kept.hashCode());
            if (n < 3) assertNotSame(elts, kept);
            assertThrows(UnsupportedOperationException.class, () -> kept.add(name("late")));
        }
    }

    @Test
    void otherListsAreCopiedAndNullsRefusedAsBefore() {
        List<Expr> mine = new ArrayList<>(List.of(name("a"), name("b"), name("c")));
        Expr.Tuple t = new Expr.Tuple(mine, Ctx.LOAD, AT);
        mine.add(name("d"));
        assertEquals(3, t.elts().size());
        NodeList<Expr> withNull = new NodeList<>();
        withNull.add(name("a"));
        withNull.add(null);
        withNull.add(name("c"));
        assertThrows(NullPointerException.class, () -> new Expr.Tuple(withNull, Ctx.LOAD, AT));
        assertThrows(NullPointerException.class, () -> new Expr.Tuple(Arrays.asList(name("a"), null), Ctx.LOAD, AT));
        // Dict keys may be null (a ** entry), as kw-only defaults may.
        NodeList<Expr> keys = new NodeList<>();
        keys.add(null);
        keys.add(name("k"));
        NodeList<Expr> values = new NodeList<>();
        values.add(name("m"));
        values.add(name("v"));
        Expr.Dict d = new Expr.Dict(keys, values, AT);
        assertEquals(Arrays.asList(null, name("k")), d.keys());
        assertThrows(UnsupportedOperationException.class, () -> d.keys().add(null));
    }

    @Test
    void aParsedModulesListsCannotChange() {
        Module m = Parser.parse("""
                import a, b, c
                def f(x, y, z, *, k=None, **kw):
                    return [x, y, z, {**kw, 'k': k}]
                """.getBytes(StandardCharsets.UTF_8), PythonVersion.NEWEST).module();
        List<Node> all = new ArrayList<>();
        Nodes.walk(m, all::add);
        assertTrue(all.size() > 15, "nodes: " + all.size());
        assertThrows(UnsupportedOperationException.class, () -> m.body().add(m.body().get(0)));
        Stmt.FunctionDef f = (Stmt.FunctionDef) m.body().get(1);
        assertThrows(UnsupportedOperationException.class, () -> f.args().kwDefaults().add(null));
        Expr.ListExpr list = (Expr.ListExpr) ((Stmt.Return) f.body().get(0)).value();
        assertEquals(4, list.elts().size());
        assertThrows(UnsupportedOperationException.class, () -> list.elts().add(list));
    }
}
