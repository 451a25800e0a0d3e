package io.upgradeclient.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link Alerter} sends for one check.
 *
 * @param kind why it is sent
 * @param check the check's name; the subject names it
 * @param since the start of the period covered (the previous report)
 * @param until the end of the period covered
 * @param published firmware published in the period
 * @param errors errors in the period
 * @param pendingJobs jobs still waiting or retrying at {@code until}
 * @param failedJobs jobs that failed for good in the period
 */
public record Report(
        ReportKind kind,
        String check,
        Instant since,
        Instant until,
        List<Event> published,
        List<Event> errors,
        int pendingJobs,
        int failedJobs) {

    /**
     * @throws IllegalArgumentException if the period ends before it starts or a count is negative
     */
    public Report {
        Objects.requireNonNull(kind, "kind");
        TargetRef.requireText(check, "check");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (until.isBefore(since)) {
            throw new IllegalArgumentException("report period ends (" + until + ") before it starts (" + since + ")");
        }
        published = List.copyOf(published);
        errors = List.copyOf(errors);
        if (pendingJobs < 0 || failedJobs < 0) {
            throw new IllegalArgumentException("job counts must not be negative");
        }
    }

    /**
     * @return whether there is nothing to tell (no report is sent then, unless configured otherwise)
     */
    public boolean isEmpty() {
        return published.isEmpty() && errors.isEmpty() && pendingJobs == 0 && failedJobs == 0;
    }
}
