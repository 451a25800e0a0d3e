package io.upgradeclient.web.internal.page;

import static io.upgradeclient.web.internal.api.Fixture.EVIL;
import static io.upgradeclient.web.internal.api.Fixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.BundleState;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.DepartedPlugin;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.TargetStatus;
import io.upgradeclient.api.JobState;
import io.upgradeclient.store.internal.SqlCluster;
import io.upgradeclient.web.internal.api.Fixture;
import io.upgradeclient.web.internal.console.ConsolePluginAccess;
import io.upgradeclient.web.internal.security.Http;
import io.upgradeclient.web.internal.security.Role;
import io.upgradeclient.web.internal.security.User;
import io.upgradeclient.web.internal.security.WebSecurityAccess;
import jakarta.servlet.http.HttpSession;

class PagesServletTest {
    private static final User ADMIN = new User("ann", Role.ADMIN);
    private static final User VIEWER = new User("vic", Role.VIEWER);
    private static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;.bin";

    @TempDir
    Path folder;

    private Fixture fixture;
    private PagesServlet servlet;
    private SqlCluster cluster;
    private Job job;
    private long eventId;

    private final List<PluginInfo> plugins = List.of(new PluginInfo(PluginKind.UPLOADER, "manifest", "io.upgradeclient.example.manifest",
            "1.0.0", BundleState.ACTIVE, "io.upgradeclient.example.manifest", 42, Map.of("note", EVIL, "api_token", "tok-123")));

    @BeforeEach
    void evilData() throws Exception {
        fixture = new Fixture(folder);
        cluster = new SqlCluster(fixture.database);
        servlet = new PagesServlet(fixture.history, fixture.jobs, fixture.checks, () -> plugins, WebSecurityAccess.defaults(),
                cluster, Clock.fixed(NOW, ZoneOffset.UTC));
        job = fixture.jobs.enqueue("xm_dvr", Fixture.change(EVIL, "dvr", "r7"), List.of("default"), NOW).orElseThrow();
        job = job.withSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .withTarget("default", new TargetStatus(JobState.FAILED, 3, null, "rsync: " + EVIL, 0)).failed("upload failed: " + EVIL, NOW);
        fixture.jobs.update(job);
        fixture.record(Event.builder(EventLevel.ERROR, "upload", "rsync").check("xm_dvr").change(Fixture.change(EVIL, "dvr", "r7"))
                .message("cannot publish " + EVIL).jobId(job.id()).createdTime(NOW.minusSeconds(30)).build());
        eventId = fixture.history.search(EventQuery.all()).events().get(0).id();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private Http.Response get(String path, User user) throws Exception {
        Http.Request request = new Http.Request("GET", path).user(user).session(Http.signedIn(user));
        int query = path.indexOf('?');
        if (query >= 0) {
            for (String pair : path.substring(query + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                request.param(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        Http.Response response = new Http.Response();
        servlet.doGet(request.get(), response.response);
        return response;
    }

    @Test
    void theEvilFileNameShowsAsTextOnEveryPage() throws Exception {
        for (String path : List.of("/", "/firmware", "/firmware/" + eventId, "/jobs", "/components")) {
            Http.Response response = get(path, ADMIN);
            assertThat(response.status).as(path).isEqualTo(200);
            assertThat(response.body().replace("<wbr>", "")).as(path).contains(ESCAPED).doesNotContain(EVIL);
        }
        HttpSession session = Http.signedIn(ADMIN);
        Http.Response run = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/checks/xm_dvr/dryrun").user(ADMIN).session(session).get(), run.response);
        assertThat(run.body().replace("<wbr>", "")).contains(ESCAPED, "id=\"run-result\"").doesNotContain(EVIL);
        assertThat(fixture.checks.runs).containsExactly("xm_dvr dry");
        assertThat(ConsolePluginAccess.content(fixture.checks, () -> plugins, fixture.jobs).replace("<wbr>", ""))
                .contains("io.upgradeclient.example.manifest")
                .doesNotContain(EVIL);
    }

    @Test
    void detailShowsEveryFieldItsJobTargetsAndChecksum() throws Exception {
        String body = get("/firmware/" + eventId, VIEWER).body();

        assertThat(body).contains("id=\"event-detail\"", "data-field=\"log_message\"", "data-field=\"file_url\"", "id=\"event-job\"",
                "id=\"job-targets\"", "data-target=\"default\"", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    }

    @Test
    void detailAndListsNameTheNodeThatRecordedTheEvent() throws Exception {
        String node = fixture.database.lease().node();

        String detail = get("/firmware/" + eventId, VIEWER).body();
        String list = get("/firmware", VIEWER).body();

        assertThat(detail).contains("data-field=\"node\"", "class=\"node-link\" href=\"/nodes#node-" + node + "\">" + node + "</a>");
        assertThat(list).contains("<th>Node</th>", "<td class=\"node\"><a class=\"node-link\" href=\"/nodes#node-" + node + "\">");
    }

    @Test
    void nodesPageShowsEachNodeAliveOrNotWithItsChecksAndRunningJobs() throws Exception {
        String self = cluster.node();
        heartbeat(self, "1.4.0", NOW.minusSeconds(5));
        heartbeat(EVIL, "1.3.0", NOW.minusSeconds(600));
        assertThat(cluster.ownCheck("xm_dvr", NOW)).isTrue();
        fixture.jobs.enqueue("xm_dvr", Fixture.change("b.bin", "dvr", "r8"), List.of("default"), NOW).orElseThrow();
        fixture.jobs.claim(NOW, Set.of()).orElseThrow();

        Http.Response page = get("/nodes", VIEWER);

        assertThat(page.status).isEqualTo(200);
        String body = page.body().replace("<wbr>", "");
        assertThat(body).contains("id=\"nodes-summary\"", "2 nodes share this store: 1 alive, 1 without a heartbeat", "id=\"nav-nodes\"")
                .contains(ESCAPED).doesNotContain(EVIL);
        Matcher selfRow = Pattern.compile("<tr class=\"node-row\"[^>]*data-node=\"" + Pattern.quote(self) + "\" data-alive=\"true\">(.*?)</tr>").matcher(body);
        assertThat(selfRow.find()).as(body).isTrue();
        assertThat(selfRow.group(1)).contains("(this node)", "1.4.0", ">alive<", "href=\"/checks/xm_dvr\"", "<td class=\"num running\" data-label=\"jobs running\">1</td>",
                "datetime=\"" + NOW.minusSeconds(5) + "\"");
        Matcher dead = Pattern.compile("<tr class=\"node-row\"[^>]*data-alive=\"false\">(.*?)</tr>").matcher(body);
        assertThat(dead.find()).isTrue();
        assertThat(dead.group(1)).contains(ESCAPED, "no heartbeat", "<td class=\"num running\" data-label=\"jobs running\">0</td>").doesNotContain("(this node)");
    }

    /** A node's row as its heartbeat writes it, started an hour ago. */
    private void heartbeat(String name, String version, Instant at) throws Exception {
        fixture.database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO nodes (name, version, started, heartbeat) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, version);
                insert.setLong(3, NOW.minusSeconds(3600).toEpochMilli());
                insert.setLong(4, at.toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    @Test
    void unknownEventAndUnknownPageGetA404Page() throws Exception {
        Http.Response event = get("/firmware/999999", VIEWER);
        Http.Response nonsense = get("/firmware/<script>", VIEWER);
        Http.Response page = get("/nowhere", VIEWER);

        assertThat(event.status).isEqualTo(404);
        assertThat(event.body()).contains("id=\"error-message\"", "There is no event 999999.");
        assertThat(nonsense.status).isEqualTo(404);
        assertThat(nonsense.body()).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(page.status).isEqualTo(404);
    }

    @Test
    void historyShowsExactlyThePageSizeAndKeepsFiltersInItsLinks() throws Exception {
        for (int i = 0; i < 25; i++) {
            fixture.history.record(Fixture.event(EventLevel.INFO, "svn", "xm_dvr", "m" + i, NOW.minus(Duration.ofMinutes(100 - i))));
        }
        fixture.history.flush(Duration.ofSeconds(10));

        String body = get("/firmware?rows=7&log_class=svn&page=2", VIEWER).body();

        assertThat(count(body, "class=\"event-row")).isEqualTo(7);
        assertThat(body).contains("id=\"history-total\" data-total=\"25\"", "href=\"/firmware?page=3&amp;log_class=svn&amp;rows=7\"",
                "href=\"/firmware?page=1&amp;log_class=svn&amp;rows=7\"", "<option value=\"rsync\">", "<option value=\"svn\" selected>");
        assertThat(get("/firmware?rows=5000", VIEWER).status).isEqualTo(400);
    }

    @Test
    void actionsAreOfferedToAdminsOnly() throws Exception {
        assertThat(get("/checks", ADMIN).body()).contains("action-run", "action-dryrun", "name=\"csrf\"");
        assertThat(get("/jobs", ADMIN).body()).contains("action-retry");
        assertThat(get("/checks", VIEWER).body()).doesNotContain("action-run", "action-dryrun");
        assertThat(get("/jobs", VIEWER).body()).doesNotContain("action-retry");

        Http.Response refused = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/jobs/" + job.id() + "/retry").user(VIEWER).session(Http.signedIn(VIEWER)).get(), refused.response);
        assertThat(refused.status).isEqualTo(403);
        assertThat(fixture.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);

        Http.Response retried = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/jobs/" + job.id() + "/retry").user(ADMIN).session(Http.signedIn(ADMIN)).get(), retried.response);
        assertThat(retried.status).isEqualTo(303);
        assertThat(fixture.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
    }

    @Test
    void aRetryKeepsTheJobFilterAndSaysWhatItDid() throws Exception {
        Http.Response retried = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/jobs/" + job.id() + "/retry").param("back", "/jobs?state=FAILED&check=xm_dvr")
                .user(ADMIN).session(Http.signedIn(ADMIN)).get(), retried.response);
        String location = retried.headers.get("Location");

        assertThat(location).isEqualTo("/jobs?state=FAILED&check=xm_dvr&notice=retried&job=" + job.id());
        assertThat(get(location, ADMIN).body()).contains("id=\"notice\"", "Job " + job.id() + " is queued again.",
                "<a data-state=\"FAILED\" href=\"/jobs?state=FAILED&amp;check=xm_dvr\" class=\"current\">");

        fixture.jobs.update(fixture.jobs.find(job.id()).orElseThrow().failed("again", NOW));
        Http.Response elsewhere = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/jobs/" + job.id() + "/retry").param("back", "//evil.example/jobs")
                .user(ADMIN).session(Http.signedIn(ADMIN)).get(), elsewhere.response);
        assertThat(elsewhere.headers.get("Location")).as("only back to this site's jobs list").startsWith("/jobs?notice=");
    }

    @Test
    void theCheckPageShowsItsSettingsStateActivityJobsAndEvents() throws Exception {
        String body = get("/checks/xm_dvr", ADMIN).body();

        assertThat(body).contains("data-page=\"check\"", "id=\"check-source\"", "svn.example.com", "id=\"check-status\"",
                "svn: connection refused", "id=\"spark-changes\" data-total=\"1\"", "id=\"spark-errors\" data-total=\"1\"",
                "href=\"/jobs/" + job.id() + "\"", "href=\"/firmware?dao_name=xm_dvr\"", "action-dryrun-all", "id=\"running-jobs\" class=\"running\" data-check=\"xm_dvr\"")
                .doesNotContain("hunter2", "s3cret-pass", "mail-secret");
        assertThat(get("/checks/xm_dvr", VIEWER).body()).doesNotContain("action-run");
        assertThat(get("/checks/nothing", VIEWER).status).isEqualTo(404);
    }

    @Test
    void theCheckPageNamesItsPipelineItsScheduleAndWhenItLastQueuedAChange() throws Exception {
        // An older change queued later (a higher job id) and a newer change of another check: neither is the last change.
        fixture.jobs.enqueue("xm_dvr", Fixture.change("older.bin", "dvr", "r5"), List.of("default"), NOW.minus(Duration.ofHours(3))).orElseThrow();
        fixture.jobs.enqueue("other", Fixture.change("later.bin", "dvr", "r6"), List.of("default"), NOW.plusSeconds(90)).orElseThrow();

        String body = get("/checks/xm_dvr", VIEWER).body();

        assertThat(element(body, "dl", "check-source")).contains("<dt>Every</dt><dd>15 min</dd>", "<dt>Filters</dt><dd>default</dd>",
                "<dt>Packager</dt><dd>xm</dd>", "<dt>Targets</dt><dd>default (rsync)</dd>", "<dt>Reports</dt><dd>0 23 * * *</dd>");
        assertThat(element(body, "dl", "check-status")).contains("<dt>State</dt><dd class=\"state\">failing</dd>",
                "<dt>Last run</dt><dd><time datetime=\"2024-05-15T12:00:00Z\">", "<dt>Last success</dt><dd><time datetime=\"2024-05-15T11:59:00Z\">",
                "<dt>Next run</dt><dd><time datetime=\"2024-05-15T12:15:00Z\">",
                "<dt>Last change</dt><dd id=\"check-last-change\"><time datetime=\"" + job.created() + "\">",
                "<dt>Failures in a row</dt><dd>1</dd>", "<dt>Changes since start</dt><dd>3</dd>");
    }

    @Test
    void theWholeSourceDryRunShowsWhatTheWholeSourceHoldsAndIsForAdminsOnly() throws Exception {
        Http.Response refused = post("/checks/xm_dvr/dryrun-all", VIEWER);
        assertThat(refused.status).isEqualTo(403);
        assertThat(fixture.checks.runs).as("a viewer runs nothing").isEmpty();

        Http.Response run = post("/checks/xm_dvr/dryrun-all", ADMIN);

        assertThat(run.status).isEqualTo(200);
        assertThat(fixture.checks.runs).as("the whole-source dry run, not the plain one").containsExactly("xm_dvr from start");
        String body = run.body().replace("<wbr>", "");
        assertThat(body).contains("data-page=\"run\"", "<p id=\"run-result\" class=\"notice\" data-outcome=\"SUCCEEDED\">Dry run over the whole source of "
                + "xm_dvr: succeeded. 1 file(s) would be picked. 1 of 2 changes would be queued (whole source, checkpoint ignored)</p>",
                "<tr class=\"decision-row\" data-accepted=\"true\"><td class=\"file\">old-fw.bin</td><td>r1</td><td>yes</td>",
                "<tr class=\"decision-row\" data-accepted=\"false\"><td class=\"file\">notes.txt</td><td>r2</td><td>no</td><td class=\"message\">not *.bin</td>",
                "id=\"back-to-check\" href=\"/checks/xm_dvr\"");
        assertThat(count(body, "class=\"decision-row\"")).isEqualTo(2);
        assertThat(post("/checks/nothing/dryrun-all", ADMIN).status).isEqualTo(404);
    }

    @Test
    void theComponentsPageListsWhatLeftRecentlyWithWhenItCameAndLeft() throws Exception {
        PluginInfo httpput = new PluginInfo(PluginKind.UPLOADER, "httpput", "io.upgradeclient.example.httpput", "0.1.0", BundleState.RESOLVED,
                "io.upgradeclient.example.httpput", 77, Map.of());
        ComponentRegistry registry = new ComponentRegistry() {
            @Override
            public List<PluginInfo> plugins() {
                return plugins;
            }

            @Override
            public List<DepartedPlugin> departed() {
                return List.of(new DepartedPlugin(httpput, NOW.minusSeconds(600), NOW.minusSeconds(60)));
            }
        };
        servlet = new PagesServlet(fixture.history, fixture.jobs, fixture.checks, registry, WebSecurityAccess.defaults(), cluster,
                Clock.fixed(NOW, ZoneOffset.UTC));

        String body = get("/components", VIEWER).body().replace("<wbr>", "");

        assertThat(body).contains("1 plugins registered", "1 left recently");
        assertThat(element(body, "section", "components-departed")).contains("<h2>Left recently</h2>",
                "<tr class=\"departed-row\" data-kind=\"uploader\" data-type=\"httpput\"><td>uploader</td><td>httpput</td>"
                        + "<td>io.upgradeclient.example.httpput 0.1.0</td><td><time datetime=\"2024-05-15T11:50:00Z\">",
                "<td><time datetime=\"2024-05-15T11:59:00Z\">").doesNotContain("No plugin has left");
        assertThat(element(body, "div", "components-table")).as("gone from the registered plugins").doesNotContain("httpput");
    }

    @Test
    void theConsoleTabIsDrawnWithTheConsolesOwnClasses() throws Exception {
        String tab = ConsolePluginAccess.content(fixture.checks, () -> plugins, fixture.jobs);

        assertThat(tab).contains("<p class=\"statline ui-state-highlight\">1 checks, 1 plugins, ");
        assertThat(count(tab, "<table class=\"nicetable\"")).as("checks, pipelines, plugins").isEqualTo(3);
        assertThat(count(tab, "<table")).as("every table is a nicetable").isEqualTo(3);
        assertThat(tab).doesNotContain("class=\"list", "class=\"card", "/static/app.css");
    }

    @Test
    void theJobPageLinksItsCheckAndItsEventsAndTheDetailLinksBack() throws Exception {
        String jobPage = get("/jobs/" + job.id(), VIEWER).body();
        String detail = get("/firmware/" + eventId, VIEWER).body();

        assertThat(jobPage).contains("id=\"job-targets\"", "href=\"/checks/xm_dvr\"", "href=\"/firmware/" + eventId + "\"",
                "href=\"/firmware?job=" + job.id() + "\"");
        assertThat(detail).contains("<th>Check</th>", "<th>Job</th>", "href=\"/jobs/" + job.id() + "\"", "href=\"/firmware?job=" + job.id() + "\"")
                .doesNotContain("<th>dao_name</th>", "<th>job_id</th>");
        assertThat(get("/jobs/999999", VIEWER).status).isEqualTo(404);
    }

    @Test
    void componentsAreGroupedByKindAndWhatChecksNameButNoBundleProvidesIsMissing() throws Exception {
        String body = get("/components", VIEWER).body();

        assertThat(body).contains("id=\"components-uploader\"", "id=\"components-checker\"", "None deployed.",
                "<tr class=\"plugin-row\" data-kind=\"uploader\" data-type=\"manifest\">", "<details><summary>2 properties</summary>",
                "id=\"components-missing\"", "<tr class=\"missing-row\" data-kind=\"checker\" data-type=\"svn\">",
                "<tr class=\"missing-row\" data-kind=\"uploader\" data-type=\"rsync\">", "<tr class=\"missing-row\" data-kind=\"alerter\" data-type=\"email\">");
    }

    @Test
    void historyPagesAreNumberedAroundTheCurrentOne() throws Exception {
        for (int i = 0; i < 60; i++) {
            fixture.history.record(Fixture.event(EventLevel.INFO, "svn", "xm_dvr", "m" + i, NOW.minus(Duration.ofMinutes(100 - i))));
        }
        fixture.history.flush(Duration.ofSeconds(10));

        String body = get("/firmware?rows=5&page=6", VIEWER).body();

        assertThat(body).contains("<span class=\"page current\" aria-current=\"page\">6</span>", "data-page=\"1\"", "data-page=\"4\"",
                "data-page=\"8\"", "data-page=\"13\"", "<span class=\"gap\">…</span>").doesNotContain("data-page=\"3\"", "data-page=\"9\"");
    }

    @Test
    void checksPageAndConsoleTabShowPackagerFiltersAndTargets() throws Exception {
        String row = "<td>default</td><td>xm</td><td>default (rsync)</td>";

        assertThat(get("/checks", VIEWER).body()).contains("<th>Filters</th><th>Packager</th><th>Uploads</th>", row);
        assertThat(ConsolePluginAccess.content(fixture.checks, () -> plugins, fixture.jobs)).contains("<th>Packager</th>", row);
    }

    @Test
    void checksPageMasksSecrets() throws Exception {
        String body = get("/checks", VIEWER).body();

        assertThat(body).contains("xm_dvr", "reader", "********").doesNotContain("s3cret-pass", "mail-secret", "hunter2");
        assertThat(get("/components", VIEWER).body()).doesNotContain("tok-123");
    }

    @Test
    void dashboardCarriesTheIdsTheScriptAndBrowserTestUse() throws Exception {
        String body = get("/?exp_during=days_2", VIEWER).body();

        assertThat(body).contains("data-page=\"dashboard\"", "data-refresh=\"60\"", "id=\"counts-today\"", "id=\"counts-week\"",
                "id=\"chart-component\"", "id=\"chart-check\"", "id=\"chart-filetype\"", "id=\"chart-trend\"", "id=\"latest-events\"",
                "id=\"check-states\"", "<option value=\"days_2\" selected>", "src=\"/static/app.js\"")
                .doesNotContain("<script>", "style=");
        assertThat(body).contains("<tr class=\"level-error\" data-level=\"error\"><th><a href=\"/firmware?log_level=error\">error</a></th>"
                + "<td class=\"num\">1</td>");
    }

    private Http.Response post(String path, User user) throws Exception {
        Http.Response response = new Http.Response();
        servlet.doPost(new Http.Request("POST", path).user(user).session(Http.signedIn(user)).get(), response.response);
        return response;
    }

    /** @return the element {@code <tag id="id">…</tag>} of the page (not nested in one of its kind) */
    private static String element(String body, String tag, String id) {
        Matcher element = Pattern.compile("<" + tag + " id=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL).matcher(body);
        assertThat(element.find()).as("<" + tag + " id=" + id + "> in " + body).isTrue();
        return element.group(1);
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
