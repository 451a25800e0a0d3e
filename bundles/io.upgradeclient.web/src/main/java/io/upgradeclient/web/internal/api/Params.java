package io.upgradeclient.web.internal.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.JobState;

/**
 * Request parameters, read and checked: each reader throws {@link BadParameter} naming the parameter and what
 * was expected. Blank values count as absent. Immutable.
 */
public final class Params {
    private final Map<String, String> values;

    /**
     * @param values the first value of each parameter
     */
    public Params(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * @param parameters a servlet request's parameter map
     * @return the first value of each
     */
    public static Params of(Map<String, String[]> parameters) {
        Map<String, String> first = new LinkedHashMap<>();
        parameters.forEach((key, list) -> {
            if (list.length > 0 && list[0] != null) {
                first.put(key, list[0]);
            }
        });
        return new Params(first);
    }

    /**
     * @param name a parameter
     * @return its stripped value, or empty
     */
    public String text(String name) {
        String value = values.get(name);
        return value == null ? "" : value.strip();
    }

    /**
     * @param name a parameter
     * @param fallback the value when absent
     * @param min the smallest allowed
     * @param max the largest allowed
     * @return the number
     */
    public int integer(String name, int fallback, int min, int max) {
        long value = number(name, fallback);
        if (value < min || value > max) {
            throw new BadParameter(name, name + " must be between " + min + " and " + max + ", was " + value);
        }
        return (int) value;
    }

    /**
     * @param name a parameter
     * @param fallback the value when absent
     * @return the number, at least 0
     */
    public long id(String name, long fallback) {
        long value = number(name, fallback);
        if (value < 0) {
            throw new BadParameter(name, name + " must not be negative, was " + value);
        }
        return value;
    }

    private long number(String name, long fallback) {
        String value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadParameter(name, name + " must be a whole number, was '" + value + "'");
        }
    }

    /**
     * @param name a parameter holding one level ({@code debug}, {@code info}, {@code warning}/{@code warn}, {@code error})
     * @return the level, or {@code null} when absent
     */
    public EventLevel level(String name) {
        String value = text(name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return EventLevel.ofColumn(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(name, name + " must be one of debug, info, warning, error; was '" + value + "'");
        }
    }

    /**
     * @param name a parameter holding levels separated by commas
     * @return the levels, empty when absent
     */
    public Set<EventLevel> levels(String name) {
        Set<EventLevel> levels = EnumSet.noneOf(EventLevel.class);
        for (String word : text(name).split(",")) {
            if (!word.isBlank()) {
                levels.add(new Params(Map.of(name, word)).level(name));
            }
        }
        return levels;
    }

    /**
     * @param name a parameter holding job states separated by commas
     * @return the states, empty when absent
     */
    public Set<JobState> states(String name) {
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        for (String word : text(name).split(",")) {
            if (word.isBlank()) {
                continue;
            }
            try {
                states.add(JobState.valueOf(word.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadParameter(name, name + " must be among pending, running, retrying, waiting, done, failed; was '" + word.strip() + "'");
            }
        }
        return states;
    }

    /**
     * @param name a parameter holding an ISO-8601 instant ({@code 2024-05-01T00:00:00Z}), a date ({@code 2024-05-01},
     *        start of that day in UTC) or epoch milliseconds
     * @return the instant, or {@code null} when absent
     */
    public Instant instant(String name) {
        String value = text(name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BadParameter(name, name + " must be an ISO-8601 time, a date yyyy-MM-dd or epoch milliseconds; was '" + value + "'");
        }
    }

    /**
     * The original's range syntax: {@code weeks_N} or {@code days_N}, N from 1 to 48.
     *
     * @param name the parameter
     * @param fallback the value when absent
     * @return the range
     */
    public Range range(String name, String fallback) {
        String value = text(name).isEmpty() ? fallback : text(name);
        String[] parts = value.toLowerCase(Locale.ROOT).split("_", 2);
        int count = -1;
        if (parts.length == 2 && parts[1].matches("\\d{1,2}")) {
            count = Integer.parseInt(parts[1]);
        }
        if (count < 1 || count > 48 || !("weeks".equals(parts[0]) || "days".equals(parts[0]))) {
            throw new BadParameter(name, name + " must be weeks_N or days_N with N from 1 to 48, was '" + value + "'");
        }
        return "weeks".equals(parts[0])
                ? new Range(Duration.ofDays(7L * count), Duration.ofDays(1))
                : new Range(Duration.ofDays(count), Duration.ofHours(1));
    }

    /**
     * A time range back from now and the bucket width its trend is counted in.
     *
     * @param length how far back
     * @param bucket the width of one trend point: a day for weeks, an hour for days
     */
    public record Range(Duration length, Duration bucket) {
    }

    /**
     * The history filters shared by pages and endpoints, under the original's names: {@code log_level},
     * {@code log_class}, {@code dao_name}, {@code file_type}, {@code log_message} (free text, also matched against
     * file names), {@code from}, {@code until}.
     *
     * @return a query with those filters, 20 to a page
     */
    public EventQuery eventFilters() {
        EventLevel level = level("log_level");
        Instant from = instant("from");
        Instant until = instant("until");
        if (from != null && until != null && !from.isBefore(until)) {
            throw new BadParameter("until", "until must be after from");
        }
        return EventQuery.all()
                .withLevels(level == null ? Set.of() : Set.of(level))
                .withComponent(text("log_class"))
                .withCheck(text("dao_name"))
                .withFileType(text("file_type"))
                .withText(text("log_message"))
                .withJob(id("job", 0))
                .between(from, until);
    }
}
