package io.upgradeclient.report.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;

/**
 * Builds a {@link Report} of one check and period from the history and the job queue. Thread-safe (it keeps no
 * state); reads the store, so it runs on a sender thread, never on the scheduler's.
 */
final class ReportBuilder {
    /** The event name the engine writes when a file is published to a target. */
    static final String UPLOAD_EVENT = "upload";
    /** At most this many published files and this many errors go into one report: a mail is not a log file. */
    static final int MAX_EVENTS = 500;

    private static final Set<JobState> PENDING = EnumSet.of(JobState.PENDING, JobState.RETRYING, JobState.WAITING, JobState.RUNNING);
    private static final int PAGE = EventQuery.MAX_LIMIT;
    private static final int JOB_PAGE = 500;

    private final History history;
    private final JobQueue jobs;

    ReportBuilder(History history, JobQueue jobs) {
        this.history = history;
        this.jobs = jobs;
    }

    /**
     * @param kind why the report is sent
     * @param check the check's name
     * @param since the start of the period, inclusive
     * @param until the end of the period, exclusive
     * @return the firmware published (INFO {@code upload} events) and the errors of the check in the period, oldest
     *         first, the jobs pending now and the jobs that failed for good in the period
     */
    Report build(ReportKind kind, String check, Instant since, Instant until) {
        EventQuery period = EventQuery.all().withCheck(check).between(since, until);
        List<Event> published = events(period.withLevels(Set.of(EventLevel.INFO)), event -> UPLOAD_EVENT.equals(event.name()));
        List<Event> errors = events(period.withLevels(Set.of(EventLevel.ERROR)), event -> true);
        Map<JobState, Long> counts = jobs.countByState(check);
        long pending = PENDING.stream().mapToLong(state -> counts.getOrDefault(state, 0L)).sum();
        int failed = counts.getOrDefault(JobState.FAILED, 0L) == 0 ? 0 : failedBetween(check, since, until);
        return new Report(kind, check, since, until, published, errors, (int) Math.min(Integer.MAX_VALUE, pending), failed);
    }

    /** Pages through the period newest first (keyset paging) and keeps the newest {@link #MAX_EVENTS} wanted ones. */
    private List<Event> events(EventQuery query, Predicate<Event> wanted) {
        List<Event> kept = new ArrayList<>();
        EventQuery page = query.page(0, PAGE);
        while (kept.size() < MAX_EVENTS) {
            List<Event> events = history.search(page).events();
            for (Event event : events) {
                if (wanted.test(event) && kept.size() < MAX_EVENTS) {
                    kept.add(event);
                }
            }
            if (events.size() < PAGE) {
                break;
            }
            page = page.before(events.get(events.size() - 1).id());
        }
        Collections.reverse(kept);
        return kept;
    }

    private int failedBetween(String check, Instant since, Instant until) {
        int failed = 0;
        for (int offset = 0; ; offset += JOB_PAGE) {
            List<Job> page = jobs.list(Set.of(JobState.FAILED), check, offset, JOB_PAGE);
            for (Job job : page) {
                if (!job.updated().isBefore(since) && job.updated().isBefore(until)) {
                    failed++;
                }
            }
            if (page.size() < JOB_PAGE) {
                return failed;
            }
        }
    }
}
