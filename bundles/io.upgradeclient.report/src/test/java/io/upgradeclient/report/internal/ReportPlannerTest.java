package io.upgradeclient.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.upgradeclient.config.cron.CronSchedule;

class ReportPlannerTest {
    private static final CronSchedule DAILY_23 = CronSchedule.parse("0 23 * * *", ZoneOffset.UTC);

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void nothingIsDueBeforeTheNextFiring() {
        assertThat(ReportPlanner.due(DAILY_23, at("2026-11-25T10:00:00Z"), at("2026-11-25T22:59:59Z"))).isEmpty();
    }

    @Test
    void theFiringIsDueAtItsTime() {
        assertThat(ReportPlanner.due(DAILY_23, at("2026-11-25T10:00:00Z"), at("2026-11-25T23:00:00Z")))
                .contains(at("2026-11-25T23:00:00Z"));
    }

    @Test
    void aPeriodEndingAtAFiringIsNotDueAgainAtThatFiring() {
        assertThat(ReportPlanner.due(DAILY_23, at("2026-11-25T23:00:00Z"), at("2026-11-25T23:00:30Z"))).isEmpty();
    }

    @Test
    void severalMissedFiringsGiveOneReportUpToTheLatest() {
        assertThat(ReportPlanner.due(DAILY_23, at("2026-11-20T23:00:00Z"), at("2026-11-25T12:00:00Z")))
                .contains(at("2026-11-24T23:00:00Z"));
    }

    @Test
    void aLongDowntimeOfADenseScheduleEndsAtTheLatestFiring() {
        CronSchedule everyMinute = CronSchedule.parse("* * * * *", ZoneOffset.UTC);
        assertThat(ReportPlanner.due(everyMinute, at("2025-01-01T00:00:00Z"), at("2026-11-25T12:34:56Z")))
                .contains(at("2026-11-25T12:34:00Z"));
    }

    @Test
    void aSparseScheduleMissedLongAgoIsStillFound() {
        CronSchedule yearly = CronSchedule.parse("@yearly", ZoneOffset.UTC);
        assertThat(ReportPlanner.due(yearly, at("2020-06-01T00:00:00Z"), at("2026-11-25T12:00:00Z")))
                .contains(at("2026-01-01T00:00:00Z"));
    }

    @Test
    void firingsFollowTheScheduleZone() {
        CronSchedule berlin = CronSchedule.parse("0 23 * * *", ZoneId.of("Europe/Berlin"));
        assertThat(ReportPlanner.next(berlin, at("2026-11-25T10:00:00Z"))).contains(at("2026-11-25T22:00:00Z"));
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        Duration first = Duration.ofMinutes(1);
        Duration max = Duration.ofMinutes(60);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 8)
                .mapToObj(attempt -> ReportPlanner.backoff(attempt, first, max, Optional.empty()).toMinutes()).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
    }

    @Test
    void backoffUsesTheDelayThePeerAskedForButNotBeyondTheMaximum() {
        assertThat(ReportPlanner.backoff(1, Duration.ofMinutes(1), Duration.ofMinutes(60), Optional.of(Duration.ofMinutes(5))))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(ReportPlanner.backoff(1, Duration.ofMinutes(1), Duration.ofMinutes(60), Optional.of(Duration.ofHours(5))))
                .isEqualTo(Duration.ofMinutes(60));
    }
}
