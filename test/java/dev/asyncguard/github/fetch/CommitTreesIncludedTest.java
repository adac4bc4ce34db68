package dev.asyncguard.github.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The default branch's files a policy includes are worked out once per commit and policy: a later
 * review under the same policy object gets the kept answer, another policy (a changed policy file
 * is a new object) or another commit has them worked out again.
 */
class CommitTreesIncludedTest {
    @Test
    void keptPerCommitAndPolicyObject() {
        CommitTrees trees = new CommitTrees();
        AtomicInteger made = new AtomicInteger();
        Object policy = new Object();
        java.util.function.Supplier<Map<String, String>> make = () -> {
            made.incrementAndGet();
            Map<String, String> m = new LinkedHashMap<>();
            m.put("app/a.py", "1111111111111111111111111111111111111111");
            return m;
        };
        Map<String, String> first = trees.included(1, "o/r", "c1", policy, make);
        assertSame(first, trees.included(1, "o/r", "c1", policy, make));
        assertEquals(1, made.get());
        assertThrows(UnsupportedOperationException.class, () -> first.put("x.py", "y"));

        trees.included(1, "o/r", "c1", new Object(), make);
        assertEquals(2, made.get(), "another policy decides again");
        trees.included(1, "o/r", "c2", new Object(), make);
        trees.included(2, "o/r", "c1", policy, make);
        assertEquals(4, made.get(), "another commit or installation too");
    }
}
