package io.upgradeclient.report.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Plugins;
import io.upgradeclient.api.PluginLease;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.Alerter;
import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Checkpoints;
import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;
import io.upgradeclient.api.TargetStatus;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.config.cron.CronSchedule;
import io.upgradeclient.report.internal.FailureTracker.Alert;

/**
 * Sends every check's scheduled reports and failure alerts, one "slot" per check and alert media.
 *
 * <p>{@link #tick()} is called every second or so by one scheduler thread; it only compares times held in memory
 * and hands every piece of work that reads the store or talks to an alerter to the sender executor, so a slow or
 * dead SMTP server never holds up the schedule. A slot has at most one piece of work in flight.
 *
 * <p>Where each slot stands is kept in {@link Checkpoints}: {@code report:<check>:<relation_name>} holds the end
 * of the last report sent (the start of the next period), {@code alert:<check>:<relation_name>} what the last
 * failure alert said. A restart therefore neither repeats a report nor skips one: firings missed while nothing ran
 * are covered by one catch-up report at the next tick.
 *
 * <p>When several nodes share the store, a node keeps slots only for the checks it owns ({@link Cluster}), so each
 * check's reports and alerts come from one node, which takes them up from the shared checkpoints; and a report's
 * period is claimed in the store before it is sent, so that a node which just lost the check does not send it too.
 */
final class ReportDispatcher {
    /** The checkpoint key prefix of scheduled reports. */
    static final String REPORT_PREFIX = "report:";
    /** The checkpoint key prefix of failure alerts. */
    static final String ALERT_PREFIX = "alert:";
    /** The check option and alert section setting that turns failure alerts off with {@code false}. */
    static final String FAILURE_ALERTS = "failure_alerts";
    /** The setting through which alerters build links to the web UI. */
    static final String PUBLIC_URL = "public_url";
    /** How often a check's state is compared with what its failure alerts last said. */
    static final Duration EVALUATE_EVERY = Duration.ofSeconds(5);
    /** The history event name of everything this dispatcher records. */
    static final String EVENT_NAME = "alert";

    private static final Logger LOG = LoggerFactory.getLogger(ReportDispatcher.class);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
    /** Jobs whose targets may be retrying: a job's state is RETRYING or RUNNING while one of its targets retries. */
    private static final Set<JobState> UNFINISHED = Set.of(JobState.PENDING, JobState.RUNNING, JobState.RETRYING, JobState.WAITING);
    /** Enough to find a target that is down: every job of the check waits on it alike. */
    private static final int TARGET_JOBS_LOOKED_AT = 50;

    private final CheckCatalog catalog;
    private final History history;
    private final JobQueue jobs;
    private final Checkpoints checkpoints;
    private final Cluster cluster;
    private final Plugins alerters;
    private final Function<String, Optional<AlertSection>> sections;
    private final ReportSettings settings;
    private final Clock clock;
    private final Executor senders;
    private final ReportBuilder builder;
    private final FailureTracker tracker;
    private final Map<String, ReportSlot> reports = new ConcurrentHashMap<>();
    private final Map<String, AlertSlot> alerts = new ConcurrentHashMap<>();
    private final Set<String> badCrons = ConcurrentHashMap.newKeySet();
    /** Parsed expressions, so that a tick every second does not parse every check's cron again. */
    private final Map<String, CronSchedule> crons = new ConcurrentHashMap<>();

    /**
     * @param catalog the configured checks and their statuses
     * @param history where reports are read from and send failures recorded
     * @param jobs the job queue, for pending and failed counts
     * @param checkpoints where each slot's progress is kept
     * @param cluster which checks are this node's, and where report periods are claimed
     * @param alerters finds the alerter of a media's type
     * @param sections finds an alert section by name
     * @param settings the configured behaviour
     * @param clock the time source
     * @param senders runs the store reads and sends; a direct executor makes the dispatcher synchronous (tests)
     */
    ReportDispatcher(CheckCatalog catalog, History history, JobQueue jobs, Checkpoints checkpoints, Cluster cluster,
            Plugins alerters, Function<String, Optional<AlertSection>> sections, ReportSettings settings, Clock clock,
            Executor senders) {
        this.catalog = catalog;
        this.history = history;
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.cluster = cluster;
        this.alerters = alerters;
        this.sections = sections;
        this.settings = settings;
        this.clock = clock;
        this.senders = senders;
        this.builder = new ReportBuilder(history, jobs);
        this.tracker = new FailureTracker(settings.failingAfter(), settings.staleAfter(), settings.reminderFirst(),
                settings.reminderMax());
    }

    /**
     * Picks up configuration changes and starts whatever is due. Never throws: a failure is logged and the next
     * tick tries again.
     */
    void tick() {
        try {
            Instant now = clock.instant();
            Set<String> owned = cluster.ownedChecks(now);
            List<CheckDefinition> checks = catalog.checks().stream().filter(check -> owned.contains(check.name())).toList();
            Map<String, CheckStatus> statuses = new HashMap<>();
            catalog.statuses().forEach(status -> statuses.put(status.check(), status));
            refresh(checks, now);
            reports.values().forEach(slot -> planReport(slot, now));
            alerts.values().forEach(slot -> planAlert(slot, statuses.get(slot.checkName), now));
        } catch (RuntimeException e) {
            LOG.error("Reports: a tick failed; the next one tries again", e);
        }
    }

    /** Creates, updates and drops slots so that there is one per check and media as configured now. */
    private void refresh(List<CheckDefinition> checks, Instant now) {
        Set<String> reportKeys = new HashSet<>();
        Set<String> alertKeys = new HashSet<>();
        for (CheckDefinition check : checks) {
            CronSchedule schedule = schedule(check);
            for (Map.Entry<String, AlertMedia> entry : medias(check).entrySet()) {
                String reportKey = REPORT_PREFIX + check.name() + ":" + entry.getKey();
                String alertKey = ALERT_PREFIX + check.name() + ":" + entry.getKey();
                if (schedule != null) {
                    reportKeys.add(reportKey);
                    reports.compute(reportKey, (key, slot) -> slot == null
                            ? new ReportSlot(key, check, entry.getValue(), schedule, periodStart(key, now))
                            : slot.reconfigured(check, entry.getValue(), schedule));
                }
                alertKeys.add(alertKey);
                alerts.compute(alertKey, (key, slot) -> slot == null
                        ? new AlertSlot(key, check, entry.getValue(), alertState(key, now), now)
                        : slot.reconfigured(check, entry.getValue()));
            }
        }
        reports.keySet().retainAll(reportKeys);
        alerts.keySet().retainAll(alertKeys);
    }

    private CronSchedule schedule(CheckDefinition check) {
        if (check.alertCron().isBlank() || check.alertMedias().isEmpty()) {
            return null;
        }
        try {
            return crons.computeIfAbsent(check.alertCron(), expression -> CronSchedule.parse(expression, settings.zone()));
        } catch (IllegalArgumentException e) {
            if (badCrons.add(check.name() + "\n" + check.alertCron())) {
                LOG.warn("Check '{}': no reports are sent: {}", check.name(), e.getMessage());
            }
            return null;
        }
    }

    /** The medias by their key part: the {@code relation_name}, numbered when a check names one section twice. */
    private static Map<String, AlertMedia> medias(CheckDefinition check) {
        Map<String, AlertMedia> medias = new LinkedHashMap<>();
        for (AlertMedia media : check.alertMedias()) {
            String key = media.target().name();
            for (int n = 2; medias.containsKey(key); n++) {
                key = media.target().name() + "#" + n;
            }
            medias.put(key, media);
        }
        return medias;
    }

    /** The stored period start, or now for a slot never seen before (stored at once, so a restart keeps it). */
    private Instant periodStart(String key, Instant now) {
        Checkpoint stored = checkpoints.load(key);
        if (!stored.isNone()) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(stored.value()));
            } catch (NumberFormatException e) {
                LOG.warn("Reports: checkpoint {} holds '{}', not a time; the next report starts now", key, stored.value());
            }
        }
        checkpoints.save(key, new Checkpoint(Long.toString(now.toEpochMilli()), now));
        return now;
    }

    private AlertState alertState(String key, Instant now) {
        Checkpoint stored = checkpoints.load(key);
        AlertState state = AlertState.fromCheckpoint(stored, now);
        if (stored.isNone()) {
            checkpoints.save(key, state.toCheckpoint());
        }
        return state;
    }

    private void planReport(ReportSlot slot, Instant now) {
        Work work;
        synchronized (slot) {
            if (slot.busy || slot.notBefore != null && now.isBefore(slot.notBefore)) {
                return;
            }
            Instant until = slot.plannedUntil != null ? slot.plannedUntil
                    : ReportPlanner.due(slot.schedule, slot.periodStart, now).orElse(null);
            if (until == null) {
                return;
            }
            slot.busy = true;
            slot.plannedUntil = until;
            Instant since = slot.periodStart;
            CheckDefinition check = slot.check;
            AlertMedia media = slot.media;
            work = () -> sendReport(slot, check, media, since, until);
        }
        submit(slot, work);
    }

    private void sendReport(ReportSlot slot, CheckDefinition check, AlertMedia media, Instant since, Instant until) {
        Outcome outcome;
        try {
            flushHistory();
            Report report = builder.build(ReportKind.SCHEDULED, check.name(), since, until);
            if (!cluster.claimOnce(slot.key + "@" + until.toEpochMilli(), clock.instant())) {
                LOG.info("Reports: another node sent the report of {} up to {}", check.name(), until);
                outcome = Outcome.sent();
            } else if (report.isEmpty() && !settings.sendEmpty()) {
                LOG.debug("Reports: nothing to report for {} from {} to {}", check.name(), since, until);
                outcome = Outcome.sent();
            } else {
                outcome = send(report, media);
            }
        } catch (Stopped e) {
            LOG.debug("Reports: the report of {} is sent after the restart: {}", check.name(), e.getMessage());
            outcome = Outcome.retry(Optional.empty());
        } catch (RuntimeException e) {
            LOG.error("Reports: building the report of {} failed; retrying later", check.name(), e);
            outcome = Outcome.retry(Optional.empty());
        }
        Instant now = clock.instant();
        synchronized (slot) {
            slot.busy = false;
            switch (outcome.result) {
                case SENT, GIVEN_UP -> {
                    slot.periodStart = until;
                    slot.plannedUntil = null;
                    slot.attempts = 0;
                    slot.notBefore = null;
                    save(slot.key, new Checkpoint(Long.toString(until.toEpochMilli()), now));
                }
                case RETRY -> {
                    slot.attempts++;
                    slot.notBefore = now.plus(ReportPlanner.backoff(slot.attempts, settings.retryFirst(), settings.retryMax(), outcome.retryAfter));
                }
                case MISSING -> {
                    // the period is kept: the next firing's report covers this one too
                    slot.plannedUntil = null;
                    slot.attempts = 0;
                    slot.notBefore = ReportPlanner.next(slot.schedule, now).orElse(now.plus(settings.retryMax()));
                }
            }
        }
    }

    private void planAlert(AlertSlot slot, CheckStatus status, Instant now) {
        if (status == null) {
            return;
        }
        Work work;
        synchronized (slot) {
            if (slot.busy || now.isBefore(slot.notBefore) || !failureAlertsWanted(slot.check, slot.media)) {
                return;
            }
            slot.busy = true;
            AlertState state = slot.state;
            CheckDefinition check = slot.check;
            AlertMedia media = slot.media;
            Instant watchedSince = slot.watchedSince;
            work = () -> evaluate(slot, check, media, state, status, watchedSince);
        }
        submit(slot, work);
    }

    /** Off when the check's option or the media's alert section says {@code failure_alerts=false}. */
    private boolean failureAlertsWanted(CheckDefinition check, AlertMedia media) {
        String section = sections.apply(media.target().name()).map(found -> found.settings().get(FAILURE_ALERTS)).orElse(null);
        return !isFalse(check.options().get(FAILURE_ALERTS)) && !isFalse(section);
    }

    private static boolean isFalse(String value) {
        return value != null && "false".equalsIgnoreCase(value.strip());
    }

    private void evaluate(AlertSlot slot, CheckDefinition check, AlertMedia media, AlertState state, CheckStatus status,
            Instant watchedSince) {
        Outcome outcome;
        AlertState next = null;
        Instant now = clock.instant();
        try {
            flushHistory();
            now = clock.instant();
            Optional<Alert> alert = tracker.decide(state, status, watchedSince, failedJobs(check.name(), state.jobsSeen(), now),
                    targetAttempts(check.name()), now);
            if (alert.isEmpty()) {
                next = state.withJobsSeen(now);
                outcome = null;
            } else {
                Report report = builder.build(alert.get().kind(), check.name(), alert.get().since(), now);
                outcome = send(report, media);
                next = alert.get().next();
            }
        } catch (Stopped e) {
            LOG.debug("Reports: the failure alerts of {} are checked after the restart: {}", check.name(), e.getMessage());
            outcome = Outcome.retry(Optional.empty());
        } catch (RuntimeException e) {
            LOG.error("Reports: checking the failure alerts of {} failed; retrying later", check.name(), e);
            outcome = Outcome.retry(Optional.empty());
        }
        synchronized (slot) {
            slot.busy = false;
            if (outcome == null) {
                slot.state = next;
                slot.notBefore = now.plus(EVALUATE_EVERY);
            } else if (outcome.result == Result.SENT || outcome.result == Result.GIVEN_UP) {
                slot.state = next;
                slot.attempts = 0;
                slot.notBefore = now.plus(EVALUATE_EVERY);
                save(slot.key, next.toCheckpoint());
            } else {
                slot.attempts++;
                slot.notBefore = now.plus(ReportPlanner.backoff(slot.attempts, settings.retryFirst(), settings.retryMax(), outcome.retryAfter));
            }
        }
    }

    /**
     * The most failed attempts of one upload target among the check's unfinished jobs whose target is retrying: the
     * engine counts a target's attempts per job, and a target that is down makes them grow while check runs succeed.
     */
    private int targetAttempts(String check) {
        int most = 0;
        for (Job job : jobs.list(UNFINISHED, check, 0, TARGET_JOBS_LOOKED_AT)) {
            for (TargetStatus target : job.targets().values()) {
                if (target.state() == JobState.RETRYING) {
                    most = Math.max(most, target.attempts());
                }
            }
        }
        return most;
    }

    /** Jobs of the check that failed for good in the window: the engine writes one ERROR event with the job's id then. */
    private int failedJobs(String check, Instant since, Instant until) {
        if (!until.isAfter(since)) {
            return 0;
        }
        List<Event> errors = history.search(EventQuery.all().withCheck(check).withLevels(Set.of(EventLevel.ERROR))
                .between(since, until).page(0, EventQuery.MAX_LIMIT)).events();
        return (int) errors.stream().filter(event -> event.jobId() != 0).mapToLong(Event::jobId).distinct().count();
    }

    /** Sends one report through the media's section and alerter; records in the history what went wrong. */
    private Outcome send(Report report, AlertMedia media) {
        String type = media.target().type();
        String name = media.target().name();
        String component = "alerter:" + type;
        String what = "the " + kindWord(report.kind()) + " of " + report.check() + " (" + report.since() + " to " + report.until() + ")";
        Optional<AlertSection> section = sections.apply(name);
        if (section.isEmpty() || !section.get().type().equals(type)) {
            String problem = section.isEmpty() ? "no alert section '" + name + "' is configured (alert.json)"
                    : "alert section '" + name + "' is for '" + section.get().type() + "', not '" + type + "'";
            record(EventLevel.WARNING, component, report.check(), problem + "; " + what + " is sent later");
            return Outcome.missing();
        }
        Optional<PluginLease<Alerter>> lease = alerters.acquire(PluginKind.ALERTER, type, Alerter.class);
        if (lease.isEmpty()) {
            record(EventLevel.WARNING, component, report.check(), "no alerter of type '" + type + "' is deployed; "
                    + what + " is sent later");
            return Outcome.missing();
        }
        try (PluginLease<Alerter> alerter = lease.get()) {
            alerter.service().send(report, media, withPublicUrl(section.get().settings()));
            LOG.info("Reports: sent {} through {} '{}'", what, type, name);
            return Outcome.sent();
        } catch (TransientException e) {
            record(EventLevel.WARNING, component, report.check(), "sending " + what + " through '" + name
                    + "' failed, retrying later: " + e.getMessage());
            return Outcome.retry(e.retryAfter());
        } catch (PermanentException | RuntimeException e) {
            String reason = e instanceof PermanentException ? e.getMessage() : e.toString();
            record(EventLevel.ERROR, component, report.check(), "sending " + what + " through '" + name + "' failed: " + reason);
            return Outcome.givenUp();
        }
    }

    private Map<String, String> withPublicUrl(Map<String, String> sectionSettings) {
        String publicUrl = settings.publicUrl().get();
        if (publicUrl.isEmpty() || !sectionSettings.getOrDefault(PUBLIC_URL, "").isEmpty()) {
            return sectionSettings;
        }
        Map<String, String> merged = new LinkedHashMap<>(sectionSettings);
        merged.put(PUBLIC_URL, publicUrl);
        return merged;
    }

    private static String kindWord(ReportKind kind) {
        return kind == ReportKind.SCHEDULED ? "report" : kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " alert";
    }

    private void record(EventLevel level, String component, String check, String message) {
        history.record(Event.builder(level, EVENT_NAME, component).check(check).message(message).createdTime(clock.instant()).build());
        if (level == EventLevel.ERROR) {
            LOG.error("Reports: {}", message);
        } else {
            LOG.warn("Reports: {}", message);
        }
    }

    private void flushHistory() {
        try {
            history.flush(FLUSH_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /**
     * The component stops (a settings change restarts it) while a send waits for the history: expected, and
     * nothing is lost — the period's start is stored only after a send, so the next start sends it. Logged without
     * a stack trace.
     */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("interrupted by the reports stopping", null, false, false);
        }
    }

    private void save(String key, Checkpoint checkpoint) {
        try {
            checkpoints.save(key, checkpoint);
        } catch (RuntimeException e) {
            LOG.error("Reports: could not store {}; after a restart this report or alert may be sent again", key, e);
        }
    }

    private void submit(Slot slot, Work work) {
        try {
            senders.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("Reports: unexpected failure in {}", slot.key(), e);
                    slot.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            slot.release();
        }
    }

    /** A piece of work for the sender executor. */
    private interface Work {
        void run();
    }

    /** What the dispatcher needs to free a slot whose work could not run. */
    private interface Slot {
        String key();

        void release();
    }

    private enum Result { SENT, GIVEN_UP, RETRY, MISSING }

    /** How a send ended, for the slot's next step. */
    private record Outcome(Result result, Optional<Duration> retryAfter) {
        static Outcome sent() {
            return new Outcome(Result.SENT, Optional.empty());
        }

        static Outcome givenUp() {
            return new Outcome(Result.GIVEN_UP, Optional.empty());
        }

        static Outcome retry(Optional<Duration> after) {
            return new Outcome(Result.RETRY, after);
        }

        static Outcome missing() {
            return new Outcome(Result.MISSING, Optional.empty());
        }
    }

    /** The scheduled reports of one check and media. Fields are guarded by the slot's monitor. */
    private static final class ReportSlot implements Slot {
        final String key;
        CheckDefinition check;
        AlertMedia media;
        CronSchedule schedule;
        Instant periodStart;
        Instant plannedUntil;
        Instant notBefore;
        int attempts;
        boolean busy;

        ReportSlot(String key, CheckDefinition check, AlertMedia media, CronSchedule schedule, Instant periodStart) {
            this.key = key;
            this.check = check;
            this.media = media;
            this.schedule = schedule;
            this.periodStart = periodStart;
        }

        synchronized ReportSlot reconfigured(CheckDefinition newCheck, AlertMedia newMedia, CronSchedule newSchedule) {
            check = newCheck;
            media = newMedia;
            if (!newSchedule.expression().equals(schedule.expression()) || !newSchedule.zone().equals(schedule.zone())) {
                schedule = newSchedule;
                notBefore = null;
            }
            return this;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public synchronized void release() {
            busy = false;
        }
    }

    /** The failure alerts of one check and media. Fields are guarded by the slot's monitor. */
    private static final class AlertSlot implements Slot {
        final String key;
        final String checkName;
        final Instant watchedSince;
        CheckDefinition check;
        AlertMedia media;
        AlertState state;
        Instant notBefore;
        int attempts;
        boolean busy;

        AlertSlot(String key, CheckDefinition check, AlertMedia media, AlertState state, Instant watchedSince) {
            this.key = key;
            this.checkName = check.name();
            this.check = check;
            this.media = media;
            this.state = state;
            this.watchedSince = watchedSince;
            this.notBefore = watchedSince;
        }

        synchronized AlertSlot reconfigured(CheckDefinition newCheck, AlertMedia newMedia) {
            check = newCheck;
            media = newMedia;
            return this;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public synchronized void release() {
            busy = false;
        }
    }
}
