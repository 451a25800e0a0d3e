package io.upgradeclient.core.internal.engine;

import java.time.Instant;

/**
 * How a check is doing, for the shell, the UI and alerts.
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

    static CheckStatus fresh(String check) {
        return new CheckStatus(check, "idle", null, null, null, 0, 0, "");
    }

    CheckStatus running() {
        return new CheckStatus(check, "running", lastRun, lastSuccess, nextRun, consecutiveFailures, changesFound, lastError);
    }

    CheckStatus succeeded(Instant at, int queued) {
        return new CheckStatus(check, "idle", at, at, nextRun, 0, changesFound + queued, "");
    }

    CheckStatus failed(Instant at, String error) {
        return new CheckStatus(check, "failing", at, lastSuccess, nextRun, consecutiveFailures + 1, changesFound, error);
    }

    CheckStatus waiting(Instant at, String plugin) {
        return new CheckStatus(check, "waiting for " + plugin, at, lastSuccess, nextRun, consecutiveFailures, changesFound, "");
    }

    CheckStatus nextRunAt(Instant at) {
        return new CheckStatus(check, state, lastRun, lastSuccess, at, consecutiveFailures, changesFound, lastError);
    }
}
