package dev.asyncguard.github.intake;

/**
 * The {@code X-GitHub-Delivery} ids whose jobs are durably queued, so that a redelivery (GitHub's
 * retry or a person's "Redeliver" click) does not review twice. In memory for one replica, in
 * Redis when replicas share the queue: a redelivery to any replica is then recognised.
 */
public interface DeliveryLog {
    /** Whether {@code id} was remembered and has not expired. */
    boolean seen(String id);

    /** Remembers {@code id}; called only once its job is queued, so a failed enqueue can be retried. */
    void remember(String id);
}
