package io.upgradeclient.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one upload target within a job: each target succeeds, retries and fails on its own.
 *
 * @param state {@link JobState#PENDING}, {@link JobState#RETRYING}, {@link JobState#WAITING},
 *        {@link JobState#DONE} or {@link JobState#FAILED}
 * @param attempts uploads tried so far
 * @param nextAttempt when a retrying target is tried again, or {@code null}
 * @param lastError the last failure, or empty
 * @param bytes bytes sent by the successful upload
 */
public record TargetStatus(JobState state, int attempts, Instant nextAttempt, String lastError, long bytes) {
    /** A target not tried yet. */
    public static final TargetStatus NEW = new TargetStatus(JobState.PENDING, 0, null, "", 0);

    /**
     * @throws IllegalArgumentException if a count is negative
     */
    public TargetStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        if (attempts < 0 || bytes < 0) {
            throw new IllegalArgumentException("attempts and bytes must not be negative");
        }
    }
}
