package io.upgradeclient.api;

import java.util.List;
import java.util.Objects;

/**
 * What one run of a check did.
 *
 * @param outcome how it ended
 * @param decisions every filter decision, in order (the last filter's verdict for accepted changes)
 * @param queued how many new jobs were queued (always 0 in a dry run)
 * @param detail the plugin waited for, or the failure, or a summary
 */
public record CheckRun(Outcome outcome, List<FilterDecision> decisions, int queued, String detail) {

    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public CheckRun {
        Objects.requireNonNull(outcome, "outcome");
        decisions = List.copyOf(decisions);
        Objects.requireNonNull(detail, "detail");
    }

    /** How a run ended. */
    public enum Outcome {
        /** The source was read and every accepted change is queued. */
        SUCCEEDED,
        /** A plugin it needs is not deployed; nothing was done. */
        WAITING,
        /** The source or a filter failed; the checkpoint did not move. */
        FAILED
    }

    /** @param plugin the plugin waited for @return a run that could not start */
    public static CheckRun waiting(String plugin) {
        return new CheckRun(Outcome.WAITING, List.of(), 0, plugin);
    }

    /** @param error what failed @return a failed run */
    public static CheckRun failed(String error) {
        return new CheckRun(Outcome.FAILED, List.of(), 0, error);
    }
}
