package io.upgradeclient.api;

import java.util.List;
import java.util.Objects;

/**
 * What one run of a {@link Checker} found.
 *
 * @param changes the changed files since the checkpoint it was given, oldest first
 * @param checkpoint the mark to pass to the next run; stored only after every change is safely queued
 * @param warnings what the source offered that was refused (an unsafe name in a listing, a malformed entry), one
 *        line each naming the URL and the reason; the engine records each as a warning event
 */
public record CheckResult(List<RemoteChange> changes, Checkpoint checkpoint, List<String> warnings) {
    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public CheckResult {
        changes = List.copyOf(changes);
        Objects.requireNonNull(checkpoint, "checkpoint");
        warnings = List.copyOf(warnings);
    }

    /**
     * @param changes the changed files, oldest first
     * @param checkpoint the mark to pass to the next run
     */
    public CheckResult(List<RemoteChange> changes, Checkpoint checkpoint) {
        this(changes, checkpoint, List.of());
    }
}
