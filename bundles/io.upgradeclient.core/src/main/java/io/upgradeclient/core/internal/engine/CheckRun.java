package io.upgradeclient.core.internal.engine;

import java.util.List;

import io.upgradeclient.api.FilterDecision;

/**
 * What one run of a check did.
 *
 * @param outcome how it ended
 * @param decisions every filter decision, in order (the last filter's verdict for accepted changes)
 * @param queued how many new jobs were queued (always 0 in a dry run)
 * @param detail the plugin waited for, or the failure, or a summary
 */
public record CheckRun(Outcome outcome, List<FilterDecision> decisions, int queued, String detail) {

    /** How a run ended. */
    public enum Outcome {
        /** The source was read and every accepted change is queued. */
        SUCCEEDED,
        /** A plugin it needs is not deployed; nothing was done. */
        WAITING,
        /** The source or a filter failed; the checkpoint did not move. */
        FAILED
    }

    static CheckRun waiting(String plugin) {
        return new CheckRun(Outcome.WAITING, List.of(), 0, plugin);
    }

    static CheckRun failed(String error) {
        return new CheckRun(Outcome.FAILED, List.of(), 0, error);
    }
}
