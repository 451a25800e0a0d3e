package io.upgradeclient.web.internal.page;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventPage;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.InstanceInfo;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.web.internal.api.BadParameter;
import io.upgradeclient.web.internal.api.Params;
import io.upgradeclient.web.internal.api.WebApi;
import io.upgradeclient.web.internal.security.LogText;
import io.upgradeclient.web.internal.security.Csrf;
import io.upgradeclient.web.internal.security.User;
import io.upgradeclient.web.internal.security.WebSecurity;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The pages: {@code /} dashboard, {@code /firmware} history, {@code /firmware/<id>} detail, {@code /components},
 * {@code /checks}, {@code /jobs}, and the admin forms {@code POST /checks/<name>/run|dryrun} and
 * {@code POST /jobs/<id>/retry}. Registered as the default servlet, so any other path gets the 404 page. The
 * security filter has signed the user in.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-pages")
@HttpWhiteboardServletPattern("/")
public final class PagesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PagesServlet.class);

    private final transient History history;
    private final transient JobQueue jobs;
    private final transient CheckCatalog checks;
    private final transient ComponentRegistry registry;
    private final transient WebSecurity security;
    private final transient WebApi api;
    private final transient Pages pages;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile InstanceInfo instance;

    /**
     * @param history the event history
     * @param jobs the job queue
     * @param checks the configured checks
     * @param registry the plugin registry
     * @param security the web settings (dashboard refresh)
     */
    @Activate
    public PagesServlet(@Reference History history, @Reference JobQueue jobs, @Reference CheckCatalog checks,
            @Reference ComponentRegistry registry, @Reference WebSecurity security) {
        this(history, jobs, checks, registry, security, Clock.systemDefaultZone());
    }

    /**
     * @param history the event history
     * @param jobs the job queue
     * @param checks the configured checks
     * @param registry the plugin registry
     * @param security the web settings (dashboard refresh)
     * @param clock the time source of "today" and the chart ranges; its zone is the one times are shown in
     */
    public PagesServlet(History history, JobQueue jobs, CheckCatalog checks, ComponentRegistry registry, WebSecurity security, Clock clock) {
        this.history = history;
        this.jobs = jobs;
        this.checks = checks;
        this.registry = registry;
        this.security = security;
        this.api = new WebApi(history, jobs, checks, clock, clock.getZone());
        this.pages = new Pages(clock.getZone());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        Params params = Params.of(request.getParameterMap());
        try {
            switch (path) {
                case "/" -> page(request, response, "Dashboard", " data-page=\"dashboard\" data-refresh=\"" + security.refreshSeconds() + "\"",
                        pages.dashboard(api.dashboard(params)));
                case "/firmware" -> history(request, response, params);
                case "/components" -> page(request, response, "Components", " data-page=\"components\"", pages.components(registry.plugins()));
                case "/checks" -> page(request, response, "Checks", " data-page=\"checks\"",
                        pages.checks(checks, user(request).isAdmin(), csrf(request)));
                case "/jobs" -> {
                    Set<JobState> states = params.states("state");
                    page(request, response, "Jobs", " data-page=\"jobs\"", pages.jobs(jobs.list(states, params.text("check"), 0, 200),
                            jobs.countByState(params.text("check")), states, user(request).isAdmin(), csrf(request)));
                }
                default -> {
                    if (path.startsWith("/firmware/")) {
                        event(request, response, path.substring("/firmware/".length()));
                    } else {
                        HtmlResponse.error(response, HttpServletResponse.SC_NOT_FOUND, "There is no page " + path + ".");
                    }
                }
            }
        } catch (BadParameter bad) {
            HtmlResponse.error(response, HttpServletResponse.SC_BAD_REQUEST, bad.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        User user = user(request);
        if (!user.isAdmin()) {
            HtmlResponse.error(response, HttpServletResponse.SC_FORBIDDEN, "This action needs the admin role.");
            return;
        }
        String[] parts = path(request).split("/");
        if (parts.length == 4 && "checks".equals(parts[1]) && ("run".equals(parts[3]) || "dryrun".equals(parts[3]))) {
            boolean dryRun = "dryrun".equals(parts[3]);
            LOG.info("Web action by '{}': {} of check '{}'", LogText.of(user.name()), dryRun ? "dry run" : "run", LogText.of(parts[2]));
            Optional<CheckRun> run = api.run(parts[2], dryRun);
            if (run.isEmpty()) {
                HtmlResponse.error(response, HttpServletResponse.SC_NOT_FOUND, "There is no check " + parts[2] + ".");
            } else {
                page(request, response, dryRun ? "Dry run" : "Run", " data-page=\"run\"", pages.run(parts[2], dryRun, run.get()));
            }
            return;
        }
        if (parts.length == 4 && "jobs".equals(parts[1]) && "retry".equals(parts[3]) && parts[2].matches("\\d{1,18}")) {
            LOG.info("Web action by '{}': retry of job {}", LogText.of(user.name()), LogText.of(parts[2]));
            if (!api.retry(Long.parseLong(parts[2]))) {
                HtmlResponse.error(response, HttpServletResponse.SC_CONFLICT, "Job " + parts[2] + " does not exist or has not failed.");
                return;
            }
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", "/jobs");
            return;
        }
        HtmlResponse.error(response, HttpServletResponse.SC_NOT_FOUND, "There is no action " + path(request) + ".");
    }

    private void history(HttpServletRequest request, HttpServletResponse response, Params params) throws IOException {
        EventPage page = api.historyPage(params);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : Pages.HISTORY_PARAMETERS) {
            values.put(name, params.text(name));
        }
        Map<String, Set<String>> choices = Map.of(
                "log_class", history.countBy(EventQuery.all(), EventField.COMPONENT).keySet(),
                "dao_name", history.countBy(EventQuery.all(), EventField.CHECK).keySet(),
                "file_type", history.countBy(EventQuery.all(), EventField.FILE_TYPE).keySet());
        int rows = params.integer("rows", 20, 1, EventQuery.MAX_LIMIT);
        page(request, response, "History", " data-page=\"history\"",
                pages.history(values, params.integer("page", 1, 1, Integer.MAX_VALUE), rows, page, choices));
    }

    private void event(HttpServletRequest request, HttpServletResponse response, String idText) throws IOException {
        Optional<Event> event = idText.matches("\\d{1,18}") ? history.find(Long.parseLong(idText)) : Optional.empty();
        if (event.isEmpty()) {
            HtmlResponse.error(response, HttpServletResponse.SC_NOT_FOUND, "There is no event " + idText + ".");
            return;
        }
        Event found = event.get();
        page(request, response, "Event " + found.id(), " data-page=\"event\"",
                pages.event(found, found.jobId() == 0 ? Optional.empty() : jobs.find(found.jobId())));
    }

    private void page(HttpServletRequest request, HttpServletResponse response, String title, String bodyAttributes, String content) throws IOException {
        InstanceInfo current = instance;
        HtmlResponse.write(response, HttpServletResponse.SC_OK,
                Layout.page(title, current == null ? "upgradeclient" : current.name(), user(request), csrf(request), bodyAttributes, content));
    }

    private static User user(HttpServletRequest request) {
        return (User) request.getAttribute(User.ATTRIBUTE);
    }

    private static String csrf(HttpServletRequest request) {
        return request.getSession(false) == null ? "" : Csrf.token(request.getSession(false));
    }

    private static String path(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.isEmpty() ? "/" : path;
    }
}
