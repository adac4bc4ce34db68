package dev.asyncguard.github;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code X-GitHub-Delivery} ids seen recently, so that a redelivery (GitHub's or a person's
 * "Redeliver" click) does not review twice. Bounded in count and age: the oldest go first.
 */
final class DeliveryIds {
    private final int capacity;
    private final Duration ttl;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    DeliveryIds(int capacity, Duration ttl) {
        this.capacity = Math.max(1, capacity);
        this.ttl = ttl;
    }

    /** Records {@code id}; false when it was already recorded and has not expired. */
    synchronized boolean firstTime(String id, Instant now) {
        expire(now);
        if (seen.containsKey(id)) {
            return false;
        }
        seen.put(id, now);
        while (seen.size() > capacity) {
            Iterator<String> it = seen.keySet().iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    /** Forgets {@code id}, e.g. when the delivery could not be queued and GitHub should retry it. */
    synchronized void forget(String id) {
        seen.remove(id);
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(ttl);
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().isBefore(cutoff)) {
            it.remove();
        }
    }
}
