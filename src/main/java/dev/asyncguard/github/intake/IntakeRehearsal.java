package dev.asyncguard.github.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.github.AppCredentials;
import dev.asyncguard.github.DeliveryRehearsal;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The webhook controller's own steps on a delivery (signature, the fields read, the decision), without
 * its side effects (no delivery remembered, nothing queued, no metric): the service's warm-up runs
 * them on a bundled delivery so that a new replica's first real one finds them compiled.
 */
@Singleton
final class IntakeRehearsal implements DeliveryRehearsal {
    private final ObjectMapper json;
    private final WebhookEvents events;

    IntakeRehearsal(ObjectMapper json, AppCredentials credentials) {
        this.json = json;
        this.events = new WebhookEvents(credentials.appId());
    }

    @Override
    public boolean decidesReview(String event, byte[] body, String deliveryId) throws IOException {
        byte[] secret = ("warm-up-" + deliveryId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!WebhookSignature.matchesAny(List.of(secret), body, WebhookSignature.sign(secret, body))) return false;
        JsonNode payload = WebhookFields.read(json, body);
        return payload != null && events.decide(event, payload, deliveryId, Instant.now()) instanceof WebhookDecision.Review;
    }
}
