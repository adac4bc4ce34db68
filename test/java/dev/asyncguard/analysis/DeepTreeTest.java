package dev.asyncguard.analysis;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Machine-written code nests deeply (long concatenations, huge literals). The analyzer runs on
 * its callers' threads (the service's request threads), so it must not need a large stack.
 */
class DeepTreeTest {

    @Test
    void deeplyNestedExpressionsOnASmallStack() throws Exception {
        StringBuilder code = new StringBuilder("import time\nasync def f(a):\n    x = a");
        for (int i = 0; i < 20_000; i++) code.append(" + a");
        code.append("\n    time.sleep(x)\n");
        ParseResult parsed = new Parser().parse(code.toString());
        assertTrue(parsed.diagnostics().isEmpty(), parsed.diagnostics().toString());
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                outcome.set(Analyzer.withBuiltInRules().analyze(dev.asyncguard.analysis.AnalysisInput.of("deep.py", parsed),
                        AnalysisOptions.select(RuleRegistry.builtIn(), List.of("ALL"), List.of(), PythonVersion.DEFAULT)));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        if (outcome.get() instanceof Throwable t) throw new AssertionError("analysis failed on a 256 KB stack", t);
        @SuppressWarnings("unchecked")
        List<Finding> findings = (List<Finding>) outcome.get();
        assertEquals(1, findings.stream().filter(f -> f.code().equals("AG201")).count(), findings.toString());
    }
}
