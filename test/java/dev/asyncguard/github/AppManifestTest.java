package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The App manifest asks for exactly what the service uses, and subscribes to what it handles. */
class AppManifestTest {

    @Test
    @SuppressWarnings("unchecked")
    void permissionsAreMinimalAndEventsAreTheOnesTheServiceHandles() throws IOException {
        Map<String, Object> manifest = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Path.of("config/app-manifest.yml")));
        assertEquals(Map.of("pull_requests", "write", "checks", "write", "contents", "read", "metadata", "read",
                "issues", "read"), manifest.get("default_permissions"));
        assertEquals(List.of("pull_request", "issue_comment", "check_run"), manifest.get("default_events"));
        String hook = (String) ((Map<String, Object>) manifest.get("hook_attributes")).get("url");
        assertTrue(hook.endsWith("/github/webhook"), hook);
    }
}
