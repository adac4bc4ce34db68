package dev.asyncguard.github;

import java.io.IOException;

/**
 * The webhook intake's own steps on a delivery (signature, the fields read, the decision) without its
 * side effects, for the service's warm-up, which runs them on a bundled delivery (the intake implements it).
 */
public interface DeliveryRehearsal {
    /** Whether the signed delivery reads as a review to run. */
    boolean decidesReview(String event, byte[] body, String deliveryId) throws IOException;
}
