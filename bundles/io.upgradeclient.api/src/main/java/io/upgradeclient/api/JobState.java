package io.upgradeclient.api;

/**
 * Where a job, or one upload target of a job, stands.
 */
public enum JobState {
    /** Ready to run as soon as a worker is free. */
    PENDING,
    /** A worker is on it. After a crash, running jobs go back to {@link #PENDING}. */
    RUNNING,
    /** Failed transiently; runs again at its next attempt time. */
    RETRYING,
    /** A plugin it needs is not deployed; runs again when it arrives. */
    WAITING,
    /** Finished: published to every target. */
    DONE,
    /** Failed for good (a permanent failure, or too many attempts); an operator may retry it. */
    FAILED;

    /**
     * @return whether nothing more happens without an operator
     */
    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
