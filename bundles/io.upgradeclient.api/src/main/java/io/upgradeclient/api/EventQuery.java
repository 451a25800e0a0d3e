package io.upgradeclient.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Which history events to read, newest first. Empty strings and {@code null} bounds mean "any". Build one with
 * {@link #all()} and the {@code with…} methods.
 *
 * @param levels the levels to include; empty for all
 * @param component {@code log_class} equals this, or empty
 * @param check {@code dao_name} equals this, or empty
 * @param fileType {@code file_type} equals this, or empty
 * @param text {@code log_message} or {@code file_name} contains this literally (no wildcards), or empty
 * @param from events created at or after this, or {@code null}
 * @param until events created before this, or {@code null}
 * @param jobId events of this job, or {@code 0} for any
 * @param beforeId keyset paging: the events listed after this one (lists are ordered newest first by
 *        {@code createdTime}, then by id), or {@code 0} to start at the newest
 * @param offset events to skip after {@code beforeId} (page-number paging); prefer {@code beforeId} for deep pages
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 */
public record EventQuery(
        Set<EventLevel> levels,
        String component,
        String check,
        String fileType,
        String text,
        Instant from,
        Instant until,
        long jobId,
        long beforeId,
        int offset,
        int limit) {

    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    /**
     * @throws IllegalArgumentException if the limit is out of range or the offset negative
     */
    public EventQuery {
        levels = Set.copyOf(levels);
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(fileType, "fileType");
        Objects.requireNonNull(text, "text");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
    }

    /** @return every event, newest first, 20 to a page */
    public static EventQuery all() {
        return new EventQuery(Set.of(), "", "", "", "", null, null, 0, 0, 0, 20);
    }

    /** @param wanted the levels to include @return a copy with that filter */
    public EventQuery withLevels(Set<EventLevel> wanted) {
        return new EventQuery(wanted, component, check, fileType, text, from, until, jobId, beforeId, offset, limit);
    }

    /** @param value the component @return a copy with that filter */
    public EventQuery withComponent(String value) {
        return new EventQuery(levels, value, check, fileType, text, from, until, jobId, beforeId, offset, limit);
    }

    /** @param value the check @return a copy with that filter */
    public EventQuery withCheck(String value) {
        return new EventQuery(levels, component, value, fileType, text, from, until, jobId, beforeId, offset, limit);
    }

    /** @param value the file type @return a copy with that filter */
    public EventQuery withFileType(String value) {
        return new EventQuery(levels, component, check, value, text, from, until, jobId, beforeId, offset, limit);
    }

    /** @param value the text to look for @return a copy with that filter */
    public EventQuery withText(String value) {
        return new EventQuery(levels, component, check, fileType, value, from, until, jobId, beforeId, offset, limit);
    }

    /** @param start inclusive, or null @param end exclusive, or null @return a copy with that time range */
    public EventQuery between(Instant start, Instant end) {
        return new EventQuery(levels, component, check, fileType, text, start, end, jobId, beforeId, offset, limit);
    }

    /** @param value the job id @return a copy with that filter */
    public EventQuery withJob(long value) {
        return new EventQuery(levels, component, check, fileType, text, from, until, value, beforeId, offset, limit);
    }

    /** @param id the last id of the previous page @return a copy reading the page after it */
    public EventQuery before(long id) {
        return new EventQuery(levels, component, check, fileType, text, from, until, jobId, id, 0, limit);
    }

    /** @param skip events to skip @param size page size @return a copy reading that page */
    public EventQuery page(int skip, int size) {
        return new EventQuery(levels, component, check, fileType, text, from, until, jobId, beforeId, skip, size);
    }
}
