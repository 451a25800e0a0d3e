package io.upgradeclient.web.internal.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.ClusterNode;
import io.upgradeclient.api.DepartedPlugin;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobActivity;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.Secrets;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.web.internal.page.Html;

/**
 * The JSON shapes of the API, built as ordered maps from the API's values field by field — never by handing a
 * value with secrets (a check's credentials) to Gson. Times are ISO-8601 instants, except in the original's rows,
 * which keep its local {@code yyyy-MM-dd HH:mm:ss}.
 */
public final class Views {
    private Views() {
    }

    /**
     * @param event a history event
     * @param zone the zone of the original's local times
     * @return the original's columns, plus {@code job_id}, {@code duration_ms}, {@code node} and {@code bytes}
     */
    public static Map<String, Object> seedRow(Event event, ZoneId zone) {
        return row(event, Html.time(event.lastDate(), zone), Html.time(event.createdTime(), zone));
    }

    /**
     * @param event a history event
     * @return the original's columns with ISO-8601 times, plus {@code job_id}, {@code duration_ms}, {@code node} (the
     *         node that recorded it; {@code imported} for imported rows, empty for rows from before nodes were recorded)
     *         and {@code bytes} (what the step moved, {@code null} for none)
     */
    public static Map<String, Object> event(Event event) {
        return row(event, iso(event.lastDate()), iso(event.createdTime()));
    }

    private static Map<String, Object> row(Event event, String lastDate, String created) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", event.id());
        row.put("log_level", event.level().column());
        row.put("log_name", event.name());
        row.put("log_class", event.component());
        row.put("dao_name", event.check());
        row.put("file_type", event.fileType());
        row.put("file_name", event.fileName());
        row.put("file_url", event.fileUrl());
        row.put("last_author", event.lastAuthor());
        row.put("last_date", lastDate);
        row.put("last_revision", event.lastRevision());
        row.put("last_action", event.lastAction());
        row.put("log_message", event.message());
        row.put("created_time", created);
        row.put("job_id", event.jobId());
        row.put("duration_ms", event.duration() == null ? null : event.duration().toMillis());
        row.put("node", event.node());
        row.put("bytes", event.bytes() < 0 ? null : event.bytes());
        return row;
    }

    /**
     * @param node one node of the cluster
     * @return its name, version, start, last heartbeat, whether alive, the checks it owns and how many jobs it runs
     */
    public static Map<String, Object> node(ClusterNode node) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", node.name());
        row.put("version", node.version());
        row.put("started", iso(node.started()));
        row.put("heartbeat", iso(node.heartbeat()));
        row.put("alive", node.alive());
        row.put("checks", node.checks());
        row.put("running_jobs", node.runningJobs());
        return row;
    }

    /**
     * @param check a check's configuration
     * @param packager the type of the packager its files go through, or empty when unknown
     * @param status how it is doing, or {@code null}
     * @return its settings with every secret masked, and its status
     */
    public static Map<String, Object> check(CheckDefinition check, String packager, CheckStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", check.name());
        view.put("source_type", check.sourceType());
        view.put("base_url", withoutUserInfo(check.baseUrl()));
        view.put("auth_user", check.credentials().user());
        view.put("auth_pass", check.credentials().password().isEmpty() ? "" : Secrets.MASK);
        view.put("proxy_host", withoutUserInfo(check.proxyHost()));
        view.put("revision_seconds", check.lookBack().toSeconds());
        view.put("summarize_interval_seconds", check.interval().toSeconds());
        view.put("filters", check.filters());
        view.put("packager", packager);
        view.put("uploads", check.uploads().stream().map(Views::target).toList());
        view.put("alert_cron", check.alertCron());
        view.put("alert_medias", check.alertMedias().stream().map(Views::media).toList());
        view.put("target_cache", check.targetCache());
        view.put("options", Secrets.masked(new TreeMap<>(check.options())));
        view.put("status", status == null ? null : status(status));
        return view;
    }

    /**
     * @param status a check's status
     * @return its fields
     */
    public static Map<String, Object> status(CheckStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("check", status.check());
        view.put("state", status.state());
        view.put("last_run", iso(status.lastRun()));
        view.put("last_success", iso(status.lastSuccess()));
        view.put("next_run", iso(status.nextRun()));
        view.put("consecutive_failures", status.consecutiveFailures());
        view.put("changes_found", status.changesFound());
        view.put("last_error", status.lastError());
        return view;
    }

    private static Map<String, Object> target(TargetRef target) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("relation_name", target.name());
        view.put("relation_type", target.type());
        return view;
    }

    private static Map<String, Object> media(AlertMedia media) {
        Map<String, Object> view = target(media.target());
        view.put("to", media.to());
        view.put("cc", media.cc());
        view.put("bcc", media.bcc());
        return view;
    }

    /**
     * @param job a job
     * @param activity what it is doing now, or {@code null} when it is not running
     * @return its fields, its change, each target's state and its live progress ({@code progress}, null when not running)
     */
    public static Map<String, Object> job(Job job, JobActivity activity) {
        Map<String, Object> view = job(job);
        view.put("progress", activity == null ? null : activity(activity));
        return view;
    }

    /**
     * @param activity what a running job is doing
     * @return its step, bytes, rate, time left and each target's state
     */
    public static Map<String, Object> activity(JobActivity activity) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job", activity.jobId());
        view.put("check", activity.check());
        view.put("file_name", activity.fileName());
        view.put("step", activity.step());
        view.put("target", activity.target());
        view.put("bytes_done", activity.bytesDone());
        view.put("bytes_total", activity.bytesTotal());
        view.put("bytes_per_second", Math.round(activity.bytesPerSecond()));
        view.put("eta_seconds", activity.remaining() == null ? null : activity.remaining().toSeconds());
        view.put("step_started", iso(activity.stepStarted()));
        Map<String, String> targets = new LinkedHashMap<>();
        activity.targets().forEach((name, state) -> targets.put(name, state.name()));
        view.put("targets", targets);
        return view;
    }

    /**
     * @param components the plugin system now
     * @return {@code plugins}, {@code missing} and {@code departed}
     */
    public static Map<String, Object> components(Components components) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("plugins", components.plugins().stream().map(plugin -> {
            Map<String, Object> entry = plugin(plugin.info());
            entry.put("arrived", iso(plugin.arrived()));
            entry.put("used_by", plugin.usedBy());
            entry.put("jobs_waiting", plugin.waitingJobs());
            entry.put("properties", new TreeMap<>(plugin.info().properties()));
            return entry;
        }).toList());
        view.put("missing", components.missing().stream().map(missing -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", missing.kind().name());
            entry.put("type", missing.type());
            entry.put("used_by", missing.usedBy());
            entry.put("jobs_waiting", missing.waitingJobs());
            return entry;
        }).toList());
        view.put("departed", components.departed().stream().map(Views::departed).toList());
        return view;
    }

    private static Map<String, Object> departed(DepartedPlugin departed) {
        Map<String, Object> entry = plugin(departed.plugin());
        entry.put("arrived", iso(departed.arrived()));
        entry.put("departed", iso(departed.departed()));
        return entry;
    }

    private static Map<String, Object> plugin(PluginInfo info) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", info.kind().name());
        entry.put("type", info.type());
        entry.put("bundle_symbolic_name", info.bundleSymbolicName());
        entry.put("bundle_version", info.bundleVersion());
        entry.put("bundle_state", info.bundleState().name());
        entry.put("component_name", info.componentName());
        entry.put("service_id", info.serviceId());
        return entry;
    }

    /**
     * @param job a job
     * @return its fields, its change and each target's state
     */
    public static Map<String, Object> job(Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("check", job.check());
        view.put("state", job.state().name());
        view.put("attempts", job.attempts());
        view.put("next_attempt", iso(job.nextAttempt()));
        view.put("last_error", job.lastError());
        view.put("waiting_for", job.waitingFor());
        view.put("sha256", job.sha256());
        view.put("created", iso(job.created()));
        view.put("updated", iso(job.updated()));
        view.put("change", change(job.change()));
        List<Map<String, Object>> targets = new ArrayList<>();
        job.targets().forEach((name, status) -> {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("name", name);
            target.put("state", status.state().name());
            target.put("attempts", status.attempts());
            target.put("next_attempt", iso(status.nextAttempt()));
            target.put("last_error", status.lastError());
            target.put("bytes", status.bytes());
            targets.add(target);
        });
        view.put("targets", targets);
        return view;
    }

    private static Map<String, Object> change(RemoteChange change) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", change.action().name().toLowerCase(Locale.ROOT));
        view.put("url", withoutUserInfo(change.url()));
        view.put("file_name", change.fileName());
        view.put("file_type", change.fileType());
        view.put("author", change.author());
        view.put("changed_at", iso(change.changedAt()));
        view.put("revision", change.revision());
        view.put("size", change.size());
        return view;
    }

    /**
     * @param run what a check run did
     * @return its outcome and every filter decision
     */
    public static Map<String, Object> run(CheckRun run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", run.outcome().name());
        view.put("queued", run.queued());
        view.put("detail", run.detail());
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (FilterDecision decision : run.decisions()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file_name", decision.change().fileName());
            entry.put("url", withoutUserInfo(decision.change().url()));
            entry.put("revision", decision.change().revision());
            entry.put("accepted", decision.accepted());
            entry.put("reason", decision.reason());
            decisions.add(entry);
        }
        view.put("decisions", decisions);
        return view;
    }

    /**
     * @param time an instant, or {@code null}
     * @return ISO-8601, or {@code null}
     */
    public static String iso(Instant time) {
        return time == null ? null : time.toString();
    }

    /**
     * A URL may carry {@code user:password@}; only the user is shown.
     *
     * @param url a URL
     * @return it with any password in its user info masked
     */
    public static String withoutUserInfo(URI url) {
        String userInfo = url.getRawUserInfo();
        if (userInfo == null || !userInfo.contains(":")) {
            return url.toString();
        }
        try {
            String user = userInfo.substring(0, userInfo.indexOf(':'));
            return new URI(url.getScheme(), user + ":" + Secrets.MASK, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), url.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url.getScheme() + "://" + Secrets.MASK + "@" + url.getHost();
        }
    }

    private static String withoutUserInfo(String hostOrUrl) {
        int at = hostOrUrl.lastIndexOf('@');
        return at < 0 ? hostOrUrl : Secrets.MASK + hostOrUrl.substring(at);
    }
}
