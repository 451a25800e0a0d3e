package io.upgradeclient.report.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.upgradeclient.api.Checkpoint;

/**
 * What the failure alerts of one check and media last said, kept in {@code Checkpoints} so that a restart
 * neither repeats an alert nor forgets that a check was reported failing.
 *
 * @param phase what the last alert said about the check
 * @param entered when that phase's alert was sent
 * @param lastAlert when the last alert (or reminder) was sent
 * @param reminders reminders sent in this phase
 * @param jobsSeen job failures up to this time have been alerted
 */
record AlertState(Phase phase, Instant entered, Instant lastAlert, int reminders, Instant jobsSeen) {

    /** What the last alert said about a check. */
    enum Phase {
        /** Nothing wrong reported, or it recovered. */
        HEALTHY,
        /** Reported failing; reminders follow until it recovers. */
        FAILING,
        /** Reported stale (no successful run for too long); reported once until it succeeds again. */
        STALE
    }

    AlertState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(entered, "entered");
        Objects.requireNonNull(lastAlert, "lastAlert");
        Objects.requireNonNull(jobsSeen, "jobsSeen");
    }

    /** @param now when the check was first seen @return the state of a check nothing was ever sent about */
    static AlertState healthy(Instant now) {
        return new AlertState(Phase.HEALTHY, now, now, 0, now);
    }

    AlertState withJobsSeen(Instant at) {
        return new AlertState(phase, entered, lastAlert, reminders, at);
    }

    /** @return the state as a checkpoint: {@code phase=…;entered=…;reminders=…;jobs=…}, taken at the last alert */
    Checkpoint toCheckpoint() {
        return new Checkpoint("phase=" + phase + ";entered=" + entered.toEpochMilli() + ";reminders=" + reminders
                + ";jobs=" + jobsSeen.toEpochMilli(), lastAlert);
    }

    /**
     * @param checkpoint a stored state
     * @param now the current time
     * @return the state, or a healthy state starting now when none or an unreadable one is stored
     */
    static AlertState fromCheckpoint(Checkpoint checkpoint, Instant now) {
        if (checkpoint.isNone()) {
            return healthy(now);
        }
        try {
            Map<String, String> fields = new HashMap<>();
            for (String pair : checkpoint.value().split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    fields.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
            return new AlertState(Phase.valueOf(fields.get("phase")), Instant.ofEpochMilli(Long.parseLong(fields.get("entered"))),
                    checkpoint.takenAt(), Integer.parseInt(fields.get("reminders")), Instant.ofEpochMilli(Long.parseLong(fields.get("jobs"))));
        } catch (RuntimeException unreadable) {
            return healthy(now);
        }
    }
}
