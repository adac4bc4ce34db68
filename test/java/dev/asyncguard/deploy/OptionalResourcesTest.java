package dev.asyncguard.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.asyncguard.deploy.RenderedChart.list;
import static dev.asyncguard.deploy.RenderedChart.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the values switch on and off, and how the pod leaves on SIGTERM. */
class OptionalResourcesTest {

    private static final String PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n";

    @Test
    void defaultsRenderOnlyTheCore() {
        List<String> kinds = RenderedChart.render(Map.of()).kinds();

        assertEquals(List.of("ConfigMap", "ConfigMap", "Deployment", "Service", "ServiceAccount"),
                kinds.stream().sorted().toList());
    }

    @Test
    void productionOverrideRendersEverythingItTurnsOn() {
        RenderedChart chart = RenderedChart.render(List.of(RenderedChart.PRODUCTION_VALUES), Map.of());

        for (String kind : List.of("HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "ServiceMonitor",
                "NetworkPolicy")) {
            assertEquals(1, chart.ofKind(kind).size(), kind);
        }
        assertTrue(chart.ofKind("Secret").isEmpty(), "production uses existing Secrets");
    }

    @Test
    void hpaRendersOnlyWhenEnabledAndThenOwnsTheReplicaCount() {
        RenderedChart off = RenderedChart.render(Map.of());
        RenderedChart on = RenderedChart.render(Map.of("autoscaling.enabled", true,
                "autoscaling.minReplicas", 3, "autoscaling.maxReplicas", 9, "redis.url", "redis://valkey:6379/0"));

        assertTrue(off.ofKind("HorizontalPodAutoscaler").isEmpty());
        Map<String, Object> hpa = on.single("HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.get("apiVersion"));
        Map<String, Object> spec = map(hpa, "spec");
        assertEquals(3, spec.get("minReplicas"));
        assertEquals(9, spec.get("maxReplicas"));
        assertEquals(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "ag-asyncguard"), spec.get("scaleTargetRef"));
        Map<String, Object> cpu = map(map(list(spec, "metrics").getFirst(), "resource"), "target");
        assertEquals(70, cpu.get("averageUtilization"));
        assertFalse(map(on.single("Deployment"), "spec").containsKey("replicas"),
                "with the HPA on, a fixed replica count would reset its decision on every upgrade");
    }

    @Test
    void hpaRefusesMinAboveMax() {
        RuntimeException error = assertThrows(RuntimeException.class, () -> RenderedChart.render(Map.of(
                "autoscaling.enabled", true, "autoscaling.minReplicas", 5, "autoscaling.maxReplicas", 2)));
        assertTrue(error.getMessage().contains("autoscaling.minReplicas (5) is greater than autoscaling.maxReplicas (2)"),
                error.getMessage());
    }

    @Test
    void pdbRendersOnlyWhenEnabledAndSelectsTheDeploymentsPods() {
        RenderedChart off = RenderedChart.render(Map.of());
        RenderedChart on = RenderedChart.render(Map.of("podDisruptionBudget.enabled", true, "replicaCount", 2, "redis.url", "redis://valkey:6379/0"));

        assertTrue(off.ofKind("PodDisruptionBudget").isEmpty());
        Map<String, Object> pdb = on.single("PodDisruptionBudget");
        assertEquals("policy/v1", pdb.get("apiVersion"));
        assertEquals(1, map(pdb, "spec").get("minAvailable"));
        assertEquals(map(map(map(on.single("Deployment"), "spec"), "selector"), "matchLabels"),
                map(map(map(pdb, "spec"), "selector"), "matchLabels"));
    }

    @Test
    void pdbTakesMaxUnavailableInsteadOfMinAvailable() {
        Map<String, Object> spec = map(RenderedChart.render(Map.of(
                "podDisruptionBudget.enabled", true, "podDisruptionBudget.maxUnavailable", 1)).single("PodDisruptionBudget"), "spec");

        assertEquals(1, spec.get("maxUnavailable"));
        assertFalse(spec.containsKey("minAvailable"), "Kubernetes accepts only one of the two");
    }

    static Stream<Arguments> budgetsNoDrainCanMeet() {
        return Stream.of(
                Arguments.of(Map.of("podDisruptionBudget.enabled", true, "replicaCount", 1),
                        "podDisruptionBudget.minAvailable (1) must be below replicaCount (1)"),
                Arguments.of(Map.of("podDisruptionBudget.enabled", true, "podDisruptionBudget.minAvailable", 2,
                                "autoscaling.enabled", true, "autoscaling.minReplicas", 2, "redis.url", "redis://valkey:6379/0"),
                        "podDisruptionBudget.minAvailable (2) must be below autoscaling.minReplicas (2)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgetsNoDrainCanMeet")
    void pdbThatWouldBlockEveryDrainIsRefused(Map<String, Object> values, String message) {
        RuntimeException error = assertThrows(RuntimeException.class, () -> RenderedChart.render(values));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void pdbWithinTheAutoscalersFloorRenders() {
        Map<String, Object> spec = map(RenderedChart.render(Map.of("podDisruptionBudget.enabled", true,
                "podDisruptionBudget.minAvailable", 2, "replicaCount", 1,
                "autoscaling.enabled", true, "autoscaling.minReplicas", 3, "redis.url", "redis://valkey:6379/0")).single("PodDisruptionBudget"), "spec");

        assertEquals(2, spec.get("minAvailable"), "the HPA's floor, not replicaCount, is what a drain can count on");
    }

    @Test
    void ingressRendersOnlyWhenEnabledAndRoutesOnlyTheWebhookAndTheRulePages() {
        assertTrue(RenderedChart.render(Map.of()).ofKind("Ingress").isEmpty());

        RenderedChart on = RenderedChart.render(Map.of("ingress.enabled", true, "ingress.host", "ag.corp.example",
                "ingress.tls.enabled", true, "ingress.tls.secretName", "ag-tls", "ingress.className", "nginx"));
        Map<String, Object> spec = map(on.single("Ingress"), "spec");
        assertEquals("nginx", spec.get("ingressClassName"));
        assertEquals(List.of(Map.of("hosts", List.of("ag.corp.example"), "secretName", "ag-tls")), spec.get("tls"));
        Map<String, Object> rule = list(spec, "rules").getFirst();
        assertEquals("ag.corp.example", rule.get("host"));
        List<Map<String, Object>> paths = list(map(rule, "http"), "paths");
        assertEquals(2, paths.size(), "management endpoints stay inside the cluster");
        assertEquals("/github/webhook", paths.getFirst().get("path"));
        assertEquals("Exact", paths.getFirst().get("pathType"));
        assertEquals("/rules/", paths.get(1).get("path"), "the static rule pages that comments link to");
        assertEquals("Prefix", paths.get(1).get("pathType"));
        Map<String, Object> backend = map(map(paths.getFirst(), "backend"), "service");
        assertEquals("ag-asyncguard", backend.get("name"));
        assertEquals(Map.of("name", "http"), backend.get("port"));
        assertEquals("ag-asyncguard", map(on.single("Service"), "metadata").get("name"));
    }

    @Test
    void rulePageLinksAndThePreviousWebhookSecretReachTheService() {
        RenderedChart plain = RenderedChart.render(Map.of());
        assertFalse(plain.plainEnv().containsKey("ASYNCGUARD_PUBLIC_URL"), "no links unless asked for");
        assertFalse(plain.plainEnv().containsKey("ASYNCGUARD_DOCS_URL"));
        Map<String, Object> previous = map(map(plain.envEntry("ASYNCGUARD_GITHUB_WEBHOOK_SECRET_PREVIOUS"), "valueFrom"), "secretKeyRef");
        assertEquals(Map.of("name", "asyncguard-github", "key", "webhook-secret-previous", "optional", true), previous,
                "the rotation key may be absent from the Secret");

        RenderedChart linked = RenderedChart.render(Map.of("docs.publicUrl", "https://ag.corp.example",
                "github.webhookSecret.previousSecretKey", ""));
        assertEquals("https://ag.corp.example", linked.plainEnv().get("ASYNCGUARD_PUBLIC_URL"));
        assertFalse(linked.plainEnv().containsKey("ASYNCGUARD_GITHUB_WEBHOOK_SECRET_PREVIOUS"));
    }

    @Test
    void serviceMonitorRendersOnlyWhenEnabledAndScrapesPrometheus() {
        assertTrue(RenderedChart.render(Map.of()).ofKind("ServiceMonitor").isEmpty());

        RenderedChart on = RenderedChart.render(Map.of("serviceMonitor.enabled", true, "serviceMonitor.labels.release", "prom"));
        Map<String, Object> monitor = on.single("ServiceMonitor");
        assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion"));
        assertEquals("prom", map(map(monitor, "metadata"), "labels").get("release"));
        Map<String, Object> endpoint = list(map(monitor, "spec"), "endpoints").getFirst();
        assertEquals("http", endpoint.get("port"));
        assertEquals("/prometheus", endpoint.get("path"));
        Map<String, Object> serviceLabels = map(map(on.single("Service"), "metadata"), "labels");
        assertTrue(serviceLabels.entrySet().containsAll(
                map(map(map(monitor, "spec"), "selector"), "matchLabels").entrySet()), "the monitor selects our Service");
        assertEquals(List.of(RenderedChart.NAMESPACE), map(map(monitor, "spec"), "namespaceSelector").get("matchNames"));
    }

    @Test
    void networkPolicyRendersOnlyWhenEnabledAndOpensOnlyWhatTheServiceUses() {
        assertTrue(RenderedChart.render(Map.of()).ofKind("NetworkPolicy").isEmpty());

        RenderedChart chart = RenderedChart.render(List.of(RenderedChart.PRODUCTION_VALUES), Map.of());
        Map<String, Object> spec = map(chart.single("NetworkPolicy"), "spec");
        assertEquals(map(map(map(chart.single("Deployment"), "spec"), "selector"), "matchLabels"),
                map(map(spec, "podSelector"), "matchLabels"));
        assertEquals(List.of("Ingress", "Egress"), spec.get("policyTypes"));

        Map<String, Object> ingress = list(spec, "ingress").getFirst();
        assertEquals(List.of(Map.of("port", "http", "protocol", "TCP")), ingress.get("ports"));
        assertEquals(2, list(ingress, "from").size(), "the Ingress controller's and Prometheus' namespaces");

        List<Map<String, Object>> egress = list(spec, "egress");
        assertEquals(List.of(Map.of("port", 53, "protocol", "UDP"), Map.of("port", 53, "protocol", "TCP")),
                egress.get(0).get("ports"));
        assertEquals(List.of(Map.of("port", 443, "protocol", "TCP")), egress.get(1).get("ports"));
        assertEquals(List.of(Map.of("ipBlock", Map.of("cidr", "0.0.0.0/0"))), egress.get(1).get("to"));
    }

    @Test
    void createdSecretHoldsBothValuesAndIsWhatThePodReads() {
        RenderedChart chart = RenderedChart.render(Map.of("github.createSecret", true,
                "github.privateKey.value", PEM, "github.webhookSecret.value", "s3cret"));

        Map<String, Object> secret = chart.single("Secret");
        String name = (String) map(secret, "metadata").get("name");
        Map<String, Object> data = map(secret, "data");
        assertEquals(PEM, decode(data.get("private-key.pem")));
        assertEquals("s3cret", decode(data.get("webhook-secret")));

        Map<String, Object> keyVolume = map(DeploymentManifestTest.volume(chart, "github-private-key"), "secret");
        assertEquals(name, keyVolume.get("secretName"));
        assertEquals("private-key.pem", list(keyVolume, "items").getFirst().get("key"));
        Map<String, Object> ref = map(map(chart.envEntry("ASYNCGUARD_GITHUB_WEBHOOK_SECRET"), "valueFrom"), "secretKeyRef");
        assertEquals(Map.of("name", name, "key", "webhook-secret"), ref);
        assertTrue(map(map(map(map(chart.single("Deployment"), "spec"), "template"), "metadata"), "annotations")
                .containsKey("checksum/secret"), "a new key must roll the pods");
    }

    @ParameterizedTest(name = "kube {0}, mode {1}: {2}")
    @CsvSource({
            "1.31.0, auto, sleep",
            "1.30.0, auto, sleep",
            "1.29.4, auto, exec",
            "1.26.0, sleepAction, sleep",
            "1.33.0, exec, exec",
    })
    void preStopPausesBeforeSigterm(String kubeVersion, String mode, String action) {
        RenderedChart chart = RenderedChart.renderForKubeVersion(kubeVersion, Map.of("preStop.mode", mode, "preStop.seconds", 7));

        Map<String, Object> preStop = map(map(chart.container(), "lifecycle"), "preStop");
        assertEquals(List.of(action), List.copyOf(preStop.keySet()));
        if (action.equals("sleep")) {
            assertEquals(Map.of("seconds", 7), preStop.get("sleep"));
        } else {
            assertEquals(Map.of("command", List.of("sleep", "7")), preStop.get("exec"));
        }
    }

    @Test
    void preStopCanBeTurnedOff() {
        assertFalse(RenderedChart.render(Map.of("preStop.enabled", false)).container().containsKey("lifecycle"));
    }

    /**
     * The shutdown budget: the preStop pause, then the service's review drain
     * (ASYNCGUARD_SERVICE_SHUTDOWN_GRACE) inside Micronaut's graceful-shutdown wait, then the rest of
     * the margin for closing down, fit in the grace period.
     */
    @ParameterizedTest(name = "grace {0}, pause {1} (enabled {2}), margin {3} -> drain {4}, framework wait {5}")
    @CsvSource({
            "60, 5, true, 10, 45, 50",
            "60, 5, false, 10, 50, 55",
            "120, 10, true, 15, 95, 102",
    })
    void reviewDrainIsWhatTheGracePeriodLeaves(int grace, int pause, boolean pauseEnabled, int margin, int drain,
                                               int frameworkWait) {
        RenderedChart chart = RenderedChart.render(Map.of("terminationGracePeriodSeconds", grace,
                "preStop.seconds", pause, "preStop.enabled", pauseEnabled, "shutdown.marginSeconds", margin));
        Map<String, String> env = chart.plainEnv();

        assertEquals(grace, chart.podSpec().get("terminationGracePeriodSeconds"));
        assertEquals(drain + "s", env.get("ASYNCGUARD_SERVICE_SHUTDOWN_GRACE"));
        assertEquals("true", env.get("MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_ENABLED"));
        assertEquals(frameworkWait + "s", env.get("MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_GRACE_PERIOD"));
        assertTrue(frameworkWait > drain, "Micronaut must not stop waiting before the reviews' drain ends");
        assertTrue((pauseEnabled ? pause : 0) + frameworkWait < grace, "closing down must start before SIGKILL");
    }

    @Test
    void defaultBudgetGivesReviewsFortyFiveSeconds() {
        RenderedChart chart = RenderedChart.render(Map.of());
        int grace = (int) chart.podSpec().get("terminationGracePeriodSeconds");
        int pause = (int) map(map(map(chart.container(), "lifecycle"), "preStop"), "sleep").get("seconds");

        assertEquals(60, grace);
        assertEquals(5, pause);
        assertEquals("45s", chart.plainEnv().get("ASYNCGUARD_SERVICE_SHUTDOWN_GRACE"));
        assertEquals("50s", chart.plainEnv().get("MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_GRACE_PERIOD"));
    }

    @Test
    void aBudgetTooShortForAnyReviewIsRefused() {
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> RenderedChart.render(Map.of("terminationGracePeriodSeconds", 20)));
        assertTrue(error.getMessage().contains("terminationGracePeriodSeconds (20) leaves 5s for running reviews"),
                error.getMessage());
    }

    private static String decode(Object base64) {
        return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
    }
}
