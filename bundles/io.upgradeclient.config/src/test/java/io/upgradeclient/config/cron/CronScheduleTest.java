package io.upgradeclient.config.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {
    private static final ZonedDateTime NEW_YEAR_2024 = ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static ZonedDateTime next(String expression, ZonedDateTime after) {
        return CronSchedule.parse(expression, ZoneOffset.UTC).next(after).orElseThrow();
    }

    private static ZonedDateTime utc(String text) {
        return ZonedDateTime.parse(text);
    }

    @Test
    void fiveFieldsAreMinuteHourDayMonthWeekday() {
        assertThat(next("0 23 * * *", utc("2024-03-10T12:00Z"))).isEqualTo(utc("2024-03-10T23:00Z"));
        assertThat(next("*/15 9-17 * * 1-5", utc("2024-03-09T12:00Z"))).isEqualTo(utc("2024-03-11T09:00Z"));
    }

    @Test
    void nextIsStrictlyAfterTheGivenTime() {
        assertThat(next("0 23 * * *", utc("2024-03-10T23:00Z"))).isEqualTo(utc("2024-03-11T23:00Z"));
    }

    @Test
    void sixFieldsAddTheYearAtTheEndAsTheSeedsCronLibraryDid() {
        assertThat(next("0 12 1 1 * 2030", NEW_YEAR_2024)).isEqualTo(utc("2030-01-01T12:00Z"));
    }

    @Test
    void sevenFieldsStartWithSecondsAndEndWithTheYear() {
        assertThat(next("30 15 10 * * * *", NEW_YEAR_2024)).isEqualTo(utc("2024-01-01T10:15:30Z"));
        assertThat(next("0 0 0 29 2 * 2028", NEW_YEAR_2024)).isEqualTo(utc("2028-02-29T00:00Z"));
    }

    @Test
    void monthAndDayNamesInAnyCase() {
        ZonedDateTime june = utc("2024-06-01T00:00Z");
        assertThat(next("0 9 * jan sun", june)).isEqualTo(utc("2025-01-05T09:00Z"));
        assertThat(next("0 9 * JAN SUN", june)).isEqualTo(utc("2025-01-05T09:00Z"));
        assertThat(next("0 9 * Jan-Mar Mon", june)).isEqualTo(utc("2025-01-06T09:00Z"));
    }

    @Test
    void sundayIsBothZeroAndSeven() {
        assertThat(next("0 0 * * 0", NEW_YEAR_2024)).isEqualTo(utc("2024-01-07T00:00Z"));
        assertThat(next("0 0 * * 7", NEW_YEAR_2024)).isEqualTo(utc("2024-01-07T00:00Z"));
    }

    @Test
    void lMeansTheLastDayOrTheLastWeekdayOfTheMonth() {
        assertThat(next("0 0 L * *", utc("2024-02-10T00:00Z"))).isEqualTo(utc("2024-02-29T00:00Z"));
        assertThat(next("0 0 * * 5L", NEW_YEAR_2024)).isEqualTo(utc("2024-01-26T00:00Z"));
    }

    @Test
    void restrictedDayOfMonthAndWeekdayMustBothMatch() {
        assertThat(next("0 0 13 * fri", NEW_YEAR_2024)).isEqualTo(utc("2024-09-13T00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "@yearly,    2025-01-01T00:00Z",
        "@annually,  2025-01-01T00:00Z",
        "@monthly,   2024-02-01T00:00Z",
        "@weekly,    2024-01-07T00:00Z",
        "@daily,     2024-01-02T00:00Z",
        "@midnight,  2024-01-02T00:00Z",
        "@hourly,    2024-01-01T01:00Z",
        "@DAILY,     2024-01-02T00:00Z"})
    void aliases(String alias, String expected) {
        assertThat(next(alias, NEW_YEAR_2024)).isEqualTo(utc(expected));
    }

    @Test
    void fieldsAreReadInTheScheduleZone() {
        CronSchedule shanghai = CronSchedule.parse("0 23 * * *", ZoneId.of("Asia/Shanghai"));

        ZonedDateTime next = shanghai.next(utc("2024-03-10T00:00Z")).orElseThrow();

        assertThat(next.getZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(next.toInstant()).isEqualTo(utc("2024-03-10T15:00Z").toInstant());
    }

    @Test
    void aScheduleLimitedToPastYearsNeverFiresAgain() {
        assertThat(CronSchedule.parse("0 0 1 1 * 2020", ZoneOffset.UTC).next(NEW_YEAR_2024)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "0 23 * *", "0 0 0 0 0 0 0 0", "61 * * * *", "0 25 * * *", "0 0 32 * *",
        "0 0 * foo *", "0 0 * * 8", "@sometimes", "0 0 1 1 * 1969"})
    void rejectsInvalidExpressionsWithAClearMessage(String expression) {
        assertThatThrownBy(() -> CronSchedule.parse(expression, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expression.strip().isEmpty() ? "empty cron expression" : expression.strip());
    }

    @Test
    void wrongFieldCountSaysWhichFormsAreAccepted() {
        assertThatThrownBy(() -> CronSchedule.parse("0 23 * *", ZoneOffset.UTC))
                .hasMessage("cron expression '0 23 * *' has 4 fields; expected 5 (minute hour day month weekday), "
                        + "6 (… year) or 7 (second … year)");
    }

    @Test
    void keepsTheExpressionAndZone() {
        CronSchedule schedule = CronSchedule.parse("  0 23 * * *  ", ZoneOffset.UTC);

        assertThat(schedule.expression()).isEqualTo("0 23 * * *");
        assertThat(schedule.zone()).isEqualTo(ZoneOffset.UTC);
    }
}
