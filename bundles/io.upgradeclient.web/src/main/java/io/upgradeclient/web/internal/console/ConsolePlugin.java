package io.upgradeclient.web.internal.console;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.web.internal.api.Components;
import io.upgradeclient.web.internal.page.Html;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Upgrade Client" tab of the Felix Web Console ({@code /system/console/upgradeclient}): the same summary as the
 * web UI (checks, their filters, packager and targets, plugins, waiting jobs) in the console's own look — its status line, header bars and
 * {@code nicetable} tables, so it sits among the console's pages without a stylesheet of its own. A plain servlet
 * service with the console's plugin properties; the console frames its output and guards it with its own login.
 * Read only: actions are on the upgradeclient pages, which carry their own CSRF protection.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=upgradeclient",
    "felix.webconsole.title=Upgrade Client",
    "felix.webconsole.category=upgradeclient"
})
public final class ConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient CheckCatalog checks;
    private final transient ComponentRegistry registry;
    private final transient JobQueue jobs;

    /**
     * @param checks the configured checks
     * @param registry the plugin registry
     * @param jobs the job queue, for the waiting jobs
     */
    @Activate
    public ConsolePlugin(@Reference CheckCatalog checks, @Reference ComponentRegistry registry, @Reference JobQueue jobs) {
        this.checks = checks;
        this.registry = registry;
        this.jobs = jobs;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        try (Writer out = response.getWriter()) {
            out.write(content());
        }
    }

    /**
     * @return the tab's markup: a status line, the checks, their pipelines, the plugins and what is missing
     */
    String content() {
        Components components = Components.of(registry, checks, jobs);
        Map<String, CheckStatus> statuses = checks.statuses().stream().collect(Collectors.toMap(CheckStatus::check, status -> status));
        List<CheckDefinition> definitions = checks.checks();
        long waiting = components.plugins().stream().mapToLong(plugin -> plugin.waitingJobs().size()).sum()
                + components.missing().stream().mapToLong(missing -> missing.waitingJobs().size()).sum();
        Html html = new Html().raw("<div id=\"upgradeclient-console\"><p class=\"statline ui-state-highlight\">").text(definitions.size())
                .raw(" checks, ").text(components.plugins().size()).raw(" plugins, ").text(components.missing().size()).raw(" missing, ")
                .text(waiting).raw(" jobs waiting for a plugin · <a href=\"/\">open the upgradeclient web UI</a></p>");
        // Four columns each, names breakable at their separators: the console's own frame is as narrow as a phone.
        html.raw("<div class=\"ui-widget-header ui-corner-top buttonGroup\"><span>Checks</span></div>")
                .raw("<table class=\"nicetable\" id=\"console-checks\"><thead><tr><th>Check</th><th>State</th><th>Last run / next run</th>")
                .raw("<th>Failures / changes</th></tr></thead><tbody>");
        for (CheckDefinition check : definitions) {
            CheckStatus status = statuses.getOrDefault(check.name(), CheckStatus.fresh(check.name()));
            html.raw("<tr><td><a href=\"/checks/").text(Html.url(check.name())).raw("\">").raw(Html.breakable(check.name())).raw("</a> (")
                    .text(check.sourceType()).raw(")</td><td>").raw(Html.breakable(status.state())).raw("</td><td>").when(status.lastRun())
                    .raw("<br>").when(status.nextRun()).raw("</td><td>").text(status.consecutiveFailures()).raw(" / ").text(status.changesFound())
                    .raw("</td></tr>");
        }
        if (definitions.isEmpty()) {
            html.raw("<tr><td colspan=\"4\">No checks configured.</td></tr>");
        }
        html.raw("</tbody></table><div class=\"ui-widget-header ui-corner-bottom buttonGroup\">&nbsp;</div>");
        // What each check's files go through, in a table of its own so that neither table outgrows the frame.
        html.raw("<div class=\"ui-widget-header ui-corner-top buttonGroup\"><span>Pipelines</span></div>")
                .raw("<table class=\"nicetable\" id=\"console-pipelines\"><thead><tr><th>Check</th><th>Filters</th><th>Packager</th>")
                .raw("<th>Targets</th></tr></thead><tbody>");
        for (CheckDefinition check : definitions) {
            html.raw("<tr><td>").raw(Html.breakable(check.name())).raw("</td>").element("td", String.join(", ", check.filters()))
                    .element("td", checks.packager(check.name()).orElse(""))
                    .element("td", String.join(", ", check.uploads().stream().map(target -> target.name() + " (" + target.type() + ")").toList()))
                    .raw("</tr>");
        }
        if (definitions.isEmpty()) {
            html.raw("<tr><td colspan=\"4\">No checks configured.</td></tr>");
        }
        html.raw("</tbody></table><div class=\"ui-widget-header ui-corner-bottom buttonGroup\">&nbsp;</div>");
        html.raw("<div class=\"ui-widget-header ui-corner-top buttonGroup\"><span>Plugins</span></div>")
                .raw("<table class=\"nicetable\" id=\"console-plugins\"><thead><tr><th>Plugin</th><th>Bundle</th><th>Used by</th>")
                .raw("<th>Jobs waiting</th></tr></thead><tbody>");
        for (Components.Plugin plugin : components.plugins()) {
            PluginInfo info = plugin.info();
            html.raw("<tr><td>").text(info.kind().name().toLowerCase(Locale.ROOT)).raw(" <b>").text(info.type()).raw("</b></td><td>")
                    .raw(Html.breakable(info.bundleSymbolicName())).raw(" ").text(info.bundleVersion()).raw(" ")
                    .text(info.bundleState().name().toLowerCase(Locale.ROOT)).raw("</td>").element("td", String.join(", ", plugin.usedBy()))
                    .element("td", plugin.waitingJobs().size()).raw("</tr>");
        }
        for (Components.Missing missing : components.missing()) {
            html.raw("<tr><td>").text(missing.kind().name().toLowerCase(Locale.ROOT)).raw(" <b>").text(missing.type()).raw("</b></td>")
                    .raw("<td class=\"ui-state-error\">missing: no bundle provides it</td>")
                    .element("td", String.join(", ", missing.usedBy())).element("td", missing.waitingJobs().size()).raw("</tr>");
        }
        return html.raw("</tbody></table><div class=\"ui-widget-header ui-corner-bottom buttonGroup\">&nbsp;</div></div>").toString();
    }
}
