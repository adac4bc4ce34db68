package dev.asyncguard.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.asyncguard.deploy.RenderedChart.list;
import static dev.asyncguard.deploy.RenderedChart.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Deployment that {@code helm template} renders, checked against what the service expects. */
class DeploymentManifestTest {

    private static final String LIVENESS = "/health/liveness";
    private static final String READINESS = "/health/readiness";

    private final RenderedChart defaults = RenderedChart.render(Map.of());
    private final RenderedChart production = RenderedChart.render(List.of(RenderedChart.PRODUCTION_VALUES), Map.of());

    @Test
    void oneReplicaWithoutRedisRollingOneAtATimeWithoutLosingCapacity() {
        Map<String, Object> spec = map(defaults.single("Deployment"), "spec");

        assertEquals(1, spec.get("replicas"), "more need the shared queue (SharedQueueChartTest)");
        Map<String, Object> strategy = map(spec, "strategy");
        assertEquals("RollingUpdate", strategy.get("type"));
        assertEquals(0, map(strategy, "rollingUpdate").get("maxUnavailable"));
        assertEquals(1, map(strategy, "rollingUpdate").get("maxSurge"));
    }

    @Test
    void probesCallTheServiceHealthEndpointsOnThePortItListensOn() {
        for (RenderedChart chart : List.of(defaults, production)) {
            Map<String, Object> container = chart.container();
            Map<String, Object> httpPort = list(container, "ports").stream()
                    .filter(p -> "http".equals(p.get("name"))).findFirst().orElseThrow();
            int listenPort = Integer.parseInt(chart.plainEnv().get("MICRONAUT_SERVER_PORT"));
            assertEquals(listenPort, httpPort.get("containerPort"), "the named port is where Micronaut listens");

            assertEquals(LIVENESS, probePath(container, "livenessProbe"));
            assertEquals(READINESS, probePath(container, "readinessProbe"));
            assertEquals(LIVENESS, probePath(container, "startupProbe"));
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertEquals("http", map(map(container, probe), "httpGet").get("port"), probe);
            }
            Map<String, Object> servicePort = list(map(chart.single("Service"), "spec"), "ports").getFirst();
            assertEquals("http", servicePort.get("targetPort"));
        }
    }

    @Test
    void startupProbeGivesTheJvmTimeWithoutSlowingLivenessAfterwards() {
        Map<String, Object> startup = map(defaults.container(), "startupProbe");
        int budget = (int) startup.get("periodSeconds") * (int) startup.get("failureThreshold");

        assertTrue(budget >= 60, "start-up budget " + budget + " s is too short for a JVM on a busy node");
        Map<String, Object> liveness = map(defaults.container(), "livenessProbe");
        assertTrue((int) liveness.get("periodSeconds") * (int) liveness.get("failureThreshold") <= 60);
    }

    @Test
    void runsAsNonRootWithReadOnlyRootAndNoPrivileges() {
        for (RenderedChart chart : List.of(defaults, production)) {
            Map<String, Object> pod = map(chart.podSpec(), "securityContext");
            assertEquals(true, pod.get("runAsNonRoot"));
            assertEquals(10001, pod.get("runAsUser"));
            assertEquals("RuntimeDefault", map(pod, "seccompProfile").get("type"));

            Map<String, Object> container = map(chart.container(), "securityContext");
            assertEquals(true, container.get("runAsNonRoot"));
            assertEquals(10001, container.get("runAsUser"));
            assertEquals(true, container.get("readOnlyRootFilesystem"));
            assertEquals(false, container.get("allowPrivilegeEscalation"));
            assertEquals(List.of("ALL"), map(container, "capabilities").get("drop"));
            assertFalse(map(container, "capabilities").containsKey("add"));
            assertEquals("RuntimeDefault", map(container, "seccompProfile").get("type"));
        }
    }

    @Test
    void theJvmGetsAWritableTmpUnderTheReadOnlyRoot() {
        Map<String, Object> tmpMount = mountAt(defaults, "/tmp");
        Map<String, Object> volume = volume(defaults, (String) tmpMount.get("name"));

        assertTrue(volume.containsKey("emptyDir"), "/tmp must be an emptyDir, found " + volume);
        assertFalse(Boolean.TRUE.equals(tmpMount.get("readOnly")));
        String toolOptions = defaults.plainEnv().get("JAVA_TOOL_OPTIONS");
        assertTrue(toolOptions.contains("-Djava.io.tmpdir=/tmp"), toolOptions);
        assertTrue(toolOptions.contains("-XX:+ExitOnOutOfMemoryError"), toolOptions);
    }

    @Test
    void privateKeyIsMountedAtTheFileTheServiceReads() {
        assertPrivateKeyFile(defaults, "asyncguard-github", "private-key.pem");
        assertPrivateKeyFile(production, "asyncguard-github-app", "private-key.pem");
        RenderedChart otherKey = RenderedChart.render(Map.of(
                "github.privateKey.secretKey", "key.pem",
                "github.privateKey.mountPath", "/var/run/secrets/github/"));
        assertPrivateKeyFile(otherKey, "asyncguard-github", "key.pem");
    }

    private static void assertPrivateKeyFile(RenderedChart chart, String secretName, String secretKey) {
        Path keyFile = Path.of(chart.plainEnv().get("ASYNCGUARD_GITHUB_PRIVATE_KEY_FILE"));
        Map<String, Object> mount = mountAt(chart, keyFile.getParent().toString());
        assertEquals(true, mount.get("readOnly"));
        Map<String, Object> secret = map(volume(chart, (String) mount.get("name")), "secret");

        assertEquals(secretName, secret.get("secretName"));
        Map<String, Object> item = list(secret, "items").getFirst();
        assertEquals(secretKey, item.get("key"));
        assertEquals(keyFile.getFileName().toString(), item.get("path"),
                "the Secret's key is projected under the file name the service opens");
        assertEquals(0440, secret.get("defaultMode"), "readable by the pod's group only");
    }

    @Test
    void webhookSecretComesFromTheSecretAsAnEnvironmentVariable() {
        Map<String, Object> ref = map(map(defaults.envEntry("ASYNCGUARD_GITHUB_WEBHOOK_SECRET"), "valueFrom"), "secretKeyRef");
        assertEquals(Map.of("name", "asyncguard-github", "key", "webhook-secret"), ref);

        Map<String, Object> productionRef = map(map(production.envEntry("ASYNCGUARD_GITHUB_WEBHOOK_SECRET"), "valueFrom"), "secretKeyRef");
        assertEquals(Map.of("name", "asyncguard-github-webhook", "key", "webhook-secret"), productionRef);
    }

    @Test
    void noSecretValueIsWrittenIntoTheDeploymentOrConfigMaps() {
        RenderedChart created = RenderedChart.render(Map.of(
                "github.createSecret", true,
                "github.privateKey.value", "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n-----END RSA PRIVATE KEY-----",
                "github.webhookSecret.value", "hunter2-webhook"));
        for (Map<String, Object> manifest : created.manifests()) {
            if (!"Secret".equals(manifest.get("kind"))) {
                String text = manifest.toString();
                assertFalse(text.contains("hunter2-webhook") || text.contains("MIIEsecret"),
                        manifest.get("kind") + " carries a secret value");
            }
        }
    }

    @Test
    void defaultPolicyIsMountedAtTheFileTheServiceReads() throws Exception {
        Path policyFile = Path.of(defaults.plainEnv().get("ASYNCGUARD_POLICY_DEFAULTS_FILE"));
        Map<String, Object> mount = mountAt(defaults, policyFile.getParent().toString());
        Map<String, Object> configMapVolume = map(volume(defaults, (String) mount.get("name")), "configMap");
        Map<String, Object> item = list(configMapVolume, "items").getFirst();
        assertEquals(policyFile.getFileName().toString(), item.get("path"));

        Map<String, Object> configMap = defaults.find("ConfigMap", (String) configMapVolume.get("name")).orElseThrow();
        String shipped = Files.readString(RenderedChart.CHART.resolve("files/default-policy.yml"));
        assertEquals(shipped.strip(), ((String) map(configMap, "data").get(item.get("key"))).strip());
    }

    @Test
    void policyFromValuesReplacesTheShippedOne() {
        String policy = "review:\n  max_comments: 7\n";
        RenderedChart chart = RenderedChart.render(Map.of("policy.defaults", policy));

        Map<String, Object> configMap = chart.find("ConfigMap", "ag-asyncguard-policy").orElseThrow();
        assertEquals(policy.strip(), ((String) map(configMap, "data").get("default-policy.yml")).strip());
    }

    @Test
    void settingsReachTheServiceThroughTheSettingsConfigMap() {
        assertEquals("https://api.github.com", defaults.settingSeenByContainer("ASYNCGUARD_GITHUB_API_URL"));
        assertEquals(null, defaults.settingSeenByContainer("ASYNCGUARD_GITHUB_APP_ID"), "unset until the operator sets it");
        assertEquals("123456", production.settingSeenByContainer("ASYNCGUARD_GITHUB_APP_ID"));

        RenderedChart chart = RenderedChart.render(Map.of(
                "github.apiUrl", "https://ghe.example.com/api/v3",
                "settings.LOGGER_LEVELS_DEV_ASYNCGUARD", "DEBUG"));
        assertEquals("https://ghe.example.com/api/v3", chart.settingSeenByContainer("ASYNCGUARD_GITHUB_API_URL"));
        assertEquals("DEBUG", chart.settingSeenByContainer("LOGGER_LEVELS_DEV_ASYNCGUARD"));
    }

    @Test
    void podsCarryNoKubernetesTokenAndNoServiceLinks() {
        Map<String, Object> pod = defaults.podSpec();
        assertEquals(false, pod.get("automountServiceAccountToken"));
        assertEquals(false, pod.get("enableServiceLinks"), "service links would inject ASYNCGUARD_* variables");
        assertEquals(false, defaults.single("ServiceAccount").get("automountServiceAccountToken"));
        assertEquals(map(defaults.single("ServiceAccount"), "metadata").get("name"), pod.get("serviceAccountName"));
    }

    @Test
    void requestsAndLimitsAreSet() {
        Map<String, Object> resources = map(defaults.container(), "resources");
        assertNotNull(map(resources, "requests").get("cpu"));
        assertNotNull(map(resources, "requests").get("memory"));
        assertNotNull(map(resources, "limits").get("memory"));
        assertEquals("1Gi", map(map(production.container(), "resources"), "limits").get("memory"));
    }

    @Test
    void aChangedSettingRollsThePods() {
        String before = podAnnotation(defaults, "checksum/config");
        String after = podAnnotation(RenderedChart.render(Map.of("settings.FOO", "bar")), "checksum/config");
        String policyChanged = podAnnotation(RenderedChart.render(Map.of("policy.defaults", "rules: {}\n")), "checksum/config");

        assertNotNull(before);
        assertFalse(before.equals(after));
        assertFalse(before.equals(policyChanged));
    }

    @Test
    void topologySpreadGetsThePodSelectorFilledIn() {
        List<Map<String, Object>> constraints = list(production.podSpec(), "topologySpreadConstraints");
        Map<String, Object> selectorLabels = map(map(map(production.single("Deployment"), "spec"), "selector"), "matchLabels");

        assertEquals(2, constraints.size());
        for (Map<String, Object> constraint : constraints) {
            assertEquals(selectorLabels, map(map(constraint, "labelSelector"), "matchLabels"));
        }
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container, probe), "httpGet").get("path");
    }

    private static String podAnnotation(RenderedChart chart, String name) {
        return (String) map(map(map(map(chart.single("Deployment"), "spec"), "template"), "metadata"), "annotations").get(name);
    }

    static Map<String, Object> mountAt(RenderedChart chart, String mountPath) {
        return list(chart.container(), "volumeMounts").stream()
                .filter(m -> Path.of((String) m.get("mountPath")).equals(Path.of(mountPath)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
    }

    static Map<String, Object> volume(RenderedChart chart, String name) {
        return list(chart.podSpec(), "volumes").stream()
                .filter(v -> name.equals(v.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
