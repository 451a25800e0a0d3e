package io.upgradeclient.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One accepted change on its way through download, packaging and every upload target. Immutable: the engine
 * makes a changed copy with the {@code with…} methods and hands it to {@link JobQueue#update(Job)}.
 *
 * @param id the job id
 * @param check the check's name
 * @param key the idempotent key: check, URL and revision; a key is never queued twice
 * @param change the change to process
 * @param state where the job stands
 * @param attempts how many times the job's own step (download and package) was tried: a run that only waits for a
 *        plugin, or is cut short by a stop, is no attempt; once the step succeeded, runs that retry a target count
 *        on that target ({@link TargetStatus#attempts()}), not here
 * @param nextAttempt when a {@link JobState#RETRYING} job runs again, or {@code null}
 * @param lastError the last failure, or empty
 * @param waitingFor the plugin a {@link JobState#WAITING} job needs ({@code downloader:http}), or empty
 * @param sha256 the SHA-256 of the downloaded file, or empty before the download
 * @param targets the state per upload target, by target name, in configured order
 * @param created when it was queued
 * @param updated when it last changed
 */
public record Job(
        long id,
        String check,
        String key,
        RemoteChange change,
        JobState state,
        int attempts,
        Instant nextAttempt,
        String lastError,
        String waitingFor,
        String sha256,
        Map<String, TargetStatus> targets,
        Instant created,
        Instant updated) {

    /**
     * @throws NullPointerException if a required value is {@code null}
     */
    public Job {
        TargetRef.requireText(check, "check");
        TargetRef.requireText(key, "key");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(waitingFor, "waitingFor");
        Objects.requireNonNull(sha256, "sha256");
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }

    /**
     * @param newState the new state
     * @param at when it changed
     * @return a copy in that state, with the next attempt time and waiting reason cleared
     */
    public Job withState(JobState newState, Instant at) {
        return new Job(id, check, key, change, newState, attempts, null, lastError, "", sha256, targets, created, at);
    }

    /**
     * @param error what failed
     * @param retryAt when to try again
     * @param at when it failed
     * @return a copy in {@link JobState#RETRYING}
     */
    public Job retryingAt(String error, Instant retryAt, Instant at) {
        return new Job(id, check, key, change, JobState.RETRYING, attempts, retryAt, error, "", sha256, targets, created, at);
    }

    /**
     * @param error why it failed for good
     * @param at when
     * @return a copy in {@link JobState#FAILED}
     */
    public Job failed(String error, Instant at) {
        return new Job(id, check, key, change, JobState.FAILED, attempts, null, error, "", sha256, targets, created, at);
    }

    /**
     * @param plugin the missing plugin, as {@code kind:type}
     * @param at when
     * @return a copy in {@link JobState#WAITING}
     */
    public Job waitingFor(String plugin, Instant at) {
        return new Job(id, check, key, change, JobState.WAITING, attempts, null, "", plugin, sha256, targets, created, at);
    }

    /**
     * @param at when the attempt starts
     * @return a copy in {@link JobState#RUNNING} with one more attempt of the job's step counted
     */
    public Job started(Instant at) {
        return new Job(id, check, key, change, JobState.RUNNING, attempts + 1, null, lastError, "", sha256, targets, created, at);
    }

    /**
     * @param checksum the downloaded file's SHA-256
     * @return a copy recording it
     */
    public Job withSha256(String checksum) {
        return new Job(id, check, key, change, state, attempts, nextAttempt, lastError, waitingFor, checksum, targets, created, updated);
    }

    /**
     * @param target the target's name
     * @param status its new status
     * @return a copy with that target's status replaced
     */
    public Job withTarget(String target, TargetStatus status) {
        Map<String, TargetStatus> changed = new LinkedHashMap<>(targets);
        changed.put(target, status);
        return new Job(id, check, key, change, state, attempts, nextAttempt, lastError, waitingFor, sha256, changed, created, updated);
    }
}
