package io.upgradeclient.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the history, with the seed's columns. Build one with {@link #builder(EventLevel, String, String)}.
 * Text fields are never {@code null} (empty when not applicable) and never hold secrets.
 *
 * @param id the history row id, or {@code 0} before it is stored
 * @param level {@code log_level}
 * @param name the event type ({@code log_name}), e.g. {@code check}, {@code download}, {@code upload}
 * @param component the component that reported it ({@code log_class})
 * @param check the check's name ({@code dao_name}), or empty
 * @param fileType {@code file_type}
 * @param fileName {@code file_name}
 * @param fileUrl {@code file_url}
 * @param lastAuthor {@code last_author}
 * @param lastDate {@code last_date}, or {@code null} when not applicable
 * @param lastRevision {@code last_revision}
 * @param lastAction {@code last_action}
 * @param message {@code log_message}
 * @param createdTime {@code created_time}
 * @param jobId the job the event belongs to, or {@code 0}
 * @param duration how long the step took, or {@code null}
 * @param node the node that recorded it ({@code node.name}), set by the store when it stores the event (what a
 *        caller passes is ignored); {@code imported} for rows imported from the original service, empty for rows
 *        stored before nodes were recorded
 * @param bytes the bytes the step moved (a download's file, an upload's transfer), or {@code -1} when it moved
 *        none or the event is no transfer; the store sums them per node and check
 * @since 1.4
 */
public record Event(
        long id,
        EventLevel level,
        String name,
        String component,
        String check,
        String fileType,
        String fileName,
        String fileUrl,
        String lastAuthor,
        Instant lastDate,
        String lastRevision,
        String lastAction,
        String message,
        Instant createdTime,
        long jobId,
        Duration duration,
        String node,
        long bytes) {

    /** The node of events imported from the original service. */
    public static final String IMPORTED = "imported";

    /**
     * @throws NullPointerException if a text field, the level or the creation time is {@code null}
     */
    public Event {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(fileType, "fileType");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(fileUrl, "fileUrl");
        Objects.requireNonNull(lastAuthor, "lastAuthor");
        Objects.requireNonNull(lastRevision, "lastRevision");
        Objects.requireNonNull(lastAction, "lastAction");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(node, "node");
    }

    /**
     * An event without node and bytes, as before 1.4.
     *
     * @throws NullPointerException if a text field, the level or the creation time is {@code null}
     */
    public Event(long id, EventLevel level, String name, String component, String check, String fileType, String fileName,
            String fileUrl, String lastAuthor, Instant lastDate, String lastRevision, String lastAction, String message,
            Instant createdTime, long jobId, Duration duration) {
        this(id, level, name, component, check, fileType, fileName, fileUrl, lastAuthor, lastDate, lastRevision, lastAction,
                message, createdTime, jobId, duration, "", -1);
    }

    /**
     * @param level the severity
     * @param name the event type ({@code log_name})
     * @param component the reporting component ({@code log_class})
     * @return a builder with every other field empty and the creation time now
     */
    public static Builder builder(EventLevel level, String name, String component) {
        return new Builder(level, name, component);
    }

    /**
     * Collects an {@link Event}'s fields. Not thread-safe.
     */
    public static final class Builder {
        private final EventLevel level;
        private final String name;
        private final String component;
        private long id;
        private String check = "";
        private String message = "";
        private Instant createdTime = Instant.now();
        private long jobId;
        private Duration duration;
        private long bytes = -1;
        private RemoteChange change;

        private Builder(EventLevel level, String name, String component) {
            this.level = level;
            this.name = name;
            this.component = component;
        }

        /** @param id the stored row id @return this builder */
        public Builder id(long id) {
            this.id = id;
            return this;
        }

        /** @param check the check's name @return this builder */
        public Builder check(String check) {
            this.check = check;
            return this;
        }

        /** @param change the change whose file columns the event carries @return this builder */
        public Builder change(RemoteChange change) {
            this.change = change;
            return this;
        }

        /** @param message the message @return this builder */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** @param createdTime when it happened @return this builder */
        public Builder createdTime(Instant createdTime) {
            this.createdTime = createdTime;
            return this;
        }

        /** @param jobId the job it belongs to @return this builder */
        public Builder jobId(long jobId) {
            this.jobId = jobId;
            return this;
        }

        /** @param duration how long the step took @return this builder */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /**
         * @param bytes the bytes the step moved, {@code -1} for none
         * @return this builder
         * @since 1.4
         */
        public Builder bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        /** @return the event */
        public Event build() {
            if (change == null) {
                return new Event(id, level, name, component, check, "", "", "", "", null, "", "", message,
                        createdTime, jobId, duration, "", bytes);
            }
            return new Event(id, level, name, component, check, change.fileType(), change.fileName(),
                    change.url().toString(), change.author(), change.changedAt(), change.revision(),
                    change.action().name().toLowerCase(Locale.ROOT), message, createdTime, jobId, duration, "", bytes);
        }
    }
}
