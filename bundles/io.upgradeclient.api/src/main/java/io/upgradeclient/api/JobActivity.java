package io.upgradeclient.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of what one running job is doing, for progress bars: its step, the bytes of the transfer under way,
 * and the state of each upload target.
 *
 * @param jobId the job
 * @param check its check
 * @param fileName the file it processes
 * @param step {@code download}, {@code package} or {@code upload}
 * @param target the upload target being served, or empty outside the upload step
 * @param bytesDone bytes transferred so far in this step
 * @param bytesTotal the size of this step's transfer, or {@code -1} when not known
 * @param bytesPerSecond the transfer's mean rate since the step started, 0 before any byte
 * @param stepStarted when the step began
 * @param targets each upload target's state, in the job's order: {@link JobState#PENDING} not yet, {@link JobState#RUNNING} now, or how
 *        it ended in this run ({@link JobState#DONE}, {@link JobState#RETRYING}, {@link JobState#FAILED},
 *        {@link JobState#WAITING})
 */
public record JobActivity(long jobId, String check, String fileName, String step, String target, long bytesDone,
        long bytesTotal, double bytesPerSecond, Instant stepStarted, Map<String, JobState> targets) {

    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public JobActivity {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(stepStarted, "stepStarted");
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    /**
     * @return the share of the transfer done, 0 to 1, or {@code -1} when the total is not known
     */
    public double fraction() {
        return bytesTotal <= 0 ? -1 : Math.min(1.0, (double) bytesDone / bytesTotal);
    }

    /**
     * @return the time left at the mean rate so far, or {@code null} when the total or the rate is not known
     */
    public Duration remaining() {
        if (bytesTotal < 0 || bytesPerSecond <= 0) {
            return null;
        }
        return Duration.ofMillis((long) (Math.max(0, bytesTotal - bytesDone) * 1000 / bytesPerSecond));
    }
}
