package io.upgradeclient.web.internal.page;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.ClusterNode;
import io.upgradeclient.api.DepartedPlugin;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventPage;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobActivity;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.Secrets;
import io.upgradeclient.web.internal.api.Components;
import io.upgradeclient.web.internal.api.Dashboard;
import io.upgradeclient.web.internal.api.Views;
import io.upgradeclient.web.internal.api.WebApi;

/**
 * The content of each page, as plain functions from data to markup (the frame is {@link Layout}'s). Every value
 * from the data goes through {@link Html#escape(Object)}; elements a browser test looks for carry ids or
 * {@code data-*} attributes. Times are {@code <time>} elements in UTC that the script shows in the browser's zone.
 * Thread-safe.
 */
public final class Pages {
    /** How many jobs the jobs page lists at once: the page stays well under one long screen. */
    public static final int JOBS_PER_PAGE = 25;
    /** The parameters of the history list, in the order they appear in its URL. */
    public static final List<String> HISTORY_PARAMETERS = List.of("log_level", "log_class", "dao_name", "file_type", "log_message", "job", "from", "until", "rows");


    /**
     * @param data what to show
     * @param running what the running jobs are doing
     * @return the dashboard's content
     */
    public String dashboard(Dashboard data, List<JobActivity> running) {
        Html html = new Html();
        html.raw("<section class=\"cards\"><div class=\"card\"><h2>Today</h2>").raw(levelTable("counts-today", data.today()))
                .raw("</div><div class=\"card\"><h2>Last 7 days</h2>").raw(levelTable("counts-week", data.week())).raw("</div>")
                .raw("<div class=\"card\"><h2>Jobs</h2><table id=\"job-counts\" class=\"counts\"><tbody>");
        for (JobState state : JobState.values()) {
            html.raw("<tr data-state=\"").text(state.name()).raw("\"><th><a href=\"/jobs?state=").text(state.name()).raw("\">")
                    .text(stateLabel(state)).raw("</a></th><td class=\"num\">")
                    .text(data.jobs().getOrDefault(state, 0L)).raw("</td></tr>");
        }
        html.raw("</tbody></table></div></section>");
        html.raw(runningPanel(running, ""));
        html.raw("<form id=\"dashboard-options\" class=\"inline\" method=\"get\" action=\"/\"><label>Error range <select id=\"trend-range\" name=\"exp_during\">");
        for (String unit : List.of("days", "weeks")) {
            for (int n : List.of(1, 2, 3, 4, 7, 8, 12, 24, 48)) {
                String value = unit + "_" + n;
                html.raw("<option value=\"").text(value).raw("\"").raw(value.equals(data.range()) ? " selected" : "").raw(">")
                        .text(n + " " + (n == 1 ? unit.substring(0, unit.length() - 1) : unit)).raw("</option>");
            }
        }
        html.raw("</select></label> <label>Latest from level ").raw(levelSelect("latest-level", "log_level", data.level(), false))
                .raw("</label> <button type=\"submit\" id=\"dashboard-apply\">Show</button></form>");
        html.raw("<section class=\"charts\">")
                .raw(chart("chart-component", "Errors by component", "bars", data.byComponent()))
                .raw(chart("chart-check", "Errors by check", "bars", data.byCheck()))
                .raw(chart("chart-filetype", "Errors by file type", "bars", data.byFileType()));
        html.raw("<figure id=\"chart-trend\" class=\"chart wide").raw(data.trend().isEmpty() ? " empty" : "")
                .raw("\" data-chart=\"trend\"><figcaption>Error trend</figcaption><div class=\"svg\"></div>")
                .raw("<table class=\"fallback\"><thead><tr><th>From</th><th>Errors</th></tr></thead><tbody>");
        for (Map.Entry<Instant, Long> point : data.trend()) {
            html.raw("<tr><td>").when(point.getKey()).raw("</td><td class=\"num\">").text(point.getValue()).raw("</td></tr>");
        }
        if (data.trend().isEmpty()) {
            html.raw("<tr><td colspan=\"2\">No errors in this range.</td></tr>");
        }
        html.raw("</tbody></table></figure></section>");
        html.raw("<section><h2>Latest events</h2>").raw(eventTable("latest-events", data.latest())).raw("</section>");
        html.raw("<section><h2>Checks</h2>").raw(checkStates(data.checks())).raw("</section>");
        return html.toString();
    }

    private static String levelTable(String id, Map<String, Long> counts) {
        Html html = new Html().raw("<table id=\"").raw(id).raw("\" class=\"counts\"><tbody>");
        for (EventLevel level : EventLevel.values()) {
            html.raw("<tr class=\"level-").raw(level.column()).raw("\" data-level=\"").raw(level.column()).raw("\"><th>")
                    .raw("<a href=\"/firmware?log_level=").raw(level.column()).raw("\">").text(level.column()).raw("</a>")
                    .raw("</th><td class=\"num\">").text(counts.getOrDefault(level.column(), 0L)).raw("</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    private static String chart(String id, String title, String kind, Map<String, Long> counts) {
        Html html = new Html().raw("<figure id=\"").raw(id).raw("\" class=\"chart\" data-chart=\"").raw(kind).raw("\"><figcaption>")
                .text(title).raw("</figcaption><div class=\"svg\"></div><table class=\"fallback\"><tbody>");
        if (counts.isEmpty()) {
            html.raw("<tr><td>No errors.</td></tr>");
        }
        counts.forEach((label, count) -> html.raw("<tr><th>").text(label.isEmpty() ? WebApi.NONE : label).raw("</th><td class=\"num\">")
                .text(count).raw("</td></tr>"));
        return html.raw("</tbody></table></figure>").toString();
    }

    /**
     * The live progress of the running jobs; the script refreshes it from {@code /api/v1/progress}.
     *
     * @param running what the running jobs are doing
     * @param check only this check's jobs, or empty for all
     * @return the panel
     */
    public static String runningPanel(List<JobActivity> running, String check) {
        Html html = new Html().raw("<section id=\"running-jobs\" class=\"running\" data-check=\"").text(check).raw("\"><h2>Running now</h2><div class=\"activities\">");
        List<JobActivity> shown = running.stream().filter(activity -> check.isEmpty() || activity.check().equals(check)).toList();
        for (JobActivity activity : shown) {
            html.raw(activity(activity));
        }
        html.raw("</div><p class=\"none\"").raw(shown.isEmpty() ? "" : " hidden").raw(">No job is running.</p></section>");
        return html.toString();
    }

    private static String activity(JobActivity activity) {
        Html html = new Html().raw("<div class=\"activity\" data-job=\"").text(activity.jobId()).raw("\"><div class=\"what\"><a href=\"/jobs/")
                .text(activity.jobId()).raw("\">Job ").text(activity.jobId()).raw("</a> <a href=\"/checks/").text(Html.url(activity.check())).raw("\">")
                .text(activity.check()).raw("</a> <span class=\"file\">").raw(Html.breakable(activity.fileName())).raw("</span> <span class=\"step\">")
                .text(activity.step() + (activity.target().isEmpty() ? "" : " to " + activity.target())).raw("</span></div>");
        html.raw("<progress class=\"transfer\"").raw(activity.bytesTotal() > 0 ? " max=\"" + activity.bytesTotal() + "\" value=\"" + activity.bytesDone() + "\"" : "")
                .raw("></progress> <span class=\"transfer-text\">").text(transferText(activity)).raw("</span><ul class=\"targets\">");
        activity.targets().forEach((name, state) -> html.raw("<li data-target=\"").text(name).raw("\" data-state=\"").text(state.name()).raw("\">")
                .text(name + ": " + stateLabel(state)).raw("</li>"));
        return html.raw("</ul></div>").toString();
    }

    private static String transferText(JobActivity activity) {
        StringBuilder text = new StringBuilder(bytes(activity.bytesDone()));
        if (activity.bytesTotal() >= 0) {
            text.append(" of ").append(bytes(activity.bytesTotal()));
        }
        if (activity.bytesPerSecond() > 0) {
            text.append(" · ").append(bytes(Math.round(activity.bytesPerSecond()))).append("/s");
        }
        if (activity.remaining() != null) {
            text.append(" · ").append(activity.remaining().toSeconds()).append(" s left");
        }
        return text.toString();
    }

    /**
     * @param count a number of bytes
     * @return it in B, KB, MB or GB (powers of 1024), one decimal above bytes
     */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String stateLabel(JobState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static String checkLink(String check) {
        return check.isEmpty() ? "" : "<a href=\"/checks/" + Html.escape(Html.url(check)) + "\">" + Html.breakable(check) + "</a>";
    }

    /**
     * A node's name, linked to the nodes page; imported rows name no node (plain {@code imported}), rows from before
     * nodes were recorded have none.
     */
    private static String nodeLink(String node) {
        if (node.equals(Event.IMPORTED)) {
            return node;
        }
        return node.isEmpty() ? "" : "<a class=\"node-link\" href=\"/nodes#node-" + Html.escape(Html.url(node)) + "\">"
                + Html.breakable(node) + "</a>";
    }

    private static String jobLink(long id) {
        return id == 0 ? "" : "<a class=\"job-link\" href=\"/jobs/" + id + "\">" + id + "</a>";
    }

    private String checkStates(List<CheckStatus> statuses) {
        Html html = new Html().raw("<table id=\"check-states\" class=\"list\"><thead><tr><th>Check</th><th>State</th><th>Last run</th>")
                .raw("<th>Last success</th><th>Next run</th><th>Failures</th><th>Changes</th><th>Last error</th></tr></thead><tbody>");
        for (CheckStatus status : statuses) {
            html.raw("<tr class=\"check-row\" data-check=\"").text(status.check()).raw("\"><td>").raw(checkLink(status.check())).raw("</td>")
                    .element("td class=\"state\"", status.state()).raw("<td>").when(status.lastRun()).raw("</td><td>")
                    .when(status.lastSuccess()).raw("</td><td>").when(status.nextRun()).raw("</td>")
                    .element("td class=\"num\"", status.consecutiveFailures()).element("td class=\"num\"", status.changesFound())
                    .element("td class=\"message\"", status.lastError()).raw("</tr>");
        }
        if (statuses.isEmpty()) {
            html.raw("<tr><td colspan=\"8\">No checks configured.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    private String eventTable(String id, List<Event> events) {
        Html html = new Html().raw("<table id=\"").raw(id).raw("\" class=\"list events\"><thead><tr><th>Time</th><th>Level</th><th>Check</th>")
                .raw("<th>Component</th><th>File</th><th>Job</th><th>Node</th><th>Message</th></tr></thead><tbody>");
        for (Event event : events) {
            html.raw("<tr class=\"event-row level-").raw(event.level().column()).raw("\" data-id=\"").text(event.id()).raw("\">")
                    .raw("<td><a class=\"event-link\" href=\"/firmware/").text(event.id()).raw("\">").when(event.createdTime()).raw("</a></td>")
                    .element("td", event.level().column()).raw("<td>").raw(checkLink(event.check())).raw("</td>").element("td", event.component())
                    .raw("<td class=\"file\">").raw(Html.breakable(event.fileName())).raw("</td><td class=\"num\">").raw(jobLink(event.jobId()))
                    .raw("</td><td class=\"node\">").raw(nodeLink(event.node())).raw("</td>").element("td class=\"message\"", event.message()).raw("</tr>");
        }
        if (events.isEmpty()) {
            html.raw("<tr><td colspan=\"8\">No events.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    private static String levelSelect(String id, String name, String selected, boolean allowAny) {
        Html html = new Html().raw("<select id=\"").raw(id).raw("\" name=\"").raw(name).raw("\">");
        if (allowAny) {
            html.raw("<option value=\"\">any</option>");
        }
        for (EventLevel level : EventLevel.values()) {
            html.raw("<option value=\"").raw(level.column()).raw("\"").raw(level.column().equals(selected) ? " selected" : "").raw(">")
                    .raw(level.column()).raw("</option>");
        }
        return html.raw("</select>").toString();
    }

    /**
     * @param params the history parameters of the request (see {@link #HISTORY_PARAMETERS}), blank ones left out
     * @param pageNumber the page shown, from 1
     * @param rows the page size
     * @param page the events of that page
     * @param choices the values found in the data per filter: {@code log_class}, {@code dao_name}, {@code file_type}
     * @return the history list's content
     */
    public String history(Map<String, String> params, int pageNumber, int rows, EventPage page, Map<String, Set<String>> choices) {
        Html html = new Html();
        html.raw("<form id=\"history-filters\" class=\"filters\" method=\"get\" action=\"/firmware\">")
                .raw("<label>Level ").raw(levelSelect("filter-level", "log_level", params.getOrDefault("log_level", ""), true)).raw("</label>")
                .raw(choiceSelect("filter-component", "Component", "log_class", params, choices))
                .raw(choiceSelect("filter-check", "Check", "dao_name", params, choices))
                .raw(choiceSelect("filter-filetype", "File type", "file_type", params, choices))
                .raw("<label>Text <input id=\"filter-text\" name=\"log_message\" value=\"").text(params.getOrDefault("log_message", "")).raw("\"></label>")
                .raw("<label>From <input id=\"filter-from\" name=\"from\" type=\"date\" value=\"").text(params.getOrDefault("from", "")).raw("\"></label>")
                .raw("<label>Until <input id=\"filter-until\" name=\"until\" type=\"date\" value=\"").text(params.getOrDefault("until", "")).raw("\"></label>")
                .raw("<label>Rows <input id=\"filter-rows\" name=\"rows\" type=\"number\" min=\"1\" max=\"1000\" value=\"").text(rows).raw("\"></label>");
        if (!params.getOrDefault("job", "").isEmpty()) {
            html.raw("<label>Job <input id=\"filter-job\" name=\"job\" type=\"number\" min=\"0\" value=\"").text(params.get("job")).raw("\"></label>");
        }
        html.raw("<button id=\"filter-apply\" type=\"submit\">Filter</button> <a id=\"filter-reset\" href=\"/firmware\">Reset</a></form>");
        long pages = Math.max(1, (page.total() + rows - 1) / rows);
        html.raw("<p id=\"history-total\" data-total=\"").text(page.total()).raw("\">").text(page.total()).raw(" events, page ")
                .text(pageNumber).raw(" of ").text(pages).raw("</p>");
        html.raw(eventTable("history-table", page.events()));
        html.raw(pager(number -> historyUrl(params, number), pageNumber, pages));
        return html.toString();
    }

    /** Numbered pages: the first, the last, and two either side of the current one, with the filters kept. */
    private static String pager(IntFunction<String> url, int current, long pages) {
        Html html = new Html().raw("<nav id=\"pager\" class=\"pager\" aria-label=\"Pages\">");
        if (current > 1) {
            html.raw("<a id=\"page-prev\" href=\"").text(url.apply(current - 1)).raw("\">&larr; Newer</a>");
        }
        long previous = 0;
        for (long number = 1; number <= pages; number++) {
            boolean shown = number == 1 || number == pages || Math.abs(number - current) <= 2;
            if (!shown) {
                continue;
            }
            if (number > previous + 1) {
                html.raw("<span class=\"gap\">…</span>");
            }
            if (number == current) {
                html.raw("<span class=\"page current\" aria-current=\"page\">").text(number).raw("</span>");
            } else {
                html.raw("<a class=\"page\" data-page=\"").text(number).raw("\" href=\"").text(url.apply((int) number)).raw("\">")
                        .text(number).raw("</a>");
            }
            previous = number;
        }
        if (current < pages) {
            html.raw("<a id=\"page-next\" href=\"").text(url.apply(current + 1)).raw("\">Older &rarr;</a>");
        }
        return html.raw("</nav>").toString();
    }

    private static String choiceSelect(String id, String label, String name, Map<String, String> params, Map<String, Set<String>> choices) {
        String selected = params.getOrDefault(name, "");
        Html html = new Html().raw("<label>").text(label).raw(" <select id=\"").raw(id).raw("\" name=\"").raw(name).raw("\"><option value=\"\">any</option>");
        Set<String> values = new TreeSet<>(choices.getOrDefault(name, Set.of()));
        if (!selected.isEmpty()) {
            values.add(selected);
        }
        for (String value : values) {
            if (!value.isEmpty()) {
                html.raw("<option value=\"").text(value).raw("\"").raw(value.equals(selected) ? " selected" : "").raw(">").text(value).raw("</option>");
            }
        }
        return html.raw("</select></label>").toString();
    }

    /**
     * @param params the filters
     * @param pageNumber the page
     * @return the list's URL with those filters and that page, not yet escaped for HTML
     */
    public static String historyUrl(Map<String, String> params, int pageNumber) {
        StringBuilder url = new StringBuilder("/firmware?page=").append(pageNumber);
        for (String name : HISTORY_PARAMETERS) {
            String value = params.getOrDefault(name, "");
            if (!value.isEmpty()) {
                url.append('&').append(name).append('=').append(Html.url(value));
            }
        }
        return url.toString();
    }

    /** What the detail page calls each of the original's columns. */
    private static final Map<String, String> FIELD_LABELS = Map.ofEntries(
            Map.entry("id", "Event"), Map.entry("log_level", "Level"), Map.entry("log_name", "Step"),
            Map.entry("log_class", "Component"), Map.entry("dao_name", "Check"), Map.entry("file_type", "File type"),
            Map.entry("file_name", "File"), Map.entry("file_url", "Source URL"), Map.entry("last_author", "Author"),
            Map.entry("last_date", "Changed at the source"), Map.entry("last_revision", "Revision"), Map.entry("last_action", "Change"),
            Map.entry("log_message", "Message"), Map.entry("created_time", "Recorded"), Map.entry("job_id", "Job"),
            Map.entry("duration_ms", "Duration"), Map.entry("node", "Node"), Map.entry("bytes", "Bytes moved"));

    /**
     * @param event the event
     * @param job the job it belongs to, if any
     * @return the detail page's content
     */
    public String event(Event event, Optional<Job> job) {
        Html html = new Html().raw("<table id=\"event-detail\" class=\"detail\"><tbody>");
        Map<String, Object> row = Views.event(event);
        row.forEach((field, value) -> {
            html.raw("<tr data-field=\"").text(field).raw("\"><th>").text(FIELD_LABELS.getOrDefault(field, field)).raw("</th><td>");
            switch (field) {
                case "created_time" -> html.when(event.createdTime());
                case "last_date" -> html.when(event.lastDate());
                case "dao_name" -> html.raw(checkLink(event.check()));
                case "job_id" -> html.raw(event.jobId() == 0 ? "none" : "<a id=\"event-job-link\" href=\"/jobs/" + event.jobId() + "\">Job "
                        + event.jobId() + "</a> · <a id=\"job-events\" href=\"/firmware?job=" + event.jobId() + "\">all its events</a>");
                case "file_url" -> html.raw(link(event.fileUrl()));
                case "file_name" -> html.raw(Html.breakable(event.fileName()));
                case "duration_ms" -> html.text(event.duration() == null ? "" : duration(event.duration()));
                case "node" -> html.raw(nodeLink(event.node()));
                case "bytes" -> html.text(event.bytes() < 0 ? "" : bytes(event.bytes()) + (event.bytes() < 1024 ? "" : " (" + event.bytes() + " B)"));
                default -> html.text(value == null ? "" : value);
            }
            html.raw("</td></tr>");
        });
        html.raw("</tbody></table>");
        if (event.jobId() != 0) {
            html.raw("<h2>Job ").text(event.jobId()).raw("</h2>");
            html.raw(job.map(found -> job(found, null)).orElse("<p id=\"event-job-missing\">The job is no longer stored.</p>"));
        }
        return html.toString();
    }

    /** A source URL as a link when it is a web address, else as text; a password in it is masked. */
    private static String link(String url) {
        if (url == null || url.isEmpty()) {
            return "";
        }
        String shown = url;
        try {
            shown = Views.withoutUserInfo(URI.create(url));
        } catch (IllegalArgumentException e) {
            // not a URI: shown as it is, as text
        }
        if (shown.startsWith("http://") || shown.startsWith("https://")) {
            return "<a class=\"file-url\" href=\"" + Html.escape(shown) + "\" rel=\"noreferrer\">" + Html.breakable(shown) + "</a>";
        }
        return Html.breakable(shown);
    }

    private static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * @param job a job
     * @param activity what it is doing now, or {@code null}
     * @param events its latest events
     * @return the job page's content
     */
    public String jobPage(Job job, JobActivity activity, List<Event> events) {
        Html html = new Html().raw(job(job, activity));
        html.raw("<h2>Events</h2>").raw(eventTable("job-events-table", events))
                .raw("<p><a id=\"job-all-events\" href=\"/firmware?job=").text(job.id()).raw("\">All events of this job</a></p>");
        return html.toString();
    }

    private String job(Job job, JobActivity activity) {
        Html html = new Html();
        if (activity != null) {
            html.raw(runningPanel(List.of(activity), ""));
        }
        html.raw("<table id=\"event-job\" class=\"detail\"><tbody>")
                .raw("<tr><th>Job</th><td><a href=\"/jobs/").text(job.id()).raw("\">").text(job.id()).raw("</a></td></tr>")
                .raw("<tr><th>State</th><td id=\"job-state\">").text(stateLabel(job.state())).raw("</td></tr>")
                .raw("<tr><th>Check</th><td>").raw(checkLink(job.check())).raw("</td></tr>")
                .raw("<tr><th>File</th><td>").raw(Html.breakable(job.change().fileName())).raw("</td></tr>")
                .raw("<tr><th>Source URL</th><td>").raw(link(job.change().url().toString())).raw("</td></tr>")
                .raw("<tr><th>Revision</th><td>").text(job.change().revision()).raw("</td></tr>")
                .raw("<tr><th>Attempts</th><td>").text(job.attempts()).raw("</td></tr>")
                .raw("<tr><th>SHA-256</th><td id=\"job-sha256\" class=\"hash\">").text(job.sha256()).raw("</td></tr>")
                .raw("<tr><th>Last error</th><td class=\"message\">").text(job.lastError()).raw("</td></tr>")
                .raw("<tr><th>Waiting for</th><td>").text(job.waitingFor()).raw("</td></tr>")
                .raw("<tr><th>Queued</th><td>").when(job.created()).raw("</td></tr>")
                .raw("<tr><th>Updated</th><td>").when(job.updated()).raw("</td></tr></tbody></table>");
        html.raw("<table id=\"job-targets\" class=\"list\"><thead><tr><th>Target</th><th>State</th><th>Attempts</th><th>Bytes</th>")
                .raw("<th>Next attempt</th><th>Last error</th></tr></thead><tbody>");
        job.targets().forEach((name, status) -> html.raw("<tr class=\"target-row\" data-target=\"").text(name).raw("\">")
                .element("td", name).element("td", stateLabel(status.state())).element("td class=\"num\"", status.attempts())
                .element("td class=\"num\"", bytes(status.bytes())).raw("<td>").when(status.nextAttempt()).raw("</td>")
                .element("td class=\"message\"", status.lastError()).raw("</tr>"));
        if (job.targets().isEmpty()) {
            html.raw("<tr><td colspan=\"6\">No upload target.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    private static final Map<PluginKind, String> KIND_TITLES = Map.of(PluginKind.CHECKER, "Checkers", PluginKind.FILTER, "Filters",
            PluginKind.DOWNLOADER, "Downloaders", PluginKind.PACKAGER, "Packagers", PluginKind.UPLOADER, "Uploaders",
            PluginKind.ALERTER, "Alerters");

    /**
     * @param components the plugin system now
     * @return the components page's content: one table per kind, the missing types and the recent departures
     */
    public String components(Components components) {
        Html html = new Html().raw("<p class=\"summary\">").text(components.plugins().size()).raw(" plugins registered")
                .raw(components.missing().isEmpty() ? "" : ", " + components.missing().size() + " missing")
                .raw(components.departed().isEmpty() ? "" : ", " + components.departed().size() + " left recently").raw(".</p>");
        if (!components.missing().isEmpty()) {
            html.raw("<section id=\"components-missing\"><h2>Missing</h2><p>Types a check names or a job waits for that no deployed bundle provides.</p>")
                    .raw("<table class=\"list\"><thead><tr><th>Kind</th><th>Type</th><th>Used by</th><th>Jobs waiting</th></tr></thead><tbody>");
            for (Components.Missing missing : components.missing()) {
                html.raw("<tr class=\"missing-row\" data-kind=\"").text(missing.kind().name().toLowerCase(Locale.ROOT)).raw("\" data-type=\"")
                        .text(missing.type()).raw("\">").element("td", missing.kind().name().toLowerCase(Locale.ROOT))
                        .raw("<td class=\"type\">").text(missing.type()).raw("</td><td>").raw(checkLinks(missing.usedBy())).raw("</td><td>")
                        .raw(waitingLink(missing.waitingJobs())).raw("</td></tr>");
            }
            html.raw("</tbody></table></section>");
        }
        html.raw("<div id=\"components-table\">");
        for (PluginKind kind : PluginKind.values()) {
            List<Components.Plugin> plugins = components.of(kind);
            String name = kind.name().toLowerCase(Locale.ROOT);
            html.raw("<section class=\"kind\" id=\"components-").raw(name).raw("\"><h2>").text(KIND_TITLES.get(kind)).raw(" <span class=\"count\">")
                    .text(plugins.size()).raw("</span></h2><table class=\"list components\"><thead><tr><th>Type</th><th>Bundle</th><th>Arrived</th>")
                    .raw("<th>Used by</th><th>Jobs waiting</th><th>Properties</th></tr></thead><tbody>");
            for (Components.Plugin plugin : plugins) {
                PluginInfo info = plugin.info();
                html.raw("<tr class=\"plugin-row\" data-kind=\"").text(name).raw("\" data-type=\"").text(info.type()).raw("\">")
                        .raw("<td class=\"type\">").text(info.type()).raw("</td><td class=\"bundle\">").raw(Html.breakable(info.bundleSymbolicName()))
                        .raw(" <span class=\"version\">").text(info.bundleVersion()).raw("</span> <span class=\"bundle-state\">")
                        .text(info.bundleState().name().toLowerCase(Locale.ROOT)).raw("</span></td><td>").when(plugin.arrived()).raw("</td><td>")
                        .raw(checkLinks(plugin.usedBy())).raw("</td><td>").raw(waitingLink(plugin.waitingJobs())).raw("</td>")
                        .raw("<td class=\"props\"><details><summary>").text(info.properties().size()).raw(" properties</summary>")
                        .raw(properties(info.properties())).raw("</details></td></tr>");
            }
            if (plugins.isEmpty()) {
                html.raw("<tr><td colspan=\"6\">None deployed.</td></tr>");
            }
            html.raw("</tbody></table></section>");
        }
        html.raw("</div>");
        html.raw("<section id=\"components-departed\"><h2>Left recently</h2>");
        if (components.departed().isEmpty()) {
            html.raw("<p>No plugin has left since the start.</p>");
        } else {
            html.raw("<table class=\"list\"><thead><tr><th>Kind</th><th>Type</th><th>Bundle</th><th>Arrived</th><th>Left</th></tr></thead><tbody>");
            for (DepartedPlugin departed : components.departed()) {
                PluginInfo info = departed.plugin();
                html.raw("<tr class=\"departed-row\" data-kind=\"").text(info.kind().name().toLowerCase(Locale.ROOT)).raw("\" data-type=\"")
                        .text(info.type()).raw("\">").element("td", info.kind().name().toLowerCase(Locale.ROOT)).element("td", info.type())
                        .raw("<td>").raw(Html.breakable(info.bundleSymbolicName())).raw(" ").text(info.bundleVersion()).raw("</td><td>")
                        .when(departed.arrived()).raw("</td><td>").when(departed.departed()).raw("</td></tr>");
            }
            html.raw("</tbody></table>");
        }
        return html.raw("</section>").toString();
    }

    /**
     * @param self this node's name
     * @param nodes every node that used the store, as it shows them now
     * @return the nodes page's content: one row per node with its version, start, heartbeat, checks and running jobs
     */
    public String nodes(String self, List<ClusterNode> nodes) {
        long alive = nodes.stream().filter(ClusterNode::alive).count();
        Html html = new Html().raw("<p id=\"nodes-summary\" class=\"summary\">").text(nodes.size()).raw(nodes.size() == 1 ? " node uses" : " nodes share")
                .raw(" this store: ").text(alive).raw(" alive, ").text(nodes.size() - alive).raw(" without a heartbeat. This is ")
                .raw(Html.breakable(self)).raw(".</p>");
        html.raw("<table id=\"nodes\" class=\"list\"><thead><tr><th>Node</th><th>Version</th><th>State</th><th>Last heartbeat</th>")
                .raw("<th>Started</th><th>Checks owned</th><th>Jobs running</th></tr></thead><tbody>");
        for (ClusterNode node : nodes) {
            html.raw("<tr class=\"node-row\" id=\"node-").text(Html.url(node.name())).raw("\" data-node=\"").text(node.name())
                    .raw("\" data-alive=\"").text(node.alive()).raw("\"><td class=\"name\">").raw(Html.breakable(node.name()))
                    .raw(node.name().equals(self) ? " <span class=\"self\">(this node)</span>" : "").raw("</td>")
                    .element("td data-label=\"version\"", node.version()).raw("<td class=\"state ").raw(node.alive() ? "alive" : "dead").raw("\">")
                    .raw(node.alive() ? "alive" : "no heartbeat").raw("</td><td data-label=\"heartbeat\">").when(node.heartbeat())
                    .raw("</td><td data-label=\"started\">").when(node.started()).raw("</td><td class=\"checks\" data-label=\"checks\">")
                    .raw(checkLinks(node.checks())).raw("</td><td class=\"num running\" data-label=\"jobs running\">")
                    .text(node.runningJobs()).raw("</td></tr>");
        }
        if (nodes.isEmpty()) {
            html.raw("<tr><td colspan=\"7\">No node has used this store yet.</td></tr>");
        }
        html.raw("</tbody></table><p class=\"summary\">A node is alive while its heartbeat is within <code>store.lease_seconds</code>; ")
                .raw("the checks and jobs of one without a heartbeat move to the live nodes once their leases run out. ")
                .raw("<a href=\"/jobs?state=RUNNING\">Running jobs</a> · <a href=\"/api/v1/nodes\">as JSON</a></p>");
        return html.toString();
    }

    private static String checkLinks(List<String> checks) {
        return String.join(", ", checks.stream().map(Pages::checkLink).toList());
    }

    private static String waitingLink(List<Long> jobs) {
        return jobs.isEmpty() ? "" : "<a class=\"waiting\" href=\"/jobs?state=WAITING\">" + jobs.size() + " waiting</a>";
    }

    private static String properties(Map<String, ?> properties) {
        Html html = new Html().raw("<dl>");
        Secrets.masked(new TreeMap<>(properties)).forEach((key, value) -> html.raw("<dt>").raw(Html.breakable(key)).raw("</dt><dd>")
                .raw(Html.breakable(value instanceof Object[] array ? String.join(", ", Arrays.stream(array).map(String::valueOf).toList()) : value))
                .raw("</dd>"));
        return html.raw("</dl>").toString();
    }

    /**
     * @param catalog the configured checks, their statuses and packagers
     * @param admin whether the user may run checks
     * @param csrf the session's CSRF token, or empty without a session
     * @return the checks page's content
     */
    public String checks(CheckCatalog catalog, boolean admin, String csrf) {
        List<CheckDefinition> checks = catalog.checks();
        Html html = new Html().raw(checkStates(catalog.statuses()));
        html.raw("<h2>Configuration</h2><table id=\"checks-table\" class=\"list\"><thead><tr><th>Check</th><th>Source</th><th>Every</th>")
                .raw("<th>Filters</th><th>Packager</th><th>Uploads</th><th>Alerts</th><th>Settings</th>").raw(admin ? "<th>Actions</th>" : "")
                .raw("</tr></thead><tbody>");
        for (CheckDefinition check : checks) {
            String packager = catalog.packager(check.name()).orElse("");
            Map<String, Object> view = Views.check(check, packager, null);
            html.raw("<tr class=\"check-row\" data-check=\"").text(check.name()).raw("\"><td>").raw(checkLink(check.name())).raw("</td>")
                    .raw("<td class=\"file\">").text(check.sourceType()).raw(" ").raw(Html.breakable(view.get("base_url"))).raw("</td>")
                    .element("td", duration(check.interval().toSeconds()))
                    .element("td", String.join(", ", check.filters()))
                    .element("td", packager)
                    .element("td", String.join(", ", check.uploads().stream().map(t -> t.name() + " (" + t.type() + ")").toList()))
                    .element("td", check.alertCron());
            html.raw("<td class=\"props\"><details><summary>settings</summary>").raw(properties(settings(view))).raw("</details></td>");
            if (admin) {
                html.raw("<td class=\"actions\">").raw(actions(check.name(), csrf)).raw("</td>");
            }
            html.raw("</tr>");
        }
        if (checks.isEmpty()) {
            html.raw("<tr><td colspan=\"8\">No checks configured.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    private static Map<String, Object> settings(Map<String, Object> view) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("auth_user", view.get("auth_user"));
        settings.put("auth_pass", view.get("auth_pass"));
        settings.put("proxy_host", view.get("proxy_host"));
        settings.put("revision_seconds", view.get("revision_seconds"));
        settings.put("target_cache", view.get("target_cache"));
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) view.get("options");
        settings.putAll(options);
        return settings;
    }

    private static String actions(String check, String csrf) {
        String base = "/checks/" + Html.url(check);
        return actionForm(base + "/run", "action-run", "Run now", csrf) + actionForm(base + "/dryrun", "action-dryrun", "Dry run", csrf)
                + actionForm(base + "/dryrun-all", "action-dryrun-all", "Dry run, whole source", csrf);
    }

    /**
     * What the check page shows.
     *
     * @param check the check
     * @param status how it is doing, or {@code null}
     * @param lastChange when the check last queued a change (its newest job), or {@code null} when it has none
     * @param packager the type of its packager, or empty when not known
     * @param jobCounts its jobs per state
     * @param changesPerDay jobs queued per day over the last 30 days, oldest first
     * @param errorsPerDay errors per day over the same days
     * @param jobs its latest jobs
     * @param events its latest events
     * @param running what the running jobs are doing
     */
    public record CheckPage(CheckDefinition check, CheckStatus status, Instant lastChange, String packager, Map<JobState, Long> jobCounts,
            List<Long> changesPerDay, List<Long> errorsPerDay, List<Job> jobs, List<Event> events, List<JobActivity> running) {
    }

    /**
     * @param page what to show
     * @param admin whether the user may run the check
     * @param csrf the session's CSRF token
     * @return the check page's content
     */
    public String check(CheckPage page, boolean admin, String csrf) {
        CheckDefinition check = page.check();
        Map<String, Object> view = Views.check(check, page.packager(), null);
        CheckStatus status = page.status() == null ? CheckStatus.fresh(check.name()) : page.status();
        Html html = new Html().raw("<section class=\"cards check-summary\"><div class=\"card\"><h2>Source</h2><dl id=\"check-source\">")
                .raw("<dt>Type</dt><dd>").text(check.sourceType()).raw("</dd><dt>URL</dt><dd>").raw(link(String.valueOf(view.get("base_url"))))
                .raw("</dd><dt>Every</dt><dd>").text(duration(check.interval().toSeconds())).raw("</dd><dt>Filters</dt><dd>")
                .text(check.filters().isEmpty() ? "none" : String.join(" → ", check.filters())).raw("</dd><dt>Packager</dt><dd>")
                .text(page.packager().isEmpty() ? "default" : page.packager()).raw("</dd><dt>Targets</dt><dd>")
                .text(check.uploads().isEmpty() ? "none" : String.join(", ", check.uploads().stream().map(t -> t.name() + " (" + t.type() + ")").toList()))
                .raw("</dd><dt>Reports</dt><dd>").text(check.alertCron().isEmpty() ? "none" : check.alertCron()).raw("</dd></dl>")
                .raw("<details><summary>All settings</summary>").raw(properties(settings(view))).raw("</details></div>");
        html.raw("<div class=\"card\"><h2>State</h2><dl id=\"check-status\"><dt>State</dt><dd class=\"state\">").text(status.state())
                .raw("</dd><dt>Last run</dt><dd>").when(status.lastRun()).raw("</dd><dt>Last success</dt><dd>").when(status.lastSuccess())
                .raw("</dd><dt>Next run</dt><dd>").when(status.nextRun()).raw("</dd><dt>Failures in a row</dt><dd>").text(status.consecutiveFailures())
                .raw("</dd><dt>Last change</dt><dd id=\"check-last-change\">").raw(page.lastChange() == null ? "none queued" : "")
                .when(page.lastChange()).raw("</dd><dt>Changes since start</dt><dd>").text(status.changesFound()).raw("</dd>")
                .raw(status.lastError().isEmpty() ? "" : "<dt>Last error</dt><dd class=\"message\">" + Html.escape(status.lastError()) + "</dd>")
                .raw("</dl></div>");
        html.raw("<div class=\"card\"><h2>Jobs</h2><table id=\"check-job-counts\" class=\"counts\"><tbody>");
        for (JobState state : JobState.values()) {
            html.raw("<tr data-state=\"").text(state.name()).raw("\"><th><a href=\"/jobs?state=").text(state.name()).raw("&amp;check=")
                    .text(Html.url(check.name())).raw("\">").text(stateLabel(state)).raw("</a></th><td class=\"num\">")
                    .text(page.jobCounts().getOrDefault(state, 0L)).raw("</td></tr>");
        }
        html.raw("</tbody></table></div></section>");
        html.raw("<section id=\"check-activity\" class=\"sparklines\"><h2>Last 30 days</h2>")
                .raw(sparkline("spark-changes", "Changes", "changes", page.changesPerDay()))
                .raw(sparkline("spark-errors", "Errors", "errors", page.errorsPerDay())).raw("</section>");
        if (admin) {
            html.raw("<div class=\"actions\" id=\"check-actions\">").raw(actions(check.name(), csrf)).raw("</div>");
        }
        html.raw(runningPanel(page.running(), check.name()));
        html.raw("<h2>Latest jobs</h2>").raw(jobTable(page.jobs(), false, "", ""))
                .raw("<p><a href=\"/jobs?check=").text(Html.url(check.name())).raw("\">All jobs of this check</a></p>");
        html.raw("<h2>Latest events</h2>").raw(eventTable("check-events", page.events()))
                .raw("<p><a id=\"check-history\" href=\"/firmware?dao_name=").text(Html.url(check.name())).raw("\">All events of this check</a></p>");
        return html.toString();
    }

    /** A row of daily bars drawn on the server: no script needed, and no text inside the SVG to shrink. */
    private static String sparkline(String id, String title, String cssClass, List<Long> perDay) {
        long total = perDay.stream().mapToLong(Long::longValue).sum();
        long max = perDay.stream().mapToLong(Long::longValue).max().orElse(0);
        Html html = new Html().raw("<figure class=\"sparkline ").raw(cssClass).raw("\" id=\"").raw(id).raw("\" data-total=\"").text(total)
                .raw("\"><figcaption>").text(title).raw(": ").text(total).raw(total == 0 ? "" : ", at most " + max + " a day").raw("</figcaption>");
        if (total == 0) {
            return html.raw("<p class=\"empty\">None in 30 days.</p></figure>").toString();
        }
        int width = 6 * perDay.size();
        html.raw("<svg viewBox=\"0 0 ").text(width).raw(" 32\" width=\"").text(width).raw("\" height=\"32\" role=\"img\" aria-label=\"")
                .text(title + " per day, last 30 days").raw("\">");
        for (int i = 0; i < perDay.size(); i++) {
            long count = perDay.get(i);
            long height = count == 0 ? 1 : Math.max(2, Math.round(30.0 * count / max));
            html.raw("<rect x=\"").text(i * 6).raw("\" y=\"").text(32 - height).raw("\" width=\"5\" height=\"").text(height)
                    .raw("\"").raw(count == 0 ? " class=\"zero\"" : "").raw("><title>").text(count).raw("</title></rect>");
        }
        return html.raw("</svg></figure>").toString();
    }

    private static String duration(long seconds) {
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static String actionForm(String action, String cssClass, String label, String csrf) {
        return actionForm(action, cssClass, label, csrf, "");
    }

    private static String actionForm(String action, String cssClass, String label, String csrf, String back) {
        return "<form class=\"inline " + cssClass + "\" method=\"post\" action=\"" + Html.escape(action) + "\">" + Layout.csrfField(csrf)
                + (back.isEmpty() ? "" : "<input type=\"hidden\" name=\"back\" value=\"" + Html.escape(back) + "\">")
                + "<button type=\"submit\">" + Html.escape(label) + "</button></form>";
    }

    /**
     * @param check the check's name
     * @param kind {@code run}, {@code dryrun} or {@code dryrun-all}
     * @param run what the run did
     * @return the result page's content
     */
    public String run(String check, String kind, CheckRun run) {
        String what = switch (kind) {
            case "dryrun" -> "Dry run of ";
            case "dryrun-all" -> "Dry run over the whole source of ";
            default -> "Run of ";
        };
        long picked = run.decisions().stream().filter(FilterDecision::accepted).count();
        Html html = new Html().raw("<p id=\"run-result\" class=\"notice\" data-outcome=\"").text(run.outcome().name()).raw("\">")
                .text(what + check + ": " + run.outcome().name().toLowerCase(Locale.ROOT) + ". ")
                .text("run".equals(kind) ? "" : picked + " file(s) would be picked. ").text(run.detail()).raw("</p>");
        html.raw("<table id=\"run-decisions\" class=\"list\"><thead><tr><th>File</th><th>Revision</th><th>Picked</th><th>Reason</th></tr></thead><tbody>");
        for (FilterDecision decision : run.decisions()) {
            html.raw("<tr class=\"decision-row\" data-accepted=\"").text(decision.accepted()).raw("\"><td class=\"file\">")
                    .raw(Html.breakable(decision.change().fileName())).raw("</td>")
                    .element("td", decision.change().revision()).element("td", decision.accepted() ? "yes" : "no")
                    .element("td class=\"message\"", decision.reason()).raw("</tr>");
        }
        if (run.decisions().isEmpty()) {
            html.raw("<tr><td colspan=\"4\">The source reported no changes.</td></tr>");
        }
        return html.raw("</tbody></table><p><a id=\"back-to-check\" href=\"/checks/").text(Html.url(check)).raw("\">Back to the check</a> · ")
                .raw("<a href=\"/jobs?check=").text(Html.url(check)).raw("\">its jobs</a></p>").toString();
    }

    /**
     * @param jobs the jobs shown
     * @param counts jobs per state
     * @param selected the state filter, empty for all
     * @param check the check filter, or empty
     * @param admin whether the user may retry jobs
     * @param csrf the session's CSRF token, or empty
     * @param notice what the last action did, or empty
     * @param running what the running jobs are doing
     * @param pageNumber the page shown, from 1, of {@link #JOBS_PER_PAGE} jobs
     * @return the jobs page's content
     */
    public String jobs(List<Job> jobs, Map<JobState, Long> counts, Set<JobState> selected, String check, boolean admin, String csrf,
            String notice, List<JobActivity> running, int pageNumber) {
        Html html = new Html();
        if (!notice.isEmpty()) {
            html.raw("<p id=\"notice\" class=\"notice\" role=\"status\">").text(notice).raw("</p>");
        }
        String checkQuery = check.isEmpty() ? "" : "check=" + Html.url(check);
        html.raw("<nav id=\"job-states\" class=\"tabs\"><a href=\"/jobs").text(checkQuery.isEmpty() ? "" : "?" + checkQuery).raw("\"")
                .raw(selected.isEmpty() ? " class=\"current\"" : "").raw(">all</a>");
        for (JobState state : JobState.values()) {
            html.raw(" <a data-state=\"").text(state.name()).raw("\" href=\"/jobs?state=").text(state.name())
                    .text(checkQuery.isEmpty() ? "" : "&" + checkQuery).raw("\"")
                    .raw(selected.contains(state) ? " class=\"current\"" : "").raw(">").text(stateLabel(state))
                    .raw(" (").text(counts.getOrDefault(state, 0L)).raw(")</a>");
        }
        html.raw("</nav>");
        if (!check.isEmpty()) {
            html.raw("<p>Jobs of the check ").raw(checkLink(check)).raw(" · <a href=\"/jobs\">all checks</a></p>");
        }
        html.raw(runningPanel(running, check));
        StringBuilder back = new StringBuilder("/jobs");
        List<String> query = new ArrayList<>();
        if (!selected.isEmpty()) {
            query.add("state=" + String.join(",", selected.stream().map(JobState::name).toList()));
        }
        if (!checkQuery.isEmpty()) {
            query.add(checkQuery);
        }
        if (!query.isEmpty()) {
            back.append('?').append(String.join("&", query));
        }
        long total = counts.entrySet().stream().filter(count -> selected.isEmpty() || selected.contains(count.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        String list = back.toString();
        return html.raw(jobTable(jobs, admin, csrf, pageNumber > 1 ? list + (query.isEmpty() ? "?" : "&") + "page=" + pageNumber : list))
                .raw(pager(number -> list + (query.isEmpty() ? "?" : "&") + "page=" + number, pageNumber,
                        Math.max(1, (total + JOBS_PER_PAGE - 1) / JOBS_PER_PAGE))).toString();
    }

    private String jobTable(List<Job> jobs, boolean admin, String csrf, String back) {
        Html html = new Html().raw("<table id=\"jobs-table\" class=\"list\"><thead><tr><th>Job</th><th>Check</th><th>File</th><th>State</th><th>Attempts</th>")
                .raw("<th>Targets</th><th>Updated</th><th>Last error</th>").raw(admin ? "<th>Actions</th>" : "").raw("</tr></thead><tbody>");
        for (Job job : jobs) {
            html.raw("<tr class=\"job-row\" data-id=\"").text(job.id()).raw("\" data-state=\"").text(job.state().name()).raw("\">")
                    .raw("<td class=\"num\">").raw(jobLink(job.id())).raw("</td><td>").raw(checkLink(job.check())).raw("</td>")
                    .raw("<td class=\"file\">").raw(Html.breakable(job.change().fileName())).raw("</td>")
                    .element("td", stateLabel(job.state()) + (job.waitingFor().isEmpty() ? "" : " (" + job.waitingFor() + ")"))
                    .element("td class=\"num\"", job.attempts());
            html.element("td", String.join(", ", job.targets().entrySet().stream()
                    .map(target -> target.getKey() + ": " + stateLabel(target.getValue().state())).toList()));
            html.raw("<td>").when(job.updated()).raw("</td>").element("td class=\"message\"", job.lastError());
            if (admin) {
                html.raw("<td class=\"actions\">").raw(job.state() == JobState.FAILED
                        ? actionForm("/jobs/" + job.id() + "/retry", "action-retry", "Retry", csrf, back) : "").raw("</td>");
            }
            html.raw("</tr>");
        }
        if (jobs.isEmpty()) {
            html.raw("<tr><td colspan=\"8\">No jobs.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }
}
