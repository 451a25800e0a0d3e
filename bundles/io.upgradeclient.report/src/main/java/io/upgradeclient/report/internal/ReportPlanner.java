package io.upgradeclient.report.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

import io.upgradeclient.config.cron.CronSchedule;

/**
 * Decides when reports are due and how long to wait after a failure. Pure: every answer follows from its
 * arguments, so the same stored period start gives the same decision before and after a restart.
 */
final class ReportPlanner {
    /** How far back a dense schedule is searched first, so that a long downtime does not walk every firing. */
    private static final Duration RECENT = Duration.ofDays(2);
    /** A bound on the walk; far more than a yearly schedule needs over any real downtime. */
    private static final int MAX_STEPS = 200_000;

    private ReportPlanner() {
    }

    /**
     * The report due now: the latest firing after the period start and not after now. Several firings missed
     * while nothing ran give one report covering them all.
     *
     * @param schedule the check's {@code alert.crontab}
     * @param periodStart where the last sent report ended
     * @param now the current time
     * @return the end of the period to report now, or empty when no firing happened since the period start
     */
    static Optional<Instant> due(CronSchedule schedule, Instant periodStart, Instant now) {
        Optional<Instant> first = next(schedule, periodStart);
        if (first.isEmpty() || first.get().isAfter(now)) {
            return Optional.empty();
        }
        Instant recentStart = now.minus(RECENT);
        if (recentStart.isAfter(first.get())) {
            Optional<Instant> recent = lastFiring(schedule, recentStart, now);
            if (recent.isPresent()) {
                return recent;
            }
        }
        return lastFiring(schedule, periodStart, now);
    }

    /**
     * @param schedule the schedule
     * @param after any time
     * @return the first firing strictly after it, or empty when the schedule never fires again
     */
    static Optional<Instant> next(CronSchedule schedule, Instant after) {
        return schedule.next(ZonedDateTime.ofInstant(after, schedule.zone())).map(ZonedDateTime::toInstant);
    }

    private static Optional<Instant> lastFiring(CronSchedule schedule, Instant after, Instant now) {
        Instant last = null;
        Instant cursor = after;
        for (int step = 0; step < MAX_STEPS; step++) {
            Optional<Instant> firing = next(schedule, cursor);
            if (firing.isEmpty() || firing.get().isAfter(now)) {
                break;
            }
            last = firing.get();
            cursor = last;
        }
        return Optional.ofNullable(last);
    }

    /**
     * Exponential backoff without jitter (one sender per check and media, so retries do not bunch up):
     * {@code first * 2^(attempt-1)}, capped at {@code max}; a delay the peer asked for is used when given, also capped.
     *
     * @param attempt the failed attempts so far, at least 1
     * @param first the first delay
     * @param max the longest delay
     * @param asked the delay the alerter's peer asked for, or empty
     * @return how long to wait before trying again
     */
    static Duration backoff(int attempt, Duration first, Duration max, Optional<Duration> asked) {
        if (asked.isPresent()) {
            return asked.get().compareTo(max) > 0 ? max : asked.get();
        }
        Duration delay = first;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
