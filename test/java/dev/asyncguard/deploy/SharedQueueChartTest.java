package dev.asyncguard.deploy;

import static dev.asyncguard.deploy.RenderedChart.list;
import static dev.asyncguard.deploy.RenderedChart.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's Redis settings, and its refusal to run several pods without the shared queue. */
class SharedQueueChartTest {

    @Test
    void severalReplicasWithoutRedisFailWithAReason() {
        RuntimeException error = assertThrows(RuntimeException.class, () -> RenderedChart.render(Map.of("replicaCount", 2)));
        assertTrue(error.getMessage().contains("replicaCount 2 needs redis.url"), error.getMessage());
        assertTrue(error.getMessage().contains("a stopped or crashed pod loses reviews it accepted"), error.getMessage());
    }

    @Test
    void theAutoscalerWithoutRedisFailsWithAReason() {
        RuntimeException error = assertThrows(RuntimeException.class, () -> RenderedChart.render(Map.of("autoscaling.enabled", true)));
        assertTrue(error.getMessage().contains("autoscaling.enabled needs redis.url"), error.getMessage());
    }

    @Test
    void oneReplicaWithoutRedisIsTheDefaultAndSetsNoRedisEnvironment() {
        RenderedChart chart = RenderedChart.render(Map.of());
        assertEquals(1, map(chart.single("Deployment"), "spec").get("replicas"));
        assertFalse(chart.plainEnv().keySet().stream().anyMatch(k -> k.startsWith("ASYNCGUARD_REDIS")), chart.plainEnv().toString());
    }

    @Test
    void redisUrlLetsThePodsScale() {
        RenderedChart chart = RenderedChart.render(Map.of("replicaCount", 4, "redis.url", "redis://valkey.queue.svc:6379/0"));
        assertEquals(4, map(chart.single("Deployment"), "spec").get("replicas"));
        assertEquals("redis://valkey.queue.svc:6379/0", chart.plainEnv().get("ASYNCGUARD_REDIS_URL"));
        assertEquals("15s", chart.plainEnv().get("ASYNCGUARD_REDIS_LEASE"));
        assertFalse(chart.plainEnv().containsKey("ASYNCGUARD_REDIS_PASSWORD_FILE"));
    }

    @Test
    void urlFromASecretAndThePasswordMountedAsAFile() {
        RenderedChart chart = RenderedChart.render(Map.of("autoscaling.enabled", true,
                "redis.existingSecret", "queue-url", "redis.existingSecretKey", "uri",
                "redis.password.existingSecret", "queue-password"));
        Map<String, Object> url = chart.envEntry("ASYNCGUARD_REDIS_URL");
        Map<String, Object> ref = map(map(url, "valueFrom"), "secretKeyRef");
        assertEquals("queue-url", ref.get("name"));
        assertEquals("uri", ref.get("key"));
        assertEquals("/etc/asyncguard/redis/password", chart.plainEnv().get("ASYNCGUARD_REDIS_PASSWORD_FILE"));
        Map<String, Object> volume = list(chart.podSpec(), "volumes").stream()
                .filter(v -> "redis-password".equals(v.get("name"))).findFirst().orElseThrow();
        assertEquals("queue-password", map(volume, "secret").get("secretName"));
        assertEquals(List.of(Map.of("key", "password", "path", "password")), map(volume, "secret").get("items"));
        assertTrue(list(chart.container(), "volumeMounts").stream()
                .anyMatch(m -> "/etc/asyncguard/redis".equals(m.get("mountPath")) && Boolean.TRUE.equals(m.get("readOnly"))));
    }

    @Test
    void theProductionExampleUsesRedis() {
        RenderedChart chart = RenderedChart.render(List.of(RenderedChart.PRODUCTION_VALUES), Map.of());
        assertTrue(chart.plainEnv().get("ASYNCGUARD_REDIS_URL").startsWith("rediss://"), chart.plainEnv().toString());
    }
}
