package io.upgradeclient.web.internal.page;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventPage;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.InstanceInfo;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobProgress;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.web.internal.api.BadParameter;
import io.upgradeclient.web.internal.api.Components;
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
 * {@code /checks}, {@code /checks/<name>}, {@code /jobs}, {@code /jobs/<id>}, and the admin forms
 * {@code POST /checks/<name>/run|dryrun|dryrun-all} and {@code POST /jobs/<id>/retry}. Registered as the default servlet, so any other path gets the 404 page. The
 * security filter has signed the user in.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-pages")
@HttpWhiteboardServletPattern("/")
public final class PagesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PagesServlet.class);
    /** How far back the check page's sparklines reach, in days. */
    private static final int SPARKLINE_DAYS = 30;
    /** How many of its latest jobs and events the check and job pages list. */
    private static final int LATEST = 10;

    private final transient History history;
    private final transient JobQueue jobs;
    private final transient CheckCatalog checks;
    private final transient ComponentRegistry registry;
    private final transient WebSecurity security;
    private final transient Cluster cluster;
    private final transient WebApi api;
    private final transient Pages pages = new Pages();
    private final transient Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile InstanceInfo instance;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile JobProgress progress;

    /**
     * @param history the event history
     * @param jobs the job queue
     * @param checks the configured checks
     * @param registry the plugin registry
     * @param security the web settings (dashboard refresh)
     * @param cluster the nodes sharing the store
     */
    @Activate
    public PagesServlet(@Reference History history, @Reference JobQueue jobs, @Reference CheckCatalog checks,
            @Reference ComponentRegistry registry, @Reference WebSecurity security, @Reference Cluster cluster) {
        this(history, jobs, checks, registry, security, cluster, Clock.systemDefaultZone());
    }

    /**
     * @param history the event history
     * @param jobs the job queue
     * @param checks the configured checks
     * @param registry the plugin registry
     * @param security the web settings (dashboard refresh)
     * @param cluster the nodes sharing the store
     * @param clock the time source of "today" and the chart ranges; its zone is the one times are shown in
     */
    public PagesServlet(History history, JobQueue jobs, CheckCatalog checks, ComponentRegistry registry, WebSecurity security,
            Cluster cluster, Clock clock) {
        this.history = history;
        this.jobs = jobs;
        this.checks = checks;
        this.registry = registry;
        this.security = security;
        this.cluster = cluster;
        this.clock = clock;
        this.api = new WebApi(history, jobs, checks, clock, clock.getZone(), () -> progress);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        Params params = Params.of(request.getParameterMap());
        try {
            switch (path) {
                case "/" -> page(request, response, "Dashboard", " data-page=\"dashboard\" data-refresh=\"" + security.refreshSeconds() + "\"",
                        pages.dashboard(api.dashboard(params), api.running()));
                case "/firmware" -> history(request, response, params);
                case "/components" -> page(request, response, "Components", " data-page=\"components\"",
                        pages.components(Components.of(registry, checks, jobs)));
                case "/checks" -> page(request, response, "Checks", " data-page=\"checks\"",
                        pages.checks(checks, user(request).isAdmin(), csrf(request)));
                case "/jobs" -> {
                    Set<JobState> states = params.states("state");
                    String check = params.text("check");
                    int number = params.integer("page", 1, 1, Integer.MAX_VALUE / Pages.JOBS_PER_PAGE);
                    page(request, response, "Jobs", " data-page=\"jobs\"", pages.jobs(jobs.list(states, check, (number - 1) * Pages.JOBS_PER_PAGE,
                            Pages.JOBS_PER_PAGE), jobs.countByState(check), states, check, user(request).isAdmin(), csrf(request), notice(params),
                            api.running(), number));
                }
                case "/nodes" -> page(request, response, "Nodes", " data-page=\"nodes\"", pages.nodes(cluster.node(), cluster.nodes(clock.instant())));
                case "/favicon.ico" -> {
                    response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
                    response.setHeader("Location", "/static/favicon.svg");
                }
                default -> {
                    if (path.startsWith("/firmware/")) {
                        event(request, response, path.substring("/firmware/".length()));
                    } else if (path.startsWith("/checks/") && path.indexOf('/', "/checks/".length()) < 0) {
                        check(request, response, path.substring("/checks/".length()));
                    } else if (path.startsWith("/jobs/") && path.substring("/jobs/".length()).matches("\\d{1,18}")) {
                        job(request, response, Long.parseLong(path.substring("/jobs/".length())));
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
        if (parts.length == 4 && "checks".equals(parts[1]) && Set.of("run", "dryrun", "dryrun-all").contains(parts[3])) {
            String kind = parts[3];
            LOG.info("Web action by '{}': {} of check '{}'", LogText.of(user.name()), kind, LogText.of(parts[2]));
            Optional<CheckRun> run = "dryrun-all".equals(kind) ? api.dryRunFromStart(parts[2]) : api.run(parts[2], "dryrun".equals(kind));
            if (run.isEmpty()) {
                HtmlResponse.error(response, HttpServletResponse.SC_NOT_FOUND, "There is no check " + parts[2] + ".");
            } else {
                page(request, response, "run".equals(kind) ? "Run" : "Dry run", " data-page=\"run\"", pages.run(parts[2], kind, run.get()));
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
            String back = backTo(request.getParameter("back"));
            response.setHeader("Location", back + (back.contains("?") ? "&" : "?") + "notice=retried&job=" + parts[2]);
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

    /** Where a form sends the user back to: a jobs list of this site only, else the plain list. */
    private static String backTo(String back) {
        return back != null && back.matches("/jobs(\\?[A-Za-z0-9_=,&%.-]*)?") ? back : "/jobs";
    }

    /** The message after an action, from the fixed set of actions (never text from the request). */
    private static String notice(Params params) {
        return "retried".equals(params.text("notice")) ? "Job " + params.id("job", 0) + " is queued again." : "";
    }

    private void check(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        Optional<CheckDefinition> check = checks.checks().stream().filter(c -> c.name().equals(name)).findFirst();
        if (check.isEmpty()) {
            HtmlResponse.error(response, HttpServletResponse.SC_NOT_FOUND, "There is no check " + name + ".");
            return;
        }
        CheckStatus status = checks.statuses().stream().filter(s -> s.check().equals(name)).findFirst().orElse(null);
        LocalDate today = clock.instant().atZone(clock.getZone()).toLocalDate();
        LocalDate first = today.minusDays(SPARKLINE_DAYS - 1);
        Instant since = first.atStartOfDay(clock.getZone()).toInstant();
        List<Job> recent = jobs.list(Set.of(), name, 0, EventQuery.MAX_LIMIT);
        List<Long> changes = perDay(first, recent.stream().map(Job::created).filter(created -> !created.isBefore(since)).map(created -> Map.entry(created, 1L)).toList());
        List<Long> errors = perDay(first, history.trend(EventQuery.all().withCheck(name).withLevels(Set.of(EventLevel.ERROR)).between(since, null),
                Duration.ofHours(1)));
        Instant lastChange = recent.stream().map(Job::created).max(Instant::compareTo).orElse(null);
        Pages.CheckPage page = new Pages.CheckPage(check.get(), status, lastChange, checks.packager(name).orElse(""), jobs.countByState(name), changes, errors,
                recent.subList(0, Math.min(LATEST, recent.size())), history.search(EventQuery.all().withCheck(name).page(0, LATEST)).events(),
                api.running());
        page(request, response, "Check " + name, " data-page=\"check\"", pages.check(page, user(request).isAdmin(), csrf(request)));
    }

    /** Adds counts up per local day, from {@code first} to today: hourly buckets land on the right local day. */
    private List<Long> perDay(LocalDate first, List<Map.Entry<Instant, Long>> counts) {
        List<Long> days = new ArrayList<>();
        for (int i = 0; i < SPARKLINE_DAYS; i++) {
            days.add(0L);
        }
        for (Map.Entry<Instant, Long> count : counts) {
            long day = first.until(count.getKey().atZone(clock.getZone()).toLocalDate()).getDays();
            if (day >= 0 && day < SPARKLINE_DAYS) {
                days.set((int) day, days.get((int) day) + count.getValue());
            }
        }
        return days;
    }

    private void job(HttpServletRequest request, HttpServletResponse response, long id) throws IOException {
        Optional<Job> job = jobs.find(id);
        if (job.isEmpty()) {
            HtmlResponse.error(response, HttpServletResponse.SC_NOT_FOUND, "There is no job " + id + ".");
            return;
        }
        page(request, response, "Job " + id, " data-page=\"job\"", pages.jobPage(job.get(), api.activity(id).orElse(null),
                history.search(EventQuery.all().withJob(id).page(0, LATEST * 2)).events()));
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
