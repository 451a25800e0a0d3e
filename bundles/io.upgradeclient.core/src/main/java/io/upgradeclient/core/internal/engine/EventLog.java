package io.upgradeclient.core.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.History;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.RepeatedWarnings;

/**
 * Writes the engine's events to the history and mirrors warnings and errors to the log, so that every step leaves
 * one row with the seed's columns filled. The history keeps every event; the log says an identical warning once an
 * hour with the count of its repeats ({@link RepeatedWarnings}), so a check waiting for a plugin that is not deployed
 * does not write a WARN line on every run.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final History history;
    private final Clock clock;
    private final BiConsumer<EventLevel, String> log;
    private final RepeatedWarnings repeated;

    EventLog(History history, Clock clock) {
        this(history, clock, EventLog::toLog);
    }

    /**
     * @param log where warnings and errors go (the log)
     */
    EventLog(History history, Clock clock, BiConsumer<EventLevel, String> log) {
        this.history = history;
        this.clock = clock;
        this.log = log;
        this.repeated = new RepeatedWarnings(Duration.ofHours(1), clock);
    }

    /**
     * @param level the severity
     * @param name the step ({@code check}, {@code filter}, {@code download}, {@code package}, {@code upload})
     * @param component the plugin that did it, as {@code kind:type}, or {@code engine}
     * @param check the check's name
     * @param change the change concerned, or {@code null}
     * @param job the job concerned, or {@code null}
     * @param took how long the step took, or {@code null}
     * @param message what happened
     */
    void record(EventLevel level, String name, String component, String check, RemoteChange change, Job job,
            Duration took, String message) {
        record(level, name, component, check, change, job, took, -1, message);
    }

    /**
     * Records a step that moved bytes: the store sums them per node and check for {@code /metrics}.
     *
     * @param bytes the bytes the step moved, {@code -1} for none
     * @see #record(EventLevel, String, String, String, RemoteChange, Job, Duration, String)
     */
    void record(EventLevel level, String name, String component, String check, RemoteChange change, Job job,
            Duration took, long bytes, String message) {
        Event event = Event.builder(level, name, component).check(check).change(change).jobId(job == null ? 0 : job.id())
                .duration(took).bytes(bytes).message(message).createdTime(clock.instant()).build();
        history.record(event);
        String line = check + " [" + component + "] " + name + ": " + message;
        if (level == EventLevel.ERROR || level == EventLevel.WARNING) {
            repeated.admit(level + " " + line, line).ifPresent(admitted -> log.accept(level, admitted));
        } else {
            LOG.debug("{}", line);
        }
    }

    private static void toLog(EventLevel level, String line) {
        if (level == EventLevel.ERROR) {
            LOG.error("{}", line);
        } else {
            LOG.warn("{}", line);
        }
    }
}
