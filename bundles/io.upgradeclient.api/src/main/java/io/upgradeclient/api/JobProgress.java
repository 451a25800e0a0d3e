package io.upgradeclient.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the jobs running right now are doing: their step and how far their transfer has come. Offered by the
 * engine for the UI; kept in memory only (a job that is not running has no activity). Thread-safe; never blocks.
 */
@ProviderType
public interface JobProgress {
    /**
     * @return the activity of every running job, oldest job first
     */
    List<JobActivity> running();

    /**
     * @param jobId a job's id
     * @return what that job is doing, or empty when it is not running
     */
    Optional<JobActivity> of(long jobId);
}
