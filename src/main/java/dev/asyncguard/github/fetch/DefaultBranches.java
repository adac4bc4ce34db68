package dev.asyncguard.github.fetch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default branch's name of the repositories whose policy was read lately, by installation
 * and repository, believed for {@link #FRESH}: every review reads the policy at the default
 * branch's head, and the name behind it is renamed rarely, so asking for it each time would cost
 * a call a review for nothing.
 */
final class DefaultBranches {
    static final Duration FRESH = Duration.ofMinutes(1);
    private static final int MAX_REPOSITORIES = 10_000;

    private record Known(String branch, long until) {}

    private final Map<String, Known> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > MAX_REPOSITORIES;
        }
    };

    /** The name, or null when not known or no longer fresh. */
    synchronized String get(long installation, String repository) {
        Known k = known.get(installation + " " + repository);
        return k == null || System.nanoTime() - k.until() > 0 ? null : k.branch();
    }

    synchronized void forget(long installation, String repository) {
        known.remove(installation + " " + repository);
    }

    synchronized void put(long installation, String repository, String branch) {
        known.put(installation + " " + repository, new Known(branch, System.nanoTime() + FRESH.toNanos()));
    }
}
