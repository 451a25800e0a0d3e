package io.upgradeclient.config.cron;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A parsed cron expression in a time zone. Immutable and thread-safe.
 *
 * <p>The accepted forms are those of the original service's cron library (Python {@code crontab}), so that its
 * {@code alert.crontab} values keep their meaning:
 * <ul>
 * <li>5 fields: {@code minute hour day-of-month month day-of-week} (second 0, any year);</li>
 * <li>6 fields: {@code minute hour day-of-month month day-of-week year} (second 0) — note: <em>not</em> Quartz's
 * seconds-first form;</li>
 * <li>7 fields: {@code second minute hour day-of-month month day-of-week year};</li>
 * <li>{@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight},
 * {@code @hourly}.</li>
 * </ul>
 * Fields take {@code * , - /}, month names {@code jan}–{@code dec}, day names {@code sun}–{@code sat} (case does
 * not matter), day-of-week {@code 0}–{@code 7} with both {@code 0} and {@code 7} meaning Sunday, {@code L} (last
 * day of the month, or {@code 5L}: last Friday), {@code W}, {@code #} and {@code ?}. Years run from 1970 to 2099.
 * When both day-of-month and day-of-week are restricted, a day must match both, as in the original library.
 */
public final class CronSchedule {
    private static final Map<String, String> ALIASES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final CronDefinition SEVEN_FIELDS = CronDefinitionBuilder.defineCron()
            .withSeconds().withValidRange(0, 59).and()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
                    .supportsL().supportsHash().supportsQuestionMark().and()
            .withYear().withValidRange(1970, 2099).and()
            .instance();

    private static final CronParser PARSER = new CronParser(SEVEN_FIELDS);

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * @param expression a cron expression in one of the forms above; surrounding white space is ignored
     * @param zone the time zone the fields are read in
     * @return the schedule
     * @throws IllegalArgumentException if the expression is blank or not valid, with a message saying what is wrong
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty cron expression; expected 5, 6 or 7 fields or an alias such as @daily");
        }
        String fields = trimmed;
        if (trimmed.startsWith("@")) {
            fields = ALIASES.get(trimmed.toLowerCase(Locale.ROOT));
            if (fields == null) {
                throw new IllegalArgumentException("unknown cron alias '" + trimmed + "'; expected one of "
                        + "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
            }
        }
        String[] parts = fields.split("\\s+");
        String full = switch (parts.length) {
            case 5 -> "0 " + fields + " *";
            case 6 -> "0 " + fields;
            case 7 -> fields;
            default -> throw new IllegalArgumentException("cron expression '" + trimmed + "' has " + parts.length
                    + " fields; expected 5 (minute hour day month weekday), 6 (… year) or 7 (second … year)");
        };
        try {
            // cron-utils knows names in upper case only; cron itself ignores case
            return new CronSchedule(trimmed, zone, PARSER.parse(full.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + trimmed + "': " + e.getMessage(), e);
        }
    }

    /**
     * @param after any time; it is converted to this schedule's zone
     * @return the first time strictly after {@code after} that the schedule fires, in this schedule's zone, or
     *         empty when it never fires again (a past year)
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        return executionTime.nextExecution(after.withZoneSameInstant(zone));
    }

    /**
     * @return the expression as given, without surrounding white space
     */
    public String expression() {
        return expression;
    }

    /**
     * @return the zone the fields are read in
     */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "CronSchedule[" + expression + " in " + zone + "]";
    }
}
