package io.upgradeclient.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link Checker} saw last for one check, stored by the engine between runs. The value is opaque to the
 * engine: a revision number for Subversion, a serialized listing state for HTTP, and so on.
 *
 * @param value the checker's own mark; empty for {@link #NONE}
 * @param takenAt when the check that produced it started
 */
public record Checkpoint(String value, Instant takenAt) {
    /** Nothing seen yet: the first check of a source, which looks back {@link CheckDefinition#lookBack()} only. */
    public static final Checkpoint NONE = new Checkpoint("", Instant.EPOCH);

    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public Checkpoint {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(takenAt, "takenAt");
    }

    /**
     * @return whether this is the very first check
     */
    public boolean isNone() {
        return value.isEmpty();
    }
}
