package dev.asyncguard.github.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.analysis.project.ModuleSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary cache keeps the most recently used summaries within its entry and byte bounds. */
class SummaryCacheTest {
    static ModuleSummary summary(String module, int functions) {
        List<ModuleSummary.Function> fs = new java.util.ArrayList<>();
        for (int i = 0; i < functions; i++) {
            fs.add(new ModuleSummary.Function(module + ".f" + i, i + 1, false, false, List.of(), false, null,
                    List.of(module + ".g" + i), Map.of()));
        }
        return new ModuleSummary(module.replace('.', '/') + ".py", module, fs, List.of(), Map.of(), List.of(), List.of());
    }

    @Test
    void theLeastRecentlyUsedGoesFirstWhenTheEntryBoundIsReached() {
        SummaryCache cache = new SummaryCache(2, 1 << 20);
        cache.put("a", summary("app.a", 1));
        cache.put("b", summary("app.b", 1));
        assertTrue(cache.get("a").isPresent()); // a is now the most recently used
        cache.put("c", summary("app.c", 1));
        assertEquals(2, cache.size());
        assertTrue(cache.get("a").isPresent());
        assertFalse(cache.get("b").isPresent());
        assertTrue(cache.get("c").isPresent());
    }

    @Test
    void theByteBoundEvictsAndASummaryLargerThanItIsNotKept() {
        ModuleSummary big = summary("app.big", 200);
        long size = big.estimatedBytes();
        SummaryCache cache = new SummaryCache(100, size * 2 + size / 2);
        cache.put("1", summary("app.big", 200));
        cache.put("2", summary("app.big", 200));
        cache.put("3", summary("app.big", 200));
        assertEquals(2, cache.size());
        assertTrue(cache.bytes() <= size * 2 + size / 2);
        assertFalse(cache.get("1").isPresent());

        SummaryCache small = new SummaryCache(100, size - 1);
        small.put("x", big);
        assertEquals(0, small.size());
    }

    @Test
    void keysSeparateBlobsAndSummaryKeys() {
        assertFalse(SummaryCache.key("abc", "app/a.py|app.a|3.12|00").equals(SummaryCache.key("abc", "app/a.py|app.a|3.13|00")));
    }
}
