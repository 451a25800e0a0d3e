package io.upgradeclient.web.internal.page;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventPage;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.Secrets;
import io.upgradeclient.api.TargetStatus;
import io.upgradeclient.web.internal.api.Dashboard;
import io.upgradeclient.web.internal.api.Views;
import io.upgradeclient.web.internal.api.WebApi;

/**
 * The content of each page, as plain functions from data to markup (the frame is {@link Layout}'s). Every value
 * from the data goes through {@link Html#escape(Object)}; elements a browser test looks for carry ids or
 * {@code data-*} attributes. Thread-safe.
 */
public final class Pages {
    /** The parameters of the history list, in the order they appear in its URL. */
    public static final List<String> HISTORY_PARAMETERS = List.of("log_level", "log_class", "dao_name", "file_type", "log_message", "from", "until", "rows");

    private final ZoneId zone;

    /**
     * @param zone the zone times are shown in
     */
    public Pages(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * @param data what to show
     * @return the dashboard's content
     */
    public String dashboard(Dashboard data) {
        Html html = new Html();
        html.raw("<section class=\"cards\"><div class=\"card\"><h2>Today</h2>").raw(levelTable("counts-today", data.today()))
                .raw("</div><div class=\"card\"><h2>Last 7 days</h2>").raw(levelTable("counts-week", data.week())).raw("</div>")
                .raw("<div class=\"card\"><h2>Jobs</h2><table id=\"job-counts\" class=\"counts\"><tbody>");
        for (JobState state : JobState.values()) {
            html.raw("<tr data-state=\"").text(state.name()).raw("\"><th><a href=\"/jobs?state=").text(state.name()).raw("\">")
                    .text(state.name().toLowerCase(Locale.ROOT)).raw("</a></th><td class=\"num\">")
                    .text(data.jobs().getOrDefault(state, 0L)).raw("</td></tr>");
        }
        html.raw("</tbody></table></div></section>");
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
        html.raw("<figure id=\"chart-trend\" class=\"chart wide\" data-chart=\"trend\"><figcaption>Error trend</figcaption><div class=\"svg\"></div>")
                .raw("<table class=\"fallback\"><thead><tr><th>From</th><th>Errors</th></tr></thead><tbody>");
        for (Map.Entry<Instant, Long> point : data.trend()) {
            html.raw("<tr><td>").text(Html.time(point.getKey(), zone)).raw("</td><td class=\"num\">").text(point.getValue()).raw("</td></tr>");
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
                    .text(level.column()).raw("</th><td class=\"num\">").text(counts.getOrDefault(level.column(), 0L)).raw("</td></tr>");
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

    private String checkStates(List<CheckStatus> statuses) {
        Html html = new Html().raw("<table id=\"check-states\" class=\"list\"><thead><tr><th>Check</th><th>State</th><th>Last run</th>")
                .raw("<th>Last success</th><th>Next run</th><th>Failures</th><th>Changes</th><th>Last error</th></tr></thead><tbody>");
        for (CheckStatus status : statuses) {
            html.raw("<tr class=\"check-row\" data-check=\"").text(status.check()).raw("\">").element("td", status.check())
                    .element("td class=\"state\"", status.state()).element("td", Html.time(status.lastRun(), zone))
                    .element("td", Html.time(status.lastSuccess(), zone)).element("td", Html.time(status.nextRun(), zone))
                    .element("td class=\"num\"", status.consecutiveFailures()).element("td class=\"num\"", status.changesFound())
                    .element("td class=\"message\"", status.lastError()).raw("</tr>");
        }
        if (statuses.isEmpty()) {
            html.raw("<tr><td colspan=\"8\">No checks configured.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    private String eventTable(String id, List<Event> events) {
        Html html = new Html().raw("<table id=\"").raw(id).raw("\" class=\"list\"><thead><tr><th>Time</th><th>Level</th><th>Check</th>")
                .raw("<th>Component</th><th>File</th><th>Message</th></tr></thead><tbody>");
        for (Event event : events) {
            html.raw("<tr class=\"event-row level-").raw(event.level().column()).raw("\" data-id=\"").text(event.id()).raw("\">")
                    .raw("<td><a class=\"event-link\" href=\"/firmware/").text(event.id()).raw("\">").text(Html.time(event.createdTime(), zone)).raw("</a></td>")
                    .element("td", event.level().column()).element("td", event.check()).element("td", event.component())
                    .element("td class=\"file\"", event.fileName()).element("td class=\"message\"", event.message()).raw("</tr>");
        }
        if (events.isEmpty()) {
            html.raw("<tr><td colspan=\"6\">No events.</td></tr>");
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
                .raw("<label>Rows <input id=\"filter-rows\" name=\"rows\" type=\"number\" min=\"1\" max=\"1000\" value=\"").text(rows).raw("\"></label>")
                .raw("<button id=\"filter-apply\" type=\"submit\">Filter</button> <a id=\"filter-reset\" href=\"/firmware\">Reset</a></form>");
        long pages = Math.max(1, (page.total() + rows - 1) / rows);
        html.raw("<p id=\"history-total\" data-total=\"").text(page.total()).raw("\">").text(page.total()).raw(" events, page ")
                .text(pageNumber).raw(" of ").text(pages).raw("</p>");
        html.raw(eventTable("history-table", page.events()));
        html.raw("<nav id=\"pager\" class=\"pager\">");
        if (pageNumber > 1) {
            html.raw("<a id=\"page-prev\" href=\"").text(historyUrl(params, pageNumber - 1)).raw("\">&larr; Newer</a> ");
        }
        if (pageNumber < pages) {
            html.raw("<a id=\"page-next\" href=\"").text(historyUrl(params, pageNumber + 1)).raw("\">Older &rarr;</a>");
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

    /**
     * @param event the event
     * @param job the job it belongs to, if any
     * @return the detail page's content
     */
    public String event(Event event, Optional<Job> job) {
        Html html = new Html().raw("<table id=\"event-detail\" class=\"detail\"><tbody>");
        Map<String, Object> row = Views.seedRow(event, zone);
        row.forEach((field, value) -> html.raw("<tr data-field=\"").text(field).raw("\"><th>").text(field).raw("</th><td>")
                .text(value == null ? "" : value).raw("</td></tr>"));
        html.raw("</tbody></table>");
        if (event.jobId() != 0) {
            html.raw("<h2>Job ").text(event.jobId()).raw("</h2>");
            html.raw(job.map(this::job).orElse("<p id=\"event-job-missing\">The job is no longer stored.</p>"));
            html.raw("<p><a id=\"job-events\" href=\"/api/v1/events?job=").text(event.jobId()).raw("\">All events of this job (JSON)</a></p>");
        }
        return html.toString();
    }

    private String job(Job job) {
        Html html = new Html().raw("<table id=\"event-job\" class=\"detail\"><tbody>")
                .raw("<tr><th>State</th><td id=\"job-state\">").text(job.state().name()).raw("</td></tr>")
                .raw("<tr><th>Check</th><td>").text(job.check()).raw("</td></tr>")
                .raw("<tr><th>File</th><td>").text(job.change().fileName()).raw("</td></tr>")
                .raw("<tr><th>URL</th><td>").text(Views.withoutUserInfo(job.change().url())).raw("</td></tr>")
                .raw("<tr><th>Revision</th><td>").text(job.change().revision()).raw("</td></tr>")
                .raw("<tr><th>Attempts</th><td>").text(job.attempts()).raw("</td></tr>")
                .raw("<tr><th>SHA-256</th><td id=\"job-sha256\" class=\"hash\">").text(job.sha256()).raw("</td></tr>")
                .raw("<tr><th>Last error</th><td class=\"message\">").text(job.lastError()).raw("</td></tr>")
                .raw("<tr><th>Waiting for</th><td>").text(job.waitingFor()).raw("</td></tr>")
                .raw("<tr><th>Queued</th><td>").text(Html.time(job.created(), zone)).raw("</td></tr>")
                .raw("<tr><th>Updated</th><td>").text(Html.time(job.updated(), zone)).raw("</td></tr></tbody></table>");
        html.raw("<table id=\"job-targets\" class=\"list\"><thead><tr><th>Target</th><th>State</th><th>Attempts</th><th>Bytes</th>")
                .raw("<th>Next attempt</th><th>Last error</th></tr></thead><tbody>");
        job.targets().forEach((name, status) -> html.raw("<tr class=\"target-row\" data-target=\"").text(name).raw("\">")
                .element("td", name).element("td", status.state().name()).element("td class=\"num\"", status.attempts())
                .element("td class=\"num\"", status.bytes()).element("td", Html.time(status.nextAttempt(), zone))
                .element("td class=\"message\"", status.lastError()).raw("</tr>"));
        return html.raw("</tbody></table>").toString();
    }

    /**
     * @param plugins every registered plugin
     * @return the components page's content
     */
    public String components(List<PluginInfo> plugins) {
        Html html = new Html().raw("<table id=\"components-table\" class=\"list\"><thead><tr><th>Kind</th><th>Type</th><th>Bundle</th>")
                .raw("<th>Version</th><th>State</th><th>Component</th><th>Properties</th></tr></thead><tbody>");
        for (PluginInfo plugin : plugins) {
            String kind = plugin.kind().name().toLowerCase(Locale.ROOT);
            html.raw("<tr class=\"plugin-row\" data-kind=\"").text(kind).raw("\" data-type=\"").text(plugin.type()).raw("\">")
                    .element("td", kind).element("td", plugin.type()).element("td", plugin.bundleSymbolicName())
                    .element("td", plugin.bundleVersion()).element("td", plugin.bundleState().name()).element("td", plugin.componentName())
                    .raw("<td class=\"props\">").raw(properties(plugin.properties())).raw("</td></tr>");
        }
        if (plugins.isEmpty()) {
            html.raw("<tr><td colspan=\"7\">No plugins registered.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    private static String properties(Map<String, ?> properties) {
        Html html = new Html().raw("<dl>");
        Secrets.masked(new TreeMap<>(properties)).forEach((key, value) -> html.element("dt", key)
                .element("dd", value instanceof Object[] array ? String.join(", ", Arrays.stream(array).map(String::valueOf).toList()) : value));
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
            html.raw("<tr class=\"check-row\" data-check=\"").text(check.name()).raw("\">").element("td", check.name())
                    .raw("<td>").text(check.sourceType()).raw(" ").text(view.get("base_url")).raw("</td>")
                    .element("td", duration(check.interval().toSeconds()))
                    .element("td", String.join(", ", check.filters()))
                    .element("td", packager)
                    .element("td", String.join(", ", check.uploads().stream().map(t -> t.name() + " (" + t.type() + ")").toList()))
                    .element("td", check.alertCron());
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("auth_user", view.get("auth_user"));
            settings.put("auth_pass", view.get("auth_pass"));
            settings.put("proxy_host", view.get("proxy_host"));
            settings.put("revision_seconds", view.get("revision_seconds"));
            settings.put("target_cache", view.get("target_cache"));
            @SuppressWarnings("unchecked")
            Map<String, Object> options = (Map<String, Object>) view.get("options");
            settings.putAll(options);
            html.raw("<td class=\"props\">").raw(properties(settings)).raw("</td>");
            if (admin) {
                html.raw("<td class=\"actions\">").raw(actionForm("/checks/" + Html.url(check.name()) + "/run", "action-run", "Run now", csrf))
                        .raw(actionForm("/checks/" + Html.url(check.name()) + "/dryrun", "action-dryrun", "Dry run", csrf)).raw("</td>");
            }
            html.raw("</tr>");
        }
        if (checks.isEmpty()) {
            html.raw("<tr><td colspan=\"8\">No checks configured.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }

    private static String duration(long seconds) {
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static String actionForm(String action, String cssClass, String label, String csrf) {
        return "<form class=\"inline " + cssClass + "\" method=\"post\" action=\"" + Html.escape(action) + "\">" + Layout.csrfField(csrf)
                + "<button type=\"submit\">" + Html.escape(label) + "</button></form>";
    }

    /**
     * @param check the check's name
     * @param dryRun whether it was a dry run
     * @param run what the run did
     * @return the result page's content
     */
    public String run(String check, boolean dryRun, CheckRun run) {
        Html html = new Html().raw("<p id=\"run-result\" data-outcome=\"").text(run.outcome().name()).raw("\">")
                .text((dryRun ? "Dry run of " : "Run of ") + check + ": " + run.outcome().name().toLowerCase(Locale.ROOT)
                        + ", " + run.queued() + " job(s) queued. " + run.detail()).raw("</p>");
        html.raw("<table id=\"run-decisions\" class=\"list\"><thead><tr><th>File</th><th>Revision</th><th>Picked</th><th>Reason</th></tr></thead><tbody>");
        for (FilterDecision decision : run.decisions()) {
            html.raw("<tr class=\"decision-row\" data-accepted=\"").text(decision.accepted()).raw("\">").element("td class=\"file\"", decision.change().fileName())
                    .element("td", decision.change().revision()).element("td", decision.accepted() ? "yes" : "no")
                    .element("td class=\"message\"", decision.reason()).raw("</tr>");
        }
        if (run.decisions().isEmpty()) {
            html.raw("<tr><td colspan=\"4\">No changes.</td></tr>");
        }
        return html.raw("</tbody></table><p><a href=\"/checks\">Back to the checks</a></p>").toString();
    }

    /**
     * @param jobs the jobs shown
     * @param counts jobs per state
     * @param selected the state filter, empty for all
     * @param admin whether the user may retry jobs
     * @param csrf the session's CSRF token, or empty
     * @return the jobs page's content
     */
    public String jobs(List<Job> jobs, Map<JobState, Long> counts, Set<JobState> selected, boolean admin, String csrf) {
        Html html = new Html().raw("<nav id=\"job-states\" class=\"tabs\"><a href=\"/jobs\"").raw(selected.isEmpty() ? " class=\"current\"" : "").raw(">all</a>");
        for (JobState state : JobState.values()) {
            html.raw(" <a data-state=\"").text(state.name()).raw("\" href=\"/jobs?state=").text(state.name()).raw("\"")
                    .raw(selected.contains(state) ? " class=\"current\"" : "").raw(">").text(state.name().toLowerCase(Locale.ROOT))
                    .raw(" (").text(counts.getOrDefault(state, 0L)).raw(")</a>");
        }
        html.raw("</nav><table id=\"jobs-table\" class=\"list\"><thead><tr><th>Id</th><th>Check</th><th>File</th><th>State</th><th>Attempts</th>")
                .raw("<th>Targets</th><th>Updated</th><th>Last error</th>").raw(admin ? "<th>Actions</th>" : "").raw("</tr></thead><tbody>");
        for (Job job : jobs) {
            html.raw("<tr class=\"job-row\" data-id=\"").text(job.id()).raw("\" data-state=\"").text(job.state().name()).raw("\">")
                    .element("td", job.id()).element("td", job.check()).element("td class=\"file\"", job.change().fileName())
                    .element("td", job.state().name() + (job.waitingFor().isEmpty() ? "" : " (" + job.waitingFor() + ")"))
                    .element("td class=\"num\"", job.attempts());
            html.raw("<td>");
            for (Map.Entry<String, TargetStatus> target : job.targets().entrySet()) {
                html.raw("<span class=\"target\">").text(target.getKey() + ": " + target.getValue().state().name().toLowerCase(Locale.ROOT)).raw("</span> ");
            }
            html.raw("</td>").element("td", Html.time(job.updated(), zone)).element("td class=\"message\"", job.lastError());
            if (admin) {
                html.raw("<td class=\"actions\">").raw(job.state() == JobState.FAILED
                        ? actionForm("/jobs/" + job.id() + "/retry", "action-retry", "Retry", csrf) : "").raw("</td>");
            }
            html.raw("</tr>");
        }
        if (jobs.isEmpty()) {
            html.raw("<tr><td colspan=\"8\">No jobs.</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }
}
