package io.upgradeclient.api;

import java.time.Instant;

/**
 * How a check is doing, for the shell, the UI and alerts. The {@code with…} methods make the next status; the
 * engine is the only one that calls them.
 *
 * @param check the check's name
 * @param state {@code idle}, {@code running}, {@code waiting for <plugin>} or {@code failing}
 * @param lastRun when it last finished a run, or {@code null}
 * @param lastSuccess when a run last succeeded, or {@code null}
 * @param nextRun when it runs next, or {@code null}
 * @param consecutiveFailures failed runs since the last success
 * @param changesFound changes accepted and queued since start
 * @param lastError the last failure, or empty
 */
public record CheckStatus(String check, String state, Instant lastRun, Instant lastSuccess, Instant nextRun,
        int consecutiveFailures, long changesFound, String lastError) {

    /**
     * @param check the check's name
     * @return the status of a check that has not run yet
     */
    public static CheckStatus fresh(String check) {
        return new CheckStatus(check, "idle", null, null, null, 0, 0, "");
    }

    /** @return this status while a run is going */
    public CheckStatus running() {
        return new CheckStatus(check, "running", lastRun, lastSuccess, nextRun, consecutiveFailures, changesFound, lastError);
    }

    /** @param at when the run ended @param queued changes it queued @return the status after a successful run */
    public CheckStatus succeeded(Instant at, int queued) {
        return new CheckStatus(check, "idle", at, at, nextRun, 0, changesFound + queued, "");
    }

    /** @param at when the run ended @param error why it failed @return the status after a failed run */
    public CheckStatus failed(Instant at, String error) {
        return new CheckStatus(check, "failing", at, lastSuccess, nextRun, consecutiveFailures + 1, changesFound, error);
    }

    /** @param at when the run ended @param plugin the plugin it needs @return the status of a run that waits for a plugin */
    public CheckStatus waiting(Instant at, String plugin) {
        return new CheckStatus(check, "waiting for " + plugin, at, lastSuccess, nextRun, consecutiveFailures, changesFound, "");
    }

    /** @param at when the next run is due @return this status with that next run */
    public CheckStatus nextRunAt(Instant at) {
        return new CheckStatus(check, state, lastRun, lastSuccess, at, consecutiveFailures, changesFound, lastError);
    }
}
