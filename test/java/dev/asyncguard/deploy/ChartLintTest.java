package dev.asyncguard.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helm lint --strict}: warnings fail too. */
class ChartLintTest {

    @Test
    void defaultValuesLintClean() {
        assertLintsClean(new Helm(RenderedChart.CHART).lint().strict().call());
    }

    /**
     * helm-java's lint takes no values file, so the production override is applied the way Helm
     * applies {@code -f}: merged over the chart's values.yaml, in a copy of the chart.
     */
    @Test
    void productionOverrideLintsClean(@TempDir Path temp) throws IOException {
        Path chart = copyChart(temp.resolve("asyncguard"));
        Map<String, Object> merged = mergeValues(load(RenderedChart.CHART.resolve("values.yaml")),
                load(RenderedChart.PRODUCTION_VALUES));
        Files.writeString(chart.resolve("values.yaml"), dump(merged));

        assertLintsClean(new Helm(chart).lint().strict().call());
    }

    @Test
    void lintFailsOnAValueTheSchemaRejects(@TempDir Path temp) throws IOException {
        Path chart = copyChart(temp.resolve("asyncguard"));
        Map<String, Object> values = load(RenderedChart.CHART.resolve("values.yaml"));
        values.put("replicaCount", "two");
        Files.writeString(chart.resolve("values.yaml"), dump(values));

        LintResult result = new Helm(chart).lint().strict().call();

        assertTrue(result.isFailed(), "lint should fail on replicaCount: two");
        assertTrue(String.join("\n", result.getMessages()).contains("replicaCount"),
                () -> "the lint message should name the key: " + result.getMessages());
    }

    private static void assertLintsClean(LintResult result) {
        assertFalse(result.isFailed(), () -> "helm lint --strict failed: " + result.getMessages());
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
                () -> "helm lint --strict reported: " + result.getMessages());
    }

    /** Helm's coalescing of a values file over the chart's: maps merge key by key, anything else replaces, null removes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeValues(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else if (value instanceof Map<?, ?> overrideMap && merged.get(key) instanceof Map<?, ?> baseMap) {
                merged.put(key, mergeValues((Map<String, Object>) baseMap, (Map<String, Object>) overrideMap));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    @Test
    void mergeFollowsHelmsRules() {
        Map<String, Object> base = Map.of("a", Map.of("x", 1, "y", 2), "list", java.util.List.of(1, 2), "gone", 1);
        Map<String, Object> override = new LinkedHashMap<>();
        override.put("a", Map.of("y", 3));
        override.put("list", java.util.List.of(9));
        override.put("gone", null);

        assertEquals(Map.of("a", Map.of("x", 1, "y", 3), "list", java.util.List.of(9)), mergeValues(base, override));
    }

    static Path copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(RenderedChart.CHART)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(RenderedChart.CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return target;
    }

    static Map<String, Object> load(Path file) throws IOException {
        Map<String, Object> values = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        return new LinkedHashMap<>(values);
    }

    static String dump(Map<String, Object> values) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(values);
    }
}
