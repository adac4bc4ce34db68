package dev.asyncguard.github.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The in-memory {@link DeliveryLog} of one replica: bounded in count and age, the oldest go first. */
final class DeliveryIds implements DeliveryLog {
    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    DeliveryIds(int capacity, Duration ttl) {
        this(capacity, ttl, Clock.systemUTC());
    }

    DeliveryIds(int capacity, Duration ttl, Clock clock) {
        this.capacity = Math.max(1, capacity);
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public synchronized boolean seen(String id) {
        expire(clock.instant());
        return seen.containsKey(id);
    }

    @Override
    public synchronized void remember(String id) {
        Instant now = clock.instant();
        expire(now);
        seen.remove(id);
        seen.put(id, now);
        while (seen.size() > capacity) {
            Iterator<String> it = seen.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(ttl);
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().isBefore(cutoff)) {
            it.remove();
        }
    }
}
