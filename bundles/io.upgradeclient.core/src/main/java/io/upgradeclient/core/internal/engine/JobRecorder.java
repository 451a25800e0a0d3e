package io.upgradeclient.core.internal.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;

/**
 * Writes what a job run did to the store: each target's outcome as soon as it is known (so a node that resumes the
 * job never redoes a target that is done), and the run's outcome at its end. A node keeps no work it cannot record:
 * while the store cannot be reached a run publishes nothing more, and its outcome is written once the store is
 * back; a job another node took over in the meantime is left to that node.
 */
final class JobRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(JobRecorder.class);

    private final JobQueue jobs;
    private final StoreOutage outage;
    private final BooleanSupplier stopping;
    private final Duration retryEvery;

    /**
     * @param jobs the durable job queue
     * @param outage where store failures are reported
     * @param stopping whether the service stops, which ends the wait for the store
     * @param retryEvery how long to wait between tries to record an outcome while the store cannot be reached
     */
    JobRecorder(JobQueue jobs, StoreOutage outage, BooleanSupplier stopping, Duration retryEvery) {
        this.jobs = jobs;
        this.outage = outage;
        this.stopping = stopping;
        this.retryEvery = retryEvery;
    }

    /**
     * Records a running job's progress (a target's outcome) and renews its lease.
     *
     * @param running the job, still {@link io.upgradeclient.api.JobState#RUNNING}
     * @return whether it was recorded; {@code false} when the store cannot be reached
     * @throws LeaseLost if another node took the job over
     */
    boolean progress(Job running) {
        try {
            jobs.update(running);
            outage.reached();
            return true;
        } catch (IllegalStateException refused) {
            throw new LeaseLost(refused);
        } catch (IllegalArgumentException gone) {
            throw gone;
        } catch (RuntimeException e) {
            outage.failed("recording the progress of job " + running.id(), e);
            return false;
        }
    }

    /**
     * Records the outcome of a run, waiting for the store while it cannot be reached.
     *
     * @param result the job as the run left it
     * @return whether it was recorded; {@code false} if another node took the job over (logged) or the service
     *         stopped first (then the job's lease runs out and a node resumes it)
     */
    boolean outcome(Job result) {
        while (true) {
            try {
                jobs.update(result);
                outage.reached();
                return true;
            } catch (IllegalStateException refused) {
                fencedOff(result, refused);
                return false;
            } catch (IllegalArgumentException gone) {
                throw gone;
            } catch (RuntimeException e) {
                outage.failed("recording the outcome of job " + result.id(), e);
                if (stopping.getAsBoolean() || !waited()) {
                    LOG.warn("Job {} ({}: {}) is not recorded: the service stops before the store is back; a node resumes it once "
                            + "its lease runs out", result.id(), result.check(), result.change().fileName());
                    return false;
                }
            }
        }
    }

    /** @return false if interrupted (the service stops), with the flag kept */
    private boolean waited() {
        try {
            Thread.sleep(retryEvery.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param job the job another node took over
     * @param refusal the store's refusal
     */
    static void fencedOff(Job job, RuntimeException refusal) {
        LOG.warn("{}; this node stops working on job {} ({}: {})", refusal.getMessage(), job.id(), job.check(),
                job.change().fileName());
    }
}
