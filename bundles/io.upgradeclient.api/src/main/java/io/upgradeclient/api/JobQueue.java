package io.upgradeclient.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable job queue: jobs live in the database, so a crash loses none. Offered by the store; thread-safe;
 * every write is durable when the call returns.
 */
@ProviderType
public interface JobQueue {
    /**
     * Queues a change unless its key (check, URL, revision) was ever queued before.
     *
     * @param check the check's name
     * @param change the accepted change
     * @param targets the names of the upload targets, in order; each starts as {@link TargetStatus#NEW}
     * @param now the time of queueing
     * @return the new job, or empty when the change was queued before (so it is never processed twice)
     */
    Optional<Job> enqueue(String check, RemoteChange change, List<String> targets, Instant now);

    /**
     * Atomically takes the oldest job that is {@link JobState#PENDING}, or {@link JobState#RETRYING} and due,
     * and marks it {@link JobState#RUNNING}. Its attempts do not change: a claim is not an attempt (the run may only
     * find a plugin missing); the engine counts one when it actually tries a step ({@link Job#started(Instant)}).
     *
     * @param now the current time
     * @param excludedChecks checks whose jobs must not be taken now (e.g. already running)
     * @return the job, or empty when none is due
     */
    Optional<Job> claim(Instant now, Set<String> excludedChecks);

    /**
     * Stores a job's new state, attempts, errors and target states. A job still {@link JobState#RUNNING} records
     * the run's progress (each target's outcome as it is known) and keeps the claim; any other state ends it.
     *
     * @param job the job, as changed by the engine
     * @throws IllegalArgumentException if there is no job with its id
     * @throws IllegalStateException if another node claimed the job after this one did (this node's lease ran out):
     *         the job is no longer this node's to write, and nothing was stored
     */
    void update(Job job);

    /**
     * @param id a job id
     * @return the job, if there is one
     */
    Optional<Job> find(long id);

    /**
     * @param states the states to include; empty for all
     * @param check the check's name, or empty for all
     * @param offset jobs to skip
     * @param limit the page size, at least 1
     * @return the jobs, newest first
     */
    List<Job> list(Set<JobState> states, String check, int offset, int limit);

    /**
     * @param check the check's name, or empty for all
     * @return how many jobs are in each state (states with none are left out)
     */
    Map<JobState, Long> countByState(String check);

    /**
     * Puts jobs that were {@link JobState#RUNNING} when the process died back to {@link JobState#PENDING}.
     * Called once by the engine before it claims anything.
     *
     * @param now the current time
     * @return how many jobs were returned to the queue
     */
    int requeueInterrupted(Instant now);

    /**
     * Makes {@link JobState#WAITING} jobs that wait for a plugin {@link JobState#PENDING} again.
     *
     * @param plugin the plugin that arrived, as {@code kind:type} (e.g. {@code uploader:rsync})
     * @param now the current time
     * @return how many jobs were woken
     */
    int wake(String plugin, Instant now);

    /**
     * An operator's retry: a {@link JobState#FAILED} job becomes {@link JobState#PENDING} with its attempts
     * reset; targets that succeeded stay done.
     *
     * @param id the job id
     * @param now the current time
     * @return whether the job existed and was failed
     */
    boolean retry(long id, Instant now);
}
