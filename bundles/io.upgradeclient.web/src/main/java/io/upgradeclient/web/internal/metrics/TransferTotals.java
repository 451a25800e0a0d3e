package io.upgradeclient.web.internal.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.TargetStatus;

/**
 * Bytes moved and step durations per check for {@code /metrics}, derived from what the store keeps, because this
 * bundle cannot see the engine:
 * <ul>
 * <li><b>uploaded</b>: the bytes of every upload target that is done, summed over all jobs in the queue (exact and
 * all-time: the queue keeps its jobs, and a done target's bytes never change);</li>
 * <li><b>downloaded</b> and <b>step durations</b>: from the history events the engine records for each step
 * ({@code download} "downloaded N bytes, …", {@code package}, {@code upload}, each with its duration), counted as
 * they arrive after this object was made. The history cannot be summed cheaply (a full scan of a table of millions
 * of rows), so each refresh reads only the rows newer than the last one it read, by id, newest first. A row the
 * history updates instead of adding (the same event again the same day) is counted once.</li>
 * </ul>
 * A refresh runs at most every {@link #MAX_AGE}, in the scrape that finds the figures older; it reads at most
 * {@link #MAX_NEW_EVENTS} new history rows (beyond that, e.g. after a bulk import, the older new rows are skipped)
 * and every job once. Thread-safe.
 */
public final class TransferTotals {
    /** How long figures are reused before a scrape refreshes them. */
    public static final Duration MAX_AGE = Duration.ofSeconds(30);
    /** The most new history rows one refresh reads. */
    static final int MAX_NEW_EVENTS = 10_000;
    private static final int PAGE = EventQuery.MAX_LIMIT;
    private static final Set<String> STEPS = Set.of("download", "package", "upload");
    private static final Pattern DOWNLOADED = Pattern.compile("^downloaded (\\d{1,18}) bytes");
    private static final Logger LOG = LoggerFactory.getLogger(TransferTotals.class);

    /**
     * Time spent in one step of one check's jobs.
     *
     * @param seconds the total time
     * @param count how many step events it is summed from
     */
    public record StepTime(double seconds, long count) {
        static StepTime of(Duration took) {
            return new StepTime(took.toNanos() / 1e9, 1);
        }

        StepTime plus(StepTime other) {
            return new StepTime(seconds + other.seconds, count + other.count);
        }
    }

    /**
     * The figures at one moment; maps sorted by check (and step).
     *
     * @param downloaded bytes downloaded per check since this object was made
     * @param uploaded bytes uploaded per check, all-time
     * @param steps time per check and step ({@code download}, {@code package}, {@code upload}) since this object was made
     */
    public record Totals(Map<String, Long> downloaded, Map<String, Long> uploaded, Map<String, Map<String, StepTime>> steps) {
        /** Nothing moved yet. */
        public static final Totals NONE = new Totals(Map.of(), Map.of(), Map.of());
    }

    private final History history;
    private final JobQueue jobs;
    private final Clock clock;
    private final Map<String, Long> downloaded = new TreeMap<>();
    private final Map<String, Map<String, StepTime>> steps = new TreeMap<>();
    private long lastEventId;
    private Totals totals;
    private Instant takenAt;

    /**
     * @param history the history; its newest row now is where counting downloads and durations starts
     * @param jobs the job queue
     * @param clock the time source for {@link #MAX_AGE}
     */
    public TransferTotals(History history, JobQueue jobs, Clock clock) {
        this.history = history;
        this.jobs = jobs;
        this.clock = clock;
        List<Event> newest = history.search(EventQuery.all().page(0, 1)).events();
        this.lastEventId = newest.isEmpty() ? 0 : newest.get(0).id();
    }

    /**
     * @return the figures, refreshed when older than {@link #MAX_AGE}
     */
    public synchronized Totals current() {
        Instant now = clock.instant();
        if (totals == null || !now.isBefore(takenAt.plus(MAX_AGE))) {
            readNewEvents();
            Map<String, Map<String, StepTime>> stepsCopy = new TreeMap<>();
            steps.forEach((check, byStep) -> stepsCopy.put(check, Collections.unmodifiableMap(new TreeMap<>(byStep))));
            totals = new Totals(Collections.unmodifiableMap(new TreeMap<>(downloaded)), uploaded(),
                    Collections.unmodifiableMap(stepsCopy));
            takenAt = now;
        }
        return totals;
    }

    private void readNewEvents() {
        List<Event> fresh = new ArrayList<>();
        EventQuery query = EventQuery.all().page(0, PAGE);
        boolean reachedLastRead = false;
        while (!reachedLastRead && fresh.size() < MAX_NEW_EVENTS) {
            List<Event> page = history.search(query).events();
            for (Event event : page) {
                if (event.id() <= lastEventId) {
                    reachedLastRead = true;
                    break;
                }
                fresh.add(event);
            }
            if (page.size() < PAGE) {
                reachedLastRead = true;
            } else {
                query = query.before(page.get(page.size() - 1).id());
            }
        }
        if (!reachedLastRead) {
            LOG.info("More than {} history events since the last metrics refresh; older ones are left out of the transfer metrics", MAX_NEW_EVENTS);
        }
        if (!fresh.isEmpty()) {
            lastEventId = fresh.get(0).id();
        }
        fresh.forEach(this::count);
    }

    private void count(Event event) {
        if (!STEPS.contains(event.name())) {
            return;
        }
        if (event.duration() != null) {
            steps.computeIfAbsent(event.check(), check -> new TreeMap<>()).merge(event.name(), StepTime.of(event.duration()), StepTime::plus);
        }
        if ("download".equals(event.name()) && event.level() == EventLevel.INFO) {
            Matcher bytes = DOWNLOADED.matcher(event.message());
            if (bytes.find()) {
                downloaded.merge(event.check(), Long.parseLong(bytes.group(1)), Long::sum);
            }
        }
    }

    private Map<String, Long> uploaded() {
        Map<String, Long> uploaded = new TreeMap<>();
        /* Newest first by offset: a job queued meanwhile shifts the pages by one; skipping ids already passed keeps
         * the shifted job from being counted twice. */
        long lowestSeen = Long.MAX_VALUE;
        for (int offset = 0;; offset += PAGE) {
            List<Job> page = jobs.list(Set.of(), "", offset, PAGE);
            for (Job job : page) {
                if (job.id() >= lowestSeen) {
                    continue;
                }
                lowestSeen = job.id();
                for (TargetStatus target : job.targets().values()) {
                    if (target.state() == JobState.DONE) {
                        uploaded.merge(job.check(), target.bytes(), Long::sum);
                    }
                }
            }
            if (page.size() < PAGE) {
                return Collections.unmodifiableMap(uploaded);
            }
        }
    }
}
