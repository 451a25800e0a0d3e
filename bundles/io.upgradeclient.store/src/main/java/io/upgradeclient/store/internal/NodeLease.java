package io.upgradeclient.store.internal;

import java.time.Duration;

/**
 * Who works on the store's jobs, and for how long a claim holds without a heartbeat ({@code node.name},
 * {@code store.lease_seconds}). A job claimed by a node that stopped renewing its lease (killed, powered off, cut
 * off) is free for another node once the lease ran out.
 *
 * @param node this node's name
 * @param duration how long a claim holds unless renewed
 */
public record NodeLease(String node, Duration duration) {
    /** How long a claim holds by default. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

    /**
     * @throws IllegalArgumentException if the name is blank or the duration not positive
     */
    public NodeLease {
        if (node.isBlank()) {
            throw new IllegalArgumentException("a node needs a name");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("store.lease_seconds must be at least 1, was " + duration.toSeconds());
        }
    }

    /**
     * @param node a node name
     * @return its lease of the default duration
     */
    public static NodeLease of(String node) {
        return new NodeLease(node, DEFAULT_DURATION);
    }
}
