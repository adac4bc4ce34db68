package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.RuleInfo;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AG302's {@link RuleInfo#needs()} list what a call of a file's own code needs to be known to make a
 * coroutine; its tables are where those words come from. A row added to a table without its package
 * among the needs would lose findings in files that name nothing else the rule needs.
 */
class UnawaitedCoroutineNeedsTest {
    private static final Set<String> NEEDS = Set.of(UnawaitedCoroutine.class.getAnnotation(RuleInfo.class).needs());

    @Test
    void everyLibraryOfTheCoroutineTableIsANeed() {
        Set<String> packages = LibraryCoroutines.packages();
        assertTrue(packages.size() >= 6, packages.toString());
        for (String p : packages) assertTrue(NEEDS.contains(p), "AG302 needs \"" + p + "\" (LibraryCoroutines names it)");
    }

    @Test
    void everyAsyncioCoroutineIsUnderANeed() {
        for (String path : UnawaitedCoroutine.ASYNCIO_COROUTINES) {
            String root = path.substring(0, path.indexOf('.'));
            assertTrue(NEEDS.contains(root), "AG302 needs \"" + root + "\" for " + path);
        }
    }

    @Test
    void theRuleReportsCallsIntoTheProjectInAnyFile() {
        assertTrue(UnawaitedCoroutine.class.getAnnotation(RuleInfo.class).acrossModules());
    }
}
