package io.upgradeclient.api;

import java.util.List;
import java.util.Objects;

/**
 * What one run of a {@link Checker} found.
 *
 * @param changes the changed files since the checkpoint it was given, oldest first
 * @param checkpoint the mark to pass to the next run; stored only after every change is safely queued
 */
public record CheckResult(List<RemoteChange> changes, Checkpoint checkpoint) {
    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public CheckResult {
        changes = List.copyOf(changes);
        Objects.requireNonNull(checkpoint, "checkpoint");
    }
}
