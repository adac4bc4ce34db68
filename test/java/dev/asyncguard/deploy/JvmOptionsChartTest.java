package dev.asyncguard.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM options the chart gives the service (values.yaml {@code jvm}), rendered by {@code helm template} and
 * then handed to a real JVM, the one running the tests (any JDK 21+), as the pod's would be: the options must
 * start it, and mean what values.yaml says they do.
 */
class JvmOptionsChartTest {

    /** The chart's default memory limit, which the JVM sizes its heap from in the pod. */
    private static final long LIMIT = 768L << 20;

    private final RenderedChart defaults = RenderedChart.render(Map.of());

    @Test
    void c1OnlySerialCollectorAndA18PercentHeap() {
        List<String> options = Arrays.asList(defaults.plainEnv().get("JAVA_TOOL_OPTIONS").split("\\s+"));

        assertTrue(options.contains("-XX:TieredStopAtLevel=1"), "C1 only: C2 alone costs more CPU in a replica's first minutes, tiered C2 goes over 300 MB: " + options);
        assertFalse(options.contains("-XX:-TieredCompilation"), "not C2 alone: " + options);
        assertTrue(options.contains("-XX:MaxRAMPercentage=18"), "the heap that keeps the RSS under 300 MB: " + options);
        assertTrue(options.contains("-XX:+UseSerialGC"), options.toString());
        assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), options.toString());
        assertEquals("-XX:+IgnoreUnrecognizedVMOptions", options.getFirst(), "older JDKs start without the options they lack");
        assertTrue(options.contains("-XX:CompileThresholdScaling=0.05"), "C1 compiles what a review runs once within its first reviews: " + options);
        assertTrue(options.contains("-XX:AOTCache=/app/asyncguard.aot"), "the cache the image's training run made (Dockerfile, AotCacheTest): " + options);
    }

    @Test
    void mallocArenasAreCappedAndTheCapCanBeChangedOrDropped() {
        assertEquals("2", defaults.plainEnv().get("MALLOC_ARENA_MAX"));
        assertEquals("4", RenderedChart.render(Map.of("jvm.mallocArenaMax", 4)).plainEnv().get("MALLOC_ARENA_MAX"));
        assertNull(RenderedChart.render(Map.of("jvm.mallocArenaMax", "null")).plainEnv().get("MALLOC_ARENA_MAX"),
                "null: glibc's default");
    }

    @Test
    void theRenderedOptionsStartThisJdkAndMeanWhatTheValuesSay() throws Exception {
        Map<String, String> flags = finalFlags(defaults.plainEnv().get("JAVA_TOOL_OPTIONS"));

        assertEquals("1", flags.get("TieredStopAtLevel"));
        assertEquals("true", flags.get("UseSerialGC"));
        long maxHeap = Long.parseLong(flags.get("MaxHeapSize"));
        assertTrue(Math.abs(maxHeap - LIMIT * 18 / 100) <= 4L << 20, "18 % of 768 MiB, found " + maxHeap);
        assertEquals(32L << 20, Long.parseLong(flags.get("NewSize")));
        assertEquals("0.050000", flags.get("CompileThresholdScaling"));
        if (Runtime.version().feature() >= 25) {   // the image's JDK; 21-23 have no compact headers, 24 as an experiment
            assertEquals("true", flags.get("UseCompactObjectHeaders"));
            // Outside the image there is no /app/asyncguard.aot: the JVM says so and starts without it.
            assertEquals("/app/asyncguard.aot", flags.get("AOTCache"));
        }
        if (flags.containsKey("TrimNativeHeapInterval")) {   // 21.0.1 and later
            assertEquals("5000", flags.get("TrimNativeHeapInterval"));
        }
    }

    @Test
    void anOptionThisJdkLacksIsIgnoredNotFatal() throws Exception {
        // As compact object headers are on JDK 21-23: the pod still starts, with the options it knows.
        Map<String, String> flags = finalFlags("-XX:+IgnoreUnrecognizedVMOptions -XX:+UseNoSuchOptionInAnyJdk -XX:TieredStopAtLevel=1");

        assertEquals("1", flags.get("TieredStopAtLevel"));
    }

    /** {@code java -XX:+PrintFlagsFinal -version} under the pod's memory limit, with JAVA_TOOL_OPTIONS set. */
    private static Map<String, String> finalFlags(String toolOptions) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:MaxRAM=" + LIMIT, "-XX:+PrintFlagsFinal", "-version")
                .redirectErrorStream(true);
        pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the JVM must start with JAVA_TOOL_OPTIONS=" + toolOptions + ":\n" + out);
        Map<String, String> flags = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)").matcher(out);
        while (m.find()) {
            flags.put(m.group(1), m.group(2));
        }
        return flags;
    }
}
