package dev.asyncguard.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.github.ServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The optional Grafana dashboard and PrometheusRule, and the `helm test` pod, rendered by `helm template`. */
class MonitoringChartTest {
    private static final Pattern METRIC = Pattern.compile("\\b(asyncguard_[a-z_]+)");

    /** The series the service really exports, from a registry its meters were registered in. */
    private static Set<String> exportedSeries() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServiceMetrics metrics = new ServiceMetrics(registry);
        metrics.delivery("pull_request", "accepted");
        metrics.queueDepth(() -> 0);
        metrics.run("posted", Duration.ofSeconds(1));
        metrics.gitHubCall("pulls.get", "200");
        Set<String> names = new TreeSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) names.add(line.replaceAll("[{ ].*", ""));
        }
        return names;
    }

    private static void assertOnlyExported(String text, Set<String> exported) {
        Matcher m = METRIC.matcher(text);
        int seen = 0;
        while (m.find()) {
            seen++;
            assertTrue(exported.contains(m.group(1)), m.group(1) + " is not a series the service exports: " + exported);
        }
        assertTrue(seen > 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dashboardAndAlertsRenderWhenEnabledAndQueryRealSeries() throws Exception {
        RenderedChart off = RenderedChart.render(Map.of());
        assertTrue(off.ofKind("PrometheusRule").isEmpty());
        assertTrue(off.find("ConfigMap", "ag-asyncguard-dashboard").isEmpty());

        RenderedChart on = RenderedChart.render(Map.of("grafanaDashboard.enabled", true, "prometheusRule.enabled", true,
                "prometheusRule.slowReviewSeconds", 90, "prometheusRule.labels.release", "kube-prometheus-stack"));
        Set<String> exported = exportedSeries();

        Map<String, Object> dashboard = on.find("ConfigMap", "ag-asyncguard-dashboard").orElseThrow();
        assertEquals("1", ((Map<String, Object>) ((Map<String, Object>) dashboard.get("metadata")).get("labels")).get("grafana_dashboard"));
        JsonNode json = new ObjectMapper().readTree((String) ((Map<String, Object>) dashboard.get("data")).get("asyncguard.json"));
        assertEquals("asyncguard", json.path("uid").asText());
        assertEquals(6, json.path("panels").size());
        assertOnlyExported(json.toString(), exported);

        Map<String, Object> rule = on.single("PrometheusRule");
        assertEquals("kube-prometheus-stack",
                ((Map<String, Object>) ((Map<String, Object>) rule.get("metadata")).get("labels")).get("release"));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((List<Map<String, Object>>)
                ((Map<String, Object>) rule.get("spec")).get("groups")).get(0).get("rules");
        assertEquals(List.of("AsyncguardReviewsFailing", "AsyncguardReviewsSlow", "AsyncguardQueueBacklog", "AsyncguardGitHubRateLimitLow"),
                rules.stream().map(r -> r.get("alert")).toList());
        String slow = (String) rules.get(1).get("expr");
        assertTrue(slow.endsWith("> 90") && slow.contains("namespace=\"reviews\""), slow);
        for (Map<String, Object> r : rules) assertOnlyExported((String) r.get("expr"), exported);
    }

    /**
     * `helm template` through helm-java leaves hooks out, and `helm test` needs a cluster: the test
     * pod is linted with the chart (ChartLintTest renders every template) and checked here as written.
     */
    @Test
    void helmTestAsksTheServicesReadiness() throws Exception {
        String pod = java.nio.file.Files.readString(RenderedChart.CHART.resolve("templates/tests/health-test.yaml"));
        assertTrue(pod.contains("\"helm.sh/hook\": test"), pod);
        assertTrue(pod.contains("http://{{ include \"asyncguard.fullname\" . }}:{{ .Values.service.port }}/health/readiness"), pod);
        assertTrue(pod.contains("restartPolicy: Never") && pod.contains("runAsNonRoot: true"), pod);
        assertTrue(new com.marcnuri.helm.Helm(RenderedChart.CHART).lint().call().getMessages().stream()
                .noneMatch(m -> m.contains("tests/health-test.yaml")), "the test pod lints clean");
    }
}
