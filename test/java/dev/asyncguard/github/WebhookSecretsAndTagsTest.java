package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.github.intake.WebhookSignature;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two webhook secrets during a rotation, and metric tags that a sender cannot choose: the
 * {@code X-GitHub-Event} of an unsigned or badly signed request is never a tag value.
 */
class WebhookSecretsAndTagsTest extends ServiceTest {
    static final String PREVIOUS = "whsec-old-91d2c4";

    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.github.webhook-secret-previous", PREVIOUS);
    }

    @BeforeEach
    void stubs() {
        github.resetToTypicalPullRequest(PullRequests.INSTALLATION);
    }

    @Test
    void bothSecretsAreAcceptedDuringARotationAndNoOther() {
        byte[] body = PullRequests.opened();
        assertEquals(202, service.send("pull_request", body, UUID.randomUUID().toString(),
                WebhookSignature.sign(PREVIOUS.getBytes(StandardCharsets.UTF_8), body)).statusCode(), "the previous secret");
        assertEquals(200, service.deliver("ping", "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}"
                .getBytes(StandardCharsets.UTF_8)).statusCode() / 100 * 100, "the current secret");
        assertEquals(401, service.send("pull_request", body, UUID.randomUUID().toString(),
                WebhookSignature.sign("whsec-someone-else".getBytes(StandardCharsets.UTF_8), body)).statusCode());
    }

    @Test
    void unsignedEventNamesNeverBecomeTags() {
        byte[] body = PullRequests.opened();
        for (int i = 0; i < 40; i++) {
            String event = "evil-" + UUID.randomUUID();
            assertEquals(401, service.send(event, body, UUID.randomUUID().toString(), null).statusCode());
            assertEquals(401, service.send(event, body, UUID.randomUUID().toString(), "sha256=" + "0".repeat(64)).statusCode());
        }
        // A signed delivery of an event we do not subscribe to counts as "other", not under its own name.
        service.deliver("made_up_event", "{}".getBytes(StandardCharsets.UTF_8));
        Set<String> tags = new TreeSet<>();
        for (Meter m : service.context().getBean(MeterRegistry.class).find("asyncguard.deliveries").meters()) {
            tags.add(m.getId().getTag("event"));
        }
        assertTrue(tags.contains("unverified"), tags.toString());
        assertTrue(tags.contains("other"), tags.toString());
        assertFalse(tags.stream().anyMatch(t -> t.startsWith("evil-") || t.equals("made_up_event")), tags.toString());
        assertTrue(Set.of("unverified", "other", "none", "pull_request", "issue_comment", "check_run", "ping", "push",
                "installation", "installation_repositories", "check_suite", "pull_request_review").containsAll(tags), tags.toString());
        assertTrue(counter("asyncguard.deliveries", "outcome", "unauthorized") >= 80);
    }

    @Test
    void theSettingsNeverShowEitherSecret() {
        String shown = service.context().getBean(GitHubAppSettings.class).toString();
        assertFalse(shown.contains(PREVIOUS) || shown.contains(ServiceHarness.SECRET), shown);
    }
}
