package io.upgradeclient.report.internal;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings of reports and failure alerts, resolved from configuration.
 *
 * @param zone the time zone cron expressions are read in
 * @param sendEmpty whether a scheduled report with nothing to tell is sent anyway
 * @param publicUrl the web UI's base URL (or empty), handed to alerters as {@code public_url} when their section has
 *        none; read at each send, so that a change of {@code web.public_url} applies without restarting reports
 * @param failingAfter consecutive failed runs that make a check failing
 * @param staleAfter how long without a successful run makes a check stale
 * @param reminderFirst the wait before the first "still failing" reminder; it doubles each time
 * @param reminderMax the longest wait between reminders
 * @param retryFirst the wait after the first transient send failure; it doubles each time
 * @param retryMax the longest wait between send attempts
 */
record ReportSettings(ZoneId zone, boolean sendEmpty, Supplier<String> publicUrl, int failingAfter, Duration staleAfter,
        Duration reminderFirst, Duration reminderMax, Duration retryFirst, Duration retryMax) {

    ReportSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(publicUrl, "publicUrl");
        requirePositive(staleAfter, "staleAfter");
        requirePositive(reminderFirst, "reminderFirst");
        requirePositive(reminderMax, "reminderMax");
        requirePositive(retryFirst, "retryFirst");
        requirePositive(retryMax, "retryMax");
    }

    private static void requirePositive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
