package io.upgradeclient.core.internal.engine;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.History;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.RemoteChange;

/**
 * Writes the engine's events to the history and mirrors warnings and errors to the log, so that every step leaves
 * one row with the seed's columns filled.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final History history;
    private final Clock clock;

    EventLog(History history, Clock clock) {
        this.history = history;
        this.clock = clock;
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
        Event event = Event.builder(level, name, component).check(check).change(change).jobId(job == null ? 0 : job.id())
                .duration(took).message(message).createdTime(clock.instant()).build();
        history.record(event);
        switch (level) {
            case ERROR -> LOG.error("{} [{}] {}: {}", check, component, name, message);
            case WARNING -> LOG.warn("{} [{}] {}: {}", check, component, name, message);
            default -> LOG.debug("{} [{}] {}: {}", check, component, name, message);
        }
    }
}
