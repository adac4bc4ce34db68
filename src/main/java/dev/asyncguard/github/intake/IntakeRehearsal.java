package dev.asyncguard.github.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The webhook controller's own steps on a delivery (signature, the fields read, the decision), without
 * its side effects (no delivery remembered, nothing queued, no metric): the service's warm-up runs
 * them on a bundled delivery so that a new replica's first real one finds them compiled.
 */
public final class IntakeRehearsal {
    private IntakeRehearsal() {}

    /** Whether the signed delivery reads as a review to run, as {@link WebhookController#receive} would decide it. */
    public static boolean decidesReview(ObjectMapper json, long appId, String event, byte[] body, String deliveryId) throws IOException {
        byte[] secret = ("warm-up-" + deliveryId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!WebhookSignature.matchesAny(List.of(secret), body, WebhookSignature.sign(secret, body))) return false;
        JsonNode payload = WebhookFields.read(json, body);
        return payload != null && new WebhookEvents(appId).decide(event, payload, deliveryId, Instant.now())
                instanceof WebhookDecision.Review;
    }
}
