package dev.asyncguard.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** values.schema.json stops a bad value before anything reaches the cluster, and names it. */
class ValuesSchemaTest {

    private static final String SCHEMA_ERROR = "values don't meet the specifications of the schema";

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(Map.of("replicaCount", "two"), "/replicaCount"),
                Arguments.of(Map.of("replicaCount", -1), "/replicaCount"),
                Arguments.of(Map.of("replicaCount", 0), "/replicaCount"),
                Arguments.of(Map.of("replicas", 3), "replicas"),
                Arguments.of(Map.of("image.pullPolicy", "Sometimes"), "/image/pullPolicy"),
                Arguments.of(Map.of("image.repository", ""), "/image/repository"),
                Arguments.of(Map.of("resources.limits.memory", "lots"), "/resources/limits/memory"),
                Arguments.of(Map.of("resources.requests.gpu", "1"), "/resources/requests"),
                Arguments.of(Map.of("resources.requests", "small"), "/resources/requests"),
                Arguments.of(Map.of("github.appId", "my-app"), "/github/appId"),
                Arguments.of(Map.of("github.apiUrl", "api.github.com"), "/github/apiUrl"),
                Arguments.of(Map.of("github.privateKey.existingSecret", ""), "/github/privateKey/existingSecret"),
                Arguments.of(Map.of("github.webhookSecret.existingSecret", "Not_A_Name"), "/github/webhookSecret/existingSecret"),
                Arguments.of(Map.of("github.createSecret", true), "/github/privateKey"),
                Arguments.of(Map.of("github.createSecret", true, "github.privateKey.value", "not a pem",
                        "github.webhookSecret.value", "x"), "/github/privateKey/value"),
                Arguments.of(Map.of("ingress.tls.enabled", true), "/ingress/tls"),
                Arguments.of(Map.of("ingress.host", "https://ag.example.com"), "/ingress/host"),
                Arguments.of(Map.of("ingress.paths[0].pathType", "Glob"), "/ingress/paths/0/pathType"),
                Arguments.of(Map.of("containerPort", 80), "/containerPort"),
                Arguments.of(Map.of("preStop.mode", "sigstop"), "/preStop/mode"),
                Arguments.of(Map.of("terminationGracePeriodSeconds", 0), "/terminationGracePeriodSeconds"),
                Arguments.of(Map.of("autoscaling.targetCPUUtilizationPercentage", 150), "/autoscaling/targetCPUUtilizationPercentage"),
                Arguments.of(Map.of("serviceMonitor.interval", "often"), "/serviceMonitor/interval"),
                Arguments.of(Map.of("settings.logger-level", "DEBUG"), "logger-level"),
                Arguments.of(Map.of("securityContext.runAsUser", "root"), "/securityContext/runAsUser"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void rejectsAndNamesTheKey(Map<String, Object> sets, String location) {
        RuntimeException error = assertThrows(RuntimeException.class, () -> RenderedChart.render(sets));

        assertTrue(error.getMessage().contains(SCHEMA_ERROR), error.getMessage());
        assertTrue(error.getMessage().contains(location), () -> "expected the message to name " + location + ": " + error.getMessage());
    }

    @Test
    void acceptsTheEdgesOfWhatIsAllowed() {
        RenderedChart chart = RenderedChart.render(Map.of(
                "replicaCount", 1,
                "github.appId", 7,
                "github.apiUrl", "https://ghe.example.com/api/v3",
                "resources.limits.memory", "1.5Gi",
                "resources.requests.cpu", 0.5,
                "updateStrategy.maxSurge", "25%",
                "ingress.host", "*.hooks.example.com"));

        assertEquals(1, RenderedChart.map(chart.single("Deployment"), "spec").get("replicas"));
        assertEquals("7", chart.settingSeenByContainer("ASYNCGUARD_GITHUB_APP_ID"));
    }
}
