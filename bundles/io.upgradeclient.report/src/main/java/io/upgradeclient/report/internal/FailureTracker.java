package io.upgradeclient.report.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.ReportKind;
import io.upgradeclient.report.internal.AlertState.Phase;

/**
 * Decides which failure alert, if any, a check's state calls for. Pure: alerts follow transitions (healthy to
 * failing, failing to recovered), never each failed attempt, and reminders come at growing intervals.
 */
final class FailureTracker {
    private final int failingAfter;
    private final Duration staleAfter;
    private final Duration reminderFirst;
    private final Duration reminderMax;

    /**
     * @param failingAfter consecutive failed runs that make a check failing, at least 1
     * @param staleAfter how long without a successful run makes a check stale
     * @param reminderFirst the wait before the first reminder; it doubles for each further one
     * @param reminderMax the longest wait between reminders
     */
    FailureTracker(int failingAfter, Duration staleAfter, Duration reminderFirst, Duration reminderMax) {
        this.failingAfter = Math.max(1, failingAfter);
        this.staleAfter = staleAfter;
        this.reminderFirst = reminderFirst;
        this.reminderMax = reminderMax;
    }

    /**
     * An alert to send, the period its report covers, and the state once it is sent.
     *
     * @param kind why
     * @param since the start of the period the report covers
     * @param next the state to keep once the alert went out
     */
    record Alert(ReportKind kind, Instant since, AlertState next) {
    }

    /**
     * @param state what the last alert said
     * @param status how the check is doing now (a fresh status after a restart: no failures, no success yet)
     * @param watchedSince when this process started watching the check (stands in for a success it never saw)
     * @param failedJobs how many jobs of the check failed for good since {@code state.jobsSeen()}
     * @param targetAttempts the most failed attempts in a row of an upload target of the check's jobs now retrying
     *        (0 when none retries): a target that is down fails the check's publishing though its runs succeed
     * @param now the current time
     * @return the alert to send now, if any; at most one per call, the next call finds the next one
     */
    Optional<Alert> decide(AlertState state, CheckStatus status, Instant watchedSince, int failedJobs, int targetAttempts,
            Instant now) {
        boolean targetFailing = targetAttempts >= failingAfter;
        boolean failing = status.consecutiveFailures() >= failingAfter || targetFailing;
        Instant lastGood = status.lastSuccess() != null ? status.lastSuccess() : watchedSince;
        switch (state.phase()) {
            case FAILING -> {
                if (!targetFailing && succeededAfter(status, state.entered())) {
                    return recovered(state, now);
                }
                Duration wait = ReportPlanner.backoff(state.reminders() + 1, reminderFirst, reminderMax, Optional.empty());
                if (!now.isBefore(state.lastAlert().plus(wait))) {
                    return Optional.of(new Alert(ReportKind.STILL_FAILING, state.lastAlert(),
                            new AlertState(Phase.FAILING, state.entered(), now, state.reminders() + 1, state.jobsSeen())));
                }
            }
            case STALE -> {
                if (succeededAfter(status, state.entered())) {
                    return recovered(state, now);
                }
                if (failing) {
                    return Optional.of(failingSince(lastGood, state, now));
                }
            }
            case HEALTHY -> {
                if (failing) {
                    return Optional.of(failingSince(lastGood, state, now));
                }
                if (!now.isBefore(lastGood.plus(staleAfter)) && !lastGood.isAfter(now)) {
                    return Optional.of(new Alert(ReportKind.STALE, lastGood, new AlertState(Phase.STALE, now, now, 0, state.jobsSeen())));
                }
            }
        }
        if (failedJobs > 0) {
            // a job failing for good is an event, not a state: it is reported once and changes no phase
            return Optional.of(new Alert(ReportKind.FAILING, state.jobsSeen(),
                    new AlertState(state.phase(), state.entered(), now, state.reminders(), now)));
        }
        return Optional.empty();
    }

    private static boolean succeededAfter(CheckStatus status, Instant instant) {
        return status.consecutiveFailures() == 0 && status.lastSuccess() != null && status.lastSuccess().isAfter(instant);
    }

    private static Optional<Alert> recovered(AlertState state, Instant now) {
        return Optional.of(new Alert(ReportKind.RECOVERED, state.entered(), new AlertState(Phase.HEALTHY, now, now, 0, state.jobsSeen())));
    }

    private static Alert failingSince(Instant lastGood, AlertState state, Instant now) {
        Instant since = lastGood.isAfter(now) ? now : lastGood;
        return new Alert(ReportKind.FAILING, since, new AlertState(Phase.FAILING, now, now, 0, state.jobsSeen()));
    }
}
