package io.upgradeclient.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The all-time totals of the events one node recorded for one check, event type and level, as the store counts them
 * while it records them ({@link History#totals()}). Every recorded event counts, also one the daily upsert merged
 * into an earlier row (the step ran again); deleting old history does not lower them.
 *
 * @param node the node that recorded the events ({@link Event#node()})
 * @param check the check's name, or empty
 * @param name the event type ({@code download}, {@code package}, {@code upload}, {@code check}…)
 * @param level the level
 * @param events how many events
 * @param timed how many of them carried a duration
 * @param duration those durations summed
 * @param bytes the bytes the events moved, summed ({@link Event#bytes()}; events without bytes add nothing)
 * @since 1.4
 */
public record EventTotal(String node, String check, String name, EventLevel level, long events, long timed,
        Duration duration, long bytes) {
    /**
     * @throws NullPointerException if a text field, the level or the duration is {@code null}
     */
    public EventTotal {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(duration, "duration");
    }
}
