package io.upgradeclient.web.internal.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventPage;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobActivity;
import io.upgradeclient.api.JobProgress;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;

/**
 * The JSON endpoints as plain functions from path and parameters to a {@link Reply}, so that they are tested
 * without a servlet container. The original's {@code /ajax/...} endpoints keep its parameters and shapes;
 * {@code /api/v1/...} is the documented API. Thread-safe.
 */
public final class WebApi {
    /** The label of an empty group in charts. */
    public static final String NONE = "(none)";

    /**
     * How long one computation of the dashboard's data is handed out: its eight queries scan the day's and the
     * week's events, and every open dashboard refreshes itself, so browsers refreshing together share one answer.
     */
    static final Duration DASHBOARD_REUSE = Duration.ofSeconds(5);

    private final History history;
    private final JobQueue jobs;
    private final CheckCatalog checks;
    private final Clock clock;
    private final ZoneId zone;
    private final Supplier<JobProgress> progress;
    private final Map<String, Computed> dashboards = new ConcurrentHashMap<>();

    /** A dashboard and when it was computed. */
    private record Computed(Instant at, Dashboard dashboard) {
    }

    /**
     * @param history the event history
     * @param jobs the job queue
     * @param checks the configured checks
     * @param clock the time source ("today", ranges)
     * @param zone the zone of local days and the original's local times
     */
    public WebApi(History history, JobQueue jobs, CheckCatalog checks, Clock clock, ZoneId zone) {
        this(history, jobs, checks, clock, zone, () -> null);
    }

    /**
     * @param history the event history
     * @param jobs the job queue
     * @param checks the configured checks
     * @param clock the time source ("today", ranges)
     * @param zone the zone of local days and the original's local times
     * @param progress the engine's live progress of running jobs, or a supplier of {@code null} while there is none
     */
    public WebApi(History history, JobQueue jobs, CheckCatalog checks, Clock clock, ZoneId zone, Supplier<JobProgress> progress) {
        this.progress = progress;
        this.history = history;
        this.jobs = jobs;
        this.checks = checks;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * @param path the path below the server root, e.g. {@code /api/v1/events}
     * @param params the query parameters
     * @return the answer
     */
    public Reply get(String path, Params params) {
        try {
            String[] parts = path.split("/");
            return switch (path) {
                case "/ajax/firmware/list" -> firmwareList(params);
                case "/ajax/exception/threads" -> Reply.ok(percentages(errorsBy(EventField.COMPONENT, params.range("exp_during", "weeks_1"))));
                case "/ajax/exception/fmodels" -> Reply.ok(percentages(errorsBy(EventField.FILE_TYPE, params.range("exp_during", "weeks_1"))));
                case "/ajax/exception/excepts" -> Reply.ok(trendPoints(errorTrend(params.range("exp_during", "weeks_1"))));
                case "/ajax/exception/realtime" -> Reply.ok(latest(params.level("log_level"), params.integer("log_limit", 20, 1, EventQuery.MAX_LIMIT))
                        .stream().map(e -> Views.seedRow(e, zone)).toList());
                case "/api/v1/events" -> events(params);
                case "/api/v1/checks" -> Reply.ok(Map.of("checks", checkViews()));
                case "/api/v1/jobs" -> jobList(params);
                case "/api/v1/dashboard" -> Reply.ok(dashboardView(dashboard(params)));
                case "/api/v1/progress" -> Reply.ok(Map.of("running", running().stream().map(Views::activity).toList()));
                default -> {
                    if (parts.length == 5 && path.startsWith("/api/v1/events/")) {
                        yield byId(parts[4], history::find, e -> Reply.ok(Views.event(e)), "event");
                    }
                    if (parts.length == 5 && path.startsWith("/api/v1/jobs/")) {
                        yield byId(parts[4], jobs::find, j -> Reply.ok(Views.job(j, activity(j.id()).orElse(null))), "job");
                    }
                    yield Reply.error(404, "no such endpoint: GET " + path);
                }
            };
        } catch (BadParameter bad) {
            return Reply.badRequest(bad);
        }
    }

    /**
     * The actions; the caller has checked that the user is an admin.
     *
     * @param path {@code /api/v1/checks/<name>/run}, {@code /api/v1/checks/<name>/dryrun} or {@code /api/v1/jobs/<id>/retry},
     *        decoded
     * @return the answer
     */
    public Reply post(String path) {
        String[] parts = path.split("/");
        if (parts.length == 6 && path.startsWith("/api/v1/checks/") && "dryrun-all".equals(parts[5])) {
            return dryRunFromStart(parts[4]).map(run -> Reply.ok(Views.run(run))).orElseGet(() -> Reply.error(404, "no such check"));
        }
        if (parts.length == 6 && path.startsWith("/api/v1/checks/") && ("run".equals(parts[5]) || "dryrun".equals(parts[5]))) {
            return run(parts[4], "dryrun".equals(parts[5]))
                    .map(run -> Reply.ok(Views.run(run)))
                    .orElseGet(() -> Reply.error(404, "no such check"));
        }
        if (parts.length == 6 && path.startsWith("/api/v1/jobs/") && "retry".equals(parts[5])) {
            return byId(parts[4], jobs::find, job -> {
                if (!retry(job.id())) {
                    return Reply.error(409, "job " + job.id() + " is " + job.state() + "; only FAILED jobs can be retried");
                }
                return Reply.ok(Views.job(jobs.find(job.id()).orElse(job)));
            }, "job");
        }
        return Reply.error(404, "no such endpoint: POST " + path);
    }

    /**
     * @param check a check's name
     * @param dryRun whether only to show what would be picked
     * @return what the run did, or empty when there is no such check
     */
    public Optional<CheckRun> run(String check, boolean dryRun) {
        return checks.run(check, dryRun);
    }

    /**
     * @param check a check's name
     * @return what the check would pick from its whole source, ignoring its checkpoint, or empty when there is no
     *         such check
     */
    public Optional<CheckRun> dryRunFromStart(String check) {
        return checks.dryRunFromStart(check);
    }

    /**
     * @param id a job id
     * @return whether the job was failed and is queued again
     */
    public boolean retry(long id) {
        return jobs.retry(id, clock.instant());
    }

    /**
     * @return what every running job is doing, empty without the engine
     */
    public List<JobActivity> running() {
        JobProgress current = progress.get();
        return current == null ? List.of() : current.running();
    }

    /**
     * @param jobId a job
     * @return what it is doing, empty when it is not running (or without the engine)
     */
    public Optional<JobActivity> activity(long jobId) {
        JobProgress current = progress.get();
        return current == null ? Optional.empty() : current.of(jobId);
    }

    private <T> Reply byId(String text, Function<Long, Optional<T>> find, Function<T, Reply> found, String what) {
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Reply.badRequest(new BadParameter("id", what + " id must be a whole number, was '" + text + "'"));
        }
        return find.apply(id).map(found).orElseGet(() -> Reply.error(404, "no " + what + " with id " + id));
    }

    /**
     * One page of the history, by page number; page 1 holds the newest events.
     *
     * @param params {@code page} (from 1), {@code rows} (1 to 1000, default 20) and the filters of {@link Params#eventFilters()}
     * @return the page and the total
     */
    public EventPage historyPage(Params params) {
        int rows = params.integer("rows", 20, 1, EventQuery.MAX_LIMIT);
        int page = params.integer("page", 1, 1, Integer.MAX_VALUE / EventQuery.MAX_LIMIT);
        return history.search(params.eventFilters().page((page - 1) * rows, rows));
    }

    private Reply firmwareList(Params params) {
        EventPage page = historyPage(params);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", page.total());
        body.put("rows", page.events().stream().map(e -> Views.seedRow(e, zone)).toList());
        return Reply.ok(body);
    }

    private Reply events(Params params) {
        EventQuery filters = params.eventFilters();
        Set<EventLevel> levels = params.levels("level");
        EventQuery query = (levels.isEmpty() ? filters : filters.withLevels(levels))
                .withJob(params.id("job", 0))
                .page(0, params.integer("limit", 50, 1, EventQuery.MAX_LIMIT))
                .before(params.id("before", 0));
        EventPage page = history.search(query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", page.total());
        body.put("events", page.events().stream().map(Views::event).toList());
        body.put("next_before", page.events().size() < query.limit() ? null : page.events().get(page.events().size() - 1).id());
        return Reply.ok(body);
    }

    private Reply jobList(Params params) {
        Set<JobState> states = params.states("state");
        String check = params.text("check");
        List<Job> list = jobs.list(states, check, params.integer("offset", 0, 0, Integer.MAX_VALUE), params.integer("limit", 50, 1, 1000));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("counts", jobs.countByState(check));
        Map<Long, JobActivity> running = new LinkedHashMap<>();
        running().forEach(activity -> running.put(activity.jobId(), activity));
        body.put("jobs", list.stream().map(job -> Views.job(job, running.get(job.id()))).toList());
        return Reply.ok(body);
    }

    private List<Map<String, Object>> checkViews() {
        Map<String, CheckStatus> statuses = new LinkedHashMap<>();
        checks.statuses().forEach(s -> statuses.put(s.check(), s));
        List<Map<String, Object>> views = new ArrayList<>();
        for (CheckDefinition check : checks.checks()) {
            views.add(Views.check(check, checks.packager(check.name()).orElse(""), statuses.get(check.name())));
        }
        return views;
    }

    /**
     * @param field the column to group errors by
     * @param range how far back
     * @return errors per value, largest first
     */
    public Map<String, Long> errorsBy(EventField field, Params.Range range) {
        Instant now = clock.instant();
        return history.countBy(EventQuery.all().withLevels(Set.of(EventLevel.ERROR)).between(now.minus(range.length()), null), field);
    }

    /**
     * @param range how far back and in which buckets
     * @return errors per bucket, oldest first
     */
    public List<Map.Entry<Instant, Long>> errorTrend(Params.Range range) {
        Instant now = clock.instant();
        return history.trend(EventQuery.all().withLevels(Set.of(EventLevel.ERROR)).between(now.minus(range.length()), null), range.bucket());
    }

    /**
     * @param lowest the lowest level to include, or {@code null} for all
     * @param limit how many
     * @return the latest events at that level and above
     */
    public List<Event> latest(EventLevel lowest, int limit) {
        Set<EventLevel> levels = EnumSet.noneOf(EventLevel.class);
        for (EventLevel level : EventLevel.values()) {
            if (lowest == null || level.compareTo(lowest) >= 0) {
                levels.add(level);
            }
        }
        return history.search(EventQuery.all().withLevels(levels).page(0, limit)).events();
    }

    /**
     * @param params {@code exp_during} (default {@code weeks_1}) and {@code log_level} (default {@code info}) of
     *        the latest events
     * @return what the dashboard shows
     */
    public Dashboard dashboard(Params params) {
        String rangeText = params.text("exp_during").isEmpty() ? "weeks_1" : params.text("exp_during");
        Params.Range range = params.range("exp_during", rangeText);
        EventLevel level = Optional.ofNullable(params.level("log_level")).orElse(EventLevel.INFO);
        Instant now = clock.instant();
        // compute() runs one computation per key at a time: clients arriving meanwhile wait for it, not beside it.
        return dashboards.compute(rangeText + "|" + level, (key, computed) -> computed != null
                && computed.at().plus(DASHBOARD_REUSE).isAfter(now) ? computed : new Computed(now, computeDashboard(rangeText, range, level, now)))
                .dashboard();
    }

    private Dashboard computeDashboard(String rangeText, Params.Range range, EventLevel level, Instant now) {
        Instant midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Map<String, Long> today = history.countBy(EventQuery.all().between(midnight, null), EventField.LEVEL);
        Map<String, Long> week = history.countBy(EventQuery.all().between(now.minus(Duration.ofDays(7)), null), EventField.LEVEL);
        return new Dashboard(today, week, rangeText,
                errorsBy(EventField.COMPONENT, range), errorsBy(EventField.CHECK, range), errorsBy(EventField.FILE_TYPE, range),
                errorTrend(range), now.minus(range.length()), now, range.bucket(), level.column(), latest(level, 20),
                checks.statuses(), jobs.countByState(""));
    }

    private Map<String, Object> dashboardView(Dashboard dashboard) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("today", dashboard.today());
        view.put("week", dashboard.week());
        view.put("range", dashboard.range());
        view.put("by_component", pairs(dashboard.byComponent()));
        view.put("by_check", pairs(dashboard.byCheck()));
        view.put("by_file_type", pairs(dashboard.byFileType()));
        view.put("trend", trendPoints(dashboard.trend()));
        view.put("trend_from", dashboard.trendFrom().toEpochMilli());
        view.put("trend_until", dashboard.trendUntil().toEpochMilli());
        view.put("trend_bucket_ms", dashboard.trendBucket().toMillis());
        view.put("level", dashboard.level());
        view.put("latest", dashboard.latest().stream().map(Views::event).toList());
        view.put("checks", dashboard.checks().stream().map(Views::status).toList());
        view.put("jobs", dashboard.jobs());
        return view;
    }

    private static List<List<Object>> pairs(Map<String, Long> counts) {
        List<List<Object>> pairs = new ArrayList<>();
        counts.forEach((label, count) -> pairs.add(List.of(label.isEmpty() ? NONE : label, count)));
        return pairs;
    }

    /**
     * @param counts counts per label
     * @return {@code [[label, percent], …]} with percents rounded to two decimals, the original's chart data
     */
    static List<List<Object>> percentages(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<List<Object>> pairs = new ArrayList<>();
        counts.forEach((label, count) -> pairs.add(List.of(label.isEmpty() ? NONE : label, Math.round(count * 10000.0 / total) / 100.0)));
        return pairs;
    }

    private static List<List<Long>> trendPoints(List<Map.Entry<Instant, Long>> trend) {
        return trend.stream().map(point -> List.of(point.getKey().toEpochMilli(), point.getValue())).toList();
    }
}
