package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's headless Chromium) against the running distribution: log in, charts drawn
 * with data, filter the history, open a detail, watch a deployed plugin appear, run a check as admin, be refused as
 * viewer, and see a hostile file name as text; every page fits 1400x900 and 390 px without errors, its links lead
 * where they say, and a slow download shows a rising progress bar. Screenshots (whole pages) go to
 * {@code target/screenshots/}.
 */
public class WebUiBrowserIT {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>.20161025.bin";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Path HTTPPUT_PLUGIN = Path.of(System.getProperty("upgradeclient.example.httpput",
            "../bundles/examples/io.upgradeclient.example.httpput/target/io.upgradeclient.example.httpput-0.1.0-SNAPSHOT.jar"));
    /** The page-height budget at 1400x900. */
    private static final int MAX_HEIGHT = 3000;
    /**
     * The slow server's file and rate: about 20 s of transfer, reported per 1 MiB buffer, long enough to watch it on the
     * jobs page, the dashboard and the check page in turn.
     */
    private static final int BIG_FILE_BYTES = 40 * 1024 * 1024;
    private static final int BYTES_PER_SECOND = 2 * 1024 * 1024;
    /** The test whose distribution records no error. */
    private static final String QUIET_DASHBOARD = "aDashboardWithoutErrorsSaysSoInSmallBoxes";

    private InstalledDistribution distribution;
    private WebDriver browser;
    private String base;
    private Path work;
    private HttpServer slowServer;

    @Rule
    public final TestName test = new TestName();

    @Before
    public void install() throws Exception {
        work = InstalledDistribution.workFolder(getClass());
        distribution = new InstalledDistribution(work);
        // Every test but the one about a quiet dashboard has a target that fails every job, and a check waiting for a filter.
        boolean errors = !QUIET_DASHBOARD.equals(test.getMethodName());
        Path inbox = Files.createDirectories(work.resolve("inbox/General"));
        Files.writeString(inbox.resolve("IPC_50H10L.20161025.bin"), "firmware one");
        if (errors) {
            Files.writeString(inbox.resolve(HOSTILE), "firmware two");
        }
        Path config = distribution.home().resolve("config");
        Files.writeString(config.resolve("io.upgradeclient.web.cfg"),
                "users = [\"boss:admin:{plain}boss-pw\", \"reader:viewer:{plain}reader-pw\"]\n");
        Files.createDirectories(config.resolve("check"));
        Files.createDirectories(config.resolve("upload"));
        Files.writeString(config.resolve("upload/upload.json"),
                "{\"out\": {\"dir\": {\"path\": \"" + work.resolve("published") + "\"}}" + (errors ? ", \"broken\": {\"dir\": {}}" : "") + "}");
        Files.writeString(config.resolve("check/inbox.json"), """
                {"name": "inbox", "check_type": "file", "base_url": "%s", "summarize_interval": "2",
                 "revision_seconds": "86400", "check_filter": ["glob"], "include": "*.bin", "stable_seconds": "0",
                 "upload": [{"relation_name": "out", "relation_type": "dir"}%s]}"""
                .formatted(inbox.getParent().toUri(), errors ? ", {\"relation_name\": \"broken\", \"relation_type\": \"dir\"}" : ""));
        if (errors) {
            Files.writeString(config.resolve("check/orphan.json"), """
                    {"name": "orphan", "check_type": "file", "base_url": "%s", "summarize_interval": "3600",
                     "check_filter": ["nosuchfilter"], "upload": [{"relation_name": "out", "relation_type": "dir"}]}"""
                    .formatted(inbox.getParent().toUri()));
        }
        Files.copy(HTTPPUT_PLUGIN, distribution.home().resolve("deploy").resolve(HTTPPUT_PLUGIN.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(SCREENSHOTS);

        distribution.start();
        base = distribution.baseUrl().toString();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--hide-scrollbars", "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        // Every console message, script error, CSP violation and failed request shows in the browser log.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @After
    public void close() {
        if (browser != null) {
            browser.quit();
        }
        if (slowServer != null) {
            slowServer.stop(0);
        }
        distribution.close();
    }

    @Test
    public void operatorSeesWorkAndAViewerCannotAct() throws Exception {
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).as("pages need a login").contains("/login");
        logIn("boss", "boss-pw");

        // The target "broken" has no path: every job fails there, so the error charts have data.
        new WebDriverWait(browser, WAIT).until(driver -> {
            driver.navigate().refresh();
            return !driver.findElements(By.cssSelector("#chart-component.drawn svg[data-points]")).isEmpty()
                    && Integer.parseInt(driver.findElement(By.cssSelector("#chart-component svg")).getAttribute("data-points")) > 0;
        });
        new WebDriverWait(browser, WAIT).until(driver -> driver.findElement(By.tagName("body")).getAttribute("data-refreshed") != null);
        fullScreenshot("operator-dashboard");

        browser.get(base + "/firmware");
        browser.findElement(By.id("filter-text")).sendKeys("onerror");
        browser.findElement(By.id("filter-apply")).click();
        new WebDriverWait(browser, WAIT).until(driver -> driver.getCurrentUrl().contains("onerror"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#history-table tr.event-row"));
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(row -> assertThat(row.getText()).contains(HOSTILE));
        assertThat(browser.findElements(By.cssSelector("#history-table img"))).as("the file name is text, not markup").isEmpty();
        fullScreenshot("operator-history-filtered");

        rows.get(0).findElement(By.cssSelector("a.event-link")).click();
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(By.id("event-detail")).isEmpty());
        assertThat(browser.findElement(By.id("event-detail")).getText()).contains(HOSTILE);
        fullScreenshot("operator-detail");

        Files.copy(TestSupport.EXAMPLE_PLUGIN, distribution.home().resolve("deploy").resolve(TestSupport.EXAMPLE_PLUGIN.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        browser.get(base + "/components");
        new WebDriverWait(browser, WAIT).until(driver -> {
            driver.navigate().refresh();
            return !driver.findElements(By.cssSelector("tr.plugin-row[data-type='manifest']")).isEmpty();
        });
        fullScreenshot("operator-components");

        browser.get(base + "/checks");
        browser.findElement(By.cssSelector("tr.check-row[data-check='inbox'] form.action-run button, tr.check-row[data-check='inbox'] form.action-run [type=submit]")).click();
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(By.cssSelector("#run-result[data-outcome]")).isEmpty());
        assertThat(browser.findElement(By.id("run-result")).getAttribute("data-outcome")).isEqualTo("SUCCEEDED");
        fullScreenshot("operator-run-result");

        browser.findElement(By.id("logout")).click();
        logIn("reader", "reader-pw");
        browser.get(base + "/checks");
        assertThat(browser.findElements(By.cssSelector("#checks-table tr.check-row[data-check='inbox']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("form.action-run"))).as("no actions for a viewer").isEmpty();
        fullScreenshot("operator-checks-as-viewer");
        assertThat(postAs("reader", "reader-pw", "/api/v1/checks/inbox/run").statusCode()).isEqualTo(403);
    }

    @Test
    public void aDashboardWithoutErrorsSaysSoInSmallBoxes() throws Exception {
        browser.get(base + "/login");
        logIn("boss", "boss-pw");
        Eventually.await(WAIT, "the file published", () -> JsonParser.parseString(distribution.getAs("/api/v1/jobs?state=DONE", "boss", "boss-pw").body()).getAsJsonObject()
                        .getAsJsonArray("jobs").size() == 1);
        JsonObject data = JsonParser.parseString(distribution.getAs("/api/v1/dashboard", "boss", "boss-pw").body()).getAsJsonObject();
        assertThat(data.getAsJsonArray("trend")).as("no error at all").isEmpty();
        assertThat(data.getAsJsonArray("by_component")).isEmpty();

        assertThat(fits("dashboard-no-errors", "/", () -> browser.findElement(By.tagName("body")).getAttribute("data-refreshed") != null)).isEmpty();
        browser.navigate().refresh();
        new WebDriverWait(browser, WAIT).until(driver -> driver.findElement(By.tagName("body")).getAttribute("data-refreshed") != null);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> charts = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('figure.chart')).map(function (figure) {
                  var chart = figure.querySelector('svg');
                  return {id: figure.id, empty: figure.classList.contains('empty'), points: chart.getAttribute('data-points'),
                          text: chart.textContent, height: figure.getBoundingClientRect().height};
                });""");
        assertThat(charts).extracting(chart -> chart.get("id")).containsExactly("chart-component", "chart-check", "chart-filetype", "chart-trend");
        Map<String, Object> trend = charts.get(3);
        assertThat(trend).containsEntry("empty", true).containsEntry("points", "0").containsEntry("text", "No errors in this range.");
        assertThat(((Number) trend.get("height")).doubleValue()).as("the empty error trend is one line high, not a 200 px box").isLessThan(100);
        for (Map<String, Object> bars : charts.subList(0, 3)) {
            assertThat(bars).as(bars.get("id").toString()).containsEntry("points", "0").containsEntry("text", "No errors.");
            assertThat(((Number) bars.get("height")).doubleValue()).as(bars.get("id") + " height").isLessThan(100);
        }
    }

    @Test
    public void aForgedCrossSitePostIsRefused() throws Exception {
        HttpClient session = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String loginPage = session.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String form = "csrf=" + enc(csrf(loginPage)) + "&username=boss&password=" + enc("boss-pw");
        HttpResponse<String> login = session.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isIn(302, 303);

        HttpResponse<String> forged = session.send(HttpRequest.newBuilder(URI.create(base + "/checks/inbox/run"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(session.send(HttpRequest.newBuilder(URI.create(base + "/checks")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("the session itself is fine").isEqualTo(200);
    }

    @Test
    public void theWebConsoleTakesTheSameUsersAdminsOnly() throws Exception {
        assertThat(distribution.getAs("/system/console/bundles", "boss", "boss-pw").statusCode()).isEqualTo(200);
        assertThat(distribution.getAs("/system/console/bundles", "reader", "reader-pw").statusCode()).as("a viewer").isEqualTo(403);
        assertThat(distribution.getAs("/system/console/bundles", "admin", "admin").statusCode()).isEqualTo(401);
    }

    @Test
    public void everyPageFitsItsLinksLeadWhereTheySayAndADownloadShowsItsProgress() throws Exception {
        browser.get(base + "/login");
        logIn("boss", "boss-pw");
        Files.copy(TestSupport.EXAMPLE_PLUGIN, distribution.home().resolve("deploy").resolve(TestSupport.EXAMPLE_PLUGIN.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        // The broken target fails every job of "inbox", so there are failed jobs, errors for the charts and events.
        Eventually.await(WAIT, "failed jobs and both example plugins", () -> {
            String components = distribution.getAs("/api/v1/components", "boss", "boss-pw").body();
            return components.contains("\"manifest\"") && components.contains("\"httpput\"")
                    && distribution.getAs("/api/v1/jobs?state=FAILED", "boss", "boss-pw").body().contains("\"inbox\"");
        });

        String dashboard = fits("dashboard", "/", () -> browser.findElement(By.tagName("body")).getAttribute("data-refreshed") != null);
        assertThat(dashboard).isEmpty();
        latestEventsStayInLineAfterTheRefresh();
        theFaviconIsTheSvgIcon();
        for (int width : new int[] {1400, 390}) {
            browser.manage().window().setSize(new Dimension(width, 900));
            browser.navigate().refresh();
            new WebDriverWait(browser, WAIT).until(driver -> driver.findElement(By.tagName("body")).getAttribute("data-refreshed") != null);
            Object smallest = ((JavascriptExecutor) browser).executeScript("""
                    var least = 1000;
                    document.querySelectorAll('.chart svg').forEach(function (chart) {
                      var scale = chart.getBoundingClientRect().width / chart.viewBox.baseVal.width;
                      chart.querySelectorAll('text').forEach(function (t) {
                        least = Math.min(least, parseFloat(getComputedStyle(t).fontSize) * scale);
                      });
                    });
                    return least;""");
            assertThat(((Number) smallest).doubleValue()).as("smallest chart label in px at " + width).isGreaterThanOrEqualTo(11);
        }
        browser.manage().window().setSize(new Dimension(1400, 900));
        theErrorTrendSpansTheChosenWeekWithTodaysErrorsAtItsEnd();
        String zone = browser.findElement(By.cssSelector("#latest-events time")).getText();
        assertThat(zone).as("times show in the browser's zone, named").matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\S+");

        // Links: check name -> its page; event -> detail -> its job -> all its events.
        browser.findElement(By.cssSelector("#check-states tr.check-row[data-check='inbox'] a")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/checks/inbox");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check inbox");
        assertThat(fits("check", "/checks/inbox", null)).isEmpty();
        browser.findElement(By.id("check-history")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/firmware?dao_name=inbox");
        assertThat(browser.findElements(By.cssSelector("#history-table tr.event-row"))).isNotEmpty()
                .allSatisfy(row -> assertThat(row.findElement(By.cssSelector("td:nth-child(3)")).getText()).isEqualTo("inbox"));

        assertThat(fits("history", "/firmware?rows=5", null)).isEmpty();
        browser.findElement(By.cssSelector("#pager a.page[data-page='2']")).click();
        assertThat(browser.getCurrentUrl()).as("numbered pages keep the filter").contains("page=2", "rows=5");
        assertThat(browser.findElement(By.cssSelector("#pager .current")).getText()).isEqualTo("2");

        browser.get(base + "/firmware?log_level=error");
        WebElement errorRow = browser.findElement(By.cssSelector("#history-table tr.event-row"));
        String eventId = errorRow.getAttribute("data-id");
        errorRow.findElement(By.cssSelector("a.event-link")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/firmware/" + eventId);
        assertThat(fits("detail", "/firmware/" + eventId, null)).isEmpty();
        assertThat(browser.findElement(By.cssSelector("tr[data-field='dao_name'] th")).getText()).isEqualTo("Check");

        // The event names the node that recorded it, linked to that node's row: alive, owning the check.
        WebElement nodeLink = browser.findElement(By.cssSelector("tr[data-field='node'] a.node-link"));
        String node = nodeLink.getText();
        assertThat(node).isNotBlank();
        nodeLink.click();
        assertThat(browser.getCurrentUrl()).contains("/nodes#node-");
        WebElement nodeRow = browser.findElement(By.cssSelector("#nodes tr.node-row[data-alive='true']"));
        assertThat(nodeRow.getAttribute("data-node")).isEqualTo(node);
        assertThat(nodeRow.findElement(By.cssSelector("td.checks")).getText()).contains("inbox");
        assertThat(fits("nodes", "/nodes", null)).isEmpty();
        browser.get(base + "/firmware/" + eventId);
        browser.findElement(By.id("event-job-link")).click();
        String jobId = browser.getCurrentUrl().replaceAll(".*/jobs/", "");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Job " + jobId);
        browser.findElement(By.id("job-all-events")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/firmware?job=" + jobId);
        assertThat(browser.findElements(By.cssSelector("#history-table tr.event-row a.job-link")))
                .isNotEmpty().allSatisfy(link -> assertThat(link.getText()).isEqualTo(jobId));

        assertThat(fits("checks", "/checks", null)).isEmpty();
        assertThat(fits("components", "/components", null)).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#components-uploader tr.plugin-row[data-type='manifest']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#components-uploader tr.plugin-row[data-type='httpput']"))).hasSize(1);
        WebElement missing = browser.findElement(By.cssSelector("#components-missing tr.missing-row[data-kind='filter'][data-type='nosuchfilter']"));
        assertThat(missing.getText()).contains("orphan");

        assertThat(fits("jobs", "/jobs?state=FAILED", null)).isEmpty();
        browser.findElement(By.cssSelector("tr.job-row form.action-retry button")).click();
        assertThat(browser.getCurrentUrl()).as("the filter is kept").contains("state=FAILED");
        assertThat(browser.findElement(By.id("notice")).getText()).contains("is queued again.");

        // A large file from a slow server: the progress bar's value rises without a reload.
        startSlowServer();
        Files.writeString(distribution.home().resolve("config/check/slow.json"), """
                {"name": "slow", "check_type": "http", "base_url": "http://127.0.0.1:%d/fw/", "summarize_interval": "3600",
                 "check_filter": ["glob"], "include": "*.bin", "upload": [{"relation_name": "out", "relation_type": "dir"}]}""".formatted(slowServer.getAddress().getPort()));
        browser.get(base + "/jobs");
        // The page re-renders the running jobs every second, so each value is read in one script call: an element
        // found in one call may be replaced before the next.
        new WebDriverWait(browser, WAIT).until(driver -> progress("progress[value]", "value") > 0);
        double first = progress("progress[value]", "value");
        String url = browser.getCurrentUrl();
        new WebDriverWait(browser, WAIT).until(driver -> progress("progress[value]", "value") > first);
        assertThat(browser.getCurrentUrl()).as("no reload").isEqualTo(url);
        assertThat(runningJobText(".transfer-text", "textContent")).contains(" of 40.0 MB", "/s");
        fullScreenshot("jobs-progress");
        String runningJob = runningJobText("", "dataset.job");
        // The same download, live on the dashboard and on its check's page.
        for (String page : List.of("/", "/checks/slow")) {
            browser.get(base + page);
            new WebDriverWait(browser, WAIT).until(driver -> progress("progress[value]", "value") > 0);
            double before = progress("progress[value]", "value");
            new WebDriverWait(browser, WAIT).until(driver -> progress("progress[value]", "value") > before);
            assertThat(browser.getCurrentUrl()).as("no reload").isEqualTo(base + page);
            assertThat(runningJobText("", "dataset.job")).as(page).isEqualTo(runningJob);
            assertThat(runningJobText(".transfer-text", "textContent")).as(page).contains(" of 40.0 MB", "/s");
            fullScreenshot(page.equals("/") ? "dashboard-progress" : "check-progress");
        }
        // The check page's source URL is a link to the source itself.
        String listing = "http://127.0.0.1:" + slowServer.getAddress().getPort() + "/fw/";
        WebElement source = browser.findElement(By.cssSelector("#check-source a.file-url"));
        assertThat(source.getAttribute("href")).isEqualTo(listing);
        source.click();
        new WebDriverWait(browser, WAIT).until(driver -> driver.getCurrentUrl().equals(listing));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Index of /fw/");
        String api = distribution.getAs("/api/v1/jobs/" + runningJob, "boss", "boss-pw").body();
        assertThat(api).contains("\"progress\":{", "\"step\":\"download\"", "\"bytes_total\":" + BIG_FILE_BYTES);

        assertThat(fits("console", "/system/console/upgradeclient", () -> !browser.findElements(By.id("upgradeclient-console")).isEmpty()))
                .isEmpty();
        assertThat(browser.findElements(By.cssSelector("#upgradeclient-console p.statline"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#upgradeclient-console table"))).hasSize(3)
                .allSatisfy(table -> assertThat(table.getAttribute("class").split(" ")).contains("nicetable"));
    }

    /**
     * After the script has refreshed "Latest events", each row has a cell per column, and a known event's message, node
     * and job sit under their own headings, as the server drew them.
     */
    private void latestEventsStayInLineAfterTheRefresh() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                var table = document.getElementById('latest-events');
                return {refreshed: document.body.getAttribute('data-refreshed'),
                        headers: Array.from(table.tHead.rows[0].cells).map(function (th) { return th.textContent; }),
                        rows: Array.from(table.tBodies[0].rows).map(function (tr) {
                          return {id: tr.getAttribute('data-id'), cells: Array.from(tr.cells).map(function (td) { return td.textContent; })};
                        })};""");
        assertThat(table.get("refreshed")).as("the script has redrawn the table").isNotNull();
        @SuppressWarnings("unchecked")
        List<String> headers = (List<String>) table.get("headers");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) table.get("rows");
        assertThat(headers).containsExactly("Time", "Level", "Check", "Component", "File", "Job", "Node", "Message");
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat((List<?>) row.get("cells")).as("cells of event " + row.get("id")).hasSize(headers.size()));
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> row : rows.subList(0, Math.min(3, rows.size()))) {
            JsonObject event = JsonParser.parseString(distribution.getAs("/api/v1/events/" + row.get("id"), "boss", "boss-pw").body()).getAsJsonObject();
            @SuppressWarnings("unchecked")
            List<String> cells = (List<String>) row.get("cells");
            assertThat(cells.get(headers.indexOf("Message"))).isEqualTo(event.get("log_message").getAsString());
            assertThat(cells.get(headers.indexOf("Node"))).isEqualTo(event.get("node").getAsString());
            assertThat(cells.get(headers.indexOf("Component"))).isEqualTo(event.get("log_class").getAsString());
            assertThat(cells.get(headers.indexOf("Job"))).isEqualTo(event.get("job_id").getAsLong() == 0 ? "" : event.get("job_id").getAsString());
            checked.add(cells.get(headers.indexOf("Message")));
        }
        assertThat(checked).as("messages under Message").anySatisfy(message -> assertThat(message).isNotBlank());
    }

    /** {@code /favicon.ico} leads to the bundle's SVG icon. */
    /** A range of one week is drawn as one: today's errors are a bar at its right end, the labels a week apart. */
    @SuppressWarnings("unchecked")
    private void theErrorTrendSpansTheChosenWeekWithTodaysErrorsAtItsEnd() {
        browser.navigate().refresh();
        new WebDriverWait(browser, WAIT).until(driver -> driver.findElement(By.tagName("body")).getAttribute("data-refreshed") != null);
        Map<String, Object> trend = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                var chart = document.querySelector('#chart-trend svg');
                var bars = Array.from(chart.querySelectorAll('rect.trend-bar'));
                var last = bars[bars.length - 1];
                var labels = Array.from(chart.querySelectorAll('text')).map(function (t) { return t.textContent; });
                return {points: chart.getAttribute('data-points'), bars: bars.length, labels: labels,
                        lastRight: (parseFloat(last.getAttribute('x')) + parseFloat(last.getAttribute('width'))) / chart.viewBox.baseVal.width,
                        lastWidth: parseFloat(last.getAttribute('width')) / chart.viewBox.baseVal.width};""");
        assertThat(trend.get("bars")).as("a bar per point").isEqualTo(Long.valueOf((String) trend.get("points")));
        assertThat(((Number) trend.get("lastRight")).doubleValue()).as("today ends the week").isGreaterThan(0.9);
        assertThat(((Number) trend.get("lastWidth")).doubleValue()).as("one day of seven").isBetween(0.1, 0.16);
        List<String> labels = (List<String>) trend.get("labels");
        java.time.LocalDate from = java.time.LocalDate.parse(labels.get(labels.size() - 2));
        java.time.LocalDate until = java.time.LocalDate.parse(labels.get(labels.size() - 1));
        assertThat(from.plusDays(7)).as("the axis runs over the chosen week").isEqualTo(until);
    }

    private void theFaviconIsTheSvgIcon() throws Exception {
        String basic = Base64.getEncoder().encodeToString("boss:boss-pw".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> icon = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create(base + "/favicon.ico")).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.uri().getPath()).isEqualTo("/static/favicon.svg");
        assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
        assertThat(icon.body()).contains("<svg");
    }

    /** @return a number read from the running job's element below {@code selector}, or -1 while there is none */
    private double progress(String selector, String property) {
        String text = runningJobText(selector, property);
        return text.isEmpty() ? -1 : Double.parseDouble(text);
    }

    /** @return a property of the first running job's element (or of its descendant {@code selector}), "" when absent */
    private String runningJobText(String selector, String property) {
        Object value = ((JavascriptExecutor) browser).executeScript("""
                const activity = document.querySelector('#running-jobs .activity');
                const element = activity && (arguments[0] ? activity.querySelector(arguments[0]) : activity);
                if (!element) return '';
                const value = arguments[1].split('.').reduce((object, key) => object == null ? null : object[key], element);
                return value == null ? '' : String(value);""", selector, property);
        return (String) value;
    }

    /**
     * Opens a page at 1400x900 and at 390 px wide, keeps a screenshot of each, and says what does not fit.
     *
     * @return the problems found: too tall, sideways scroll, browser log errors (script errors, failed requests)
     */
    private String fits(String name, String path, Callable<Boolean> ready) throws Exception {
        StringBuilder problems = new StringBuilder();
        if (path.startsWith("/system/console")) {
            String basic = Base64.getEncoder().encodeToString("boss:boss-pw".getBytes(StandardCharsets.UTF_8));
            ((ChromeDriver) browser).executeCdpCommand("Network.enable", Map.of());
            ((ChromeDriver) browser).executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + basic)));
        }
        for (int width : new int[] {1400, 390}) {
            browser.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 900));
            browser.manage().logs().get(LogType.BROWSER);
            browser.get(base + path);
            new WebDriverWait(browser, WAIT).until(driver -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
            if (ready != null) {
                new WebDriverWait(browser, WAIT).until(driver -> {
                    try {
                        return ready.call();
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                    "var e = document.documentElement; return {height: e.scrollHeight, width: e.scrollWidth, view: e.clientWidth};");
            long height = ((Number) size.get("height")).longValue();
            long scrollWidth = ((Number) size.get("width")).longValue();
            long view = ((Number) size.get("view")).longValue();
            System.out.println("page " + name + " at " + width + " px: " + height + " px tall");
            if (width == 1400 && height >= MAX_HEIGHT) {
                problems.append(name).append(" is ").append(height).append(" px tall; ");
            }
            if (width == 1400) {
                problems.append(narrowTables(name));
            }
            if (scrollWidth > view) {
                problems.append(name).append(" scrolls sideways at ").append(width).append(" px (").append(scrollWidth).append(" > ").append(view).append("); ");
            }
            for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
                if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
                    problems.append(name).append(" at ").append(width).append(" px logged: ").append(entry.getMessage()).append("; ");
                }
            }
            fullScreenshot(width == 1400 ? name : name + "-390");
        }
        browser.manage().window().setSize(new Dimension(1400, 900));
        return problems.toString();
    }

    /** @return the visible tables of the page (or of the console tab) narrower than 95% of their panel's content box */
    private String narrowTables(String name) {
        Object narrow = ((JavascriptExecutor) browser).executeScript("""
                var found = [];
                document.querySelectorAll('main table, #upgradeclient-console table').forEach(function (table) {
                  if (!table.offsetParent) { return; }
                  var panel = table.parentElement, style = getComputedStyle(panel);
                  var inner = panel.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                  var width = table.getBoundingClientRect().width;
                  if (width < 0.95 * inner) {
                    found.push((table.id || table.className || 'table') + ' is ' + Math.round(width) + ' of ' + Math.round(inner) + ' px');
                  }
                });
                return found.join(', ');""");
        return narrow.toString().isEmpty() ? "" : name + ": tables narrower than their panel: " + narrow + "; ";
    }

    /** Serves a listing with one large file, sent at {@link #BYTES_PER_SECOND}; companion checksum files are 404. */
    private void startSlowServer() throws IOException {
        slowServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slowServer.setExecutor(Executors.newCachedThreadPool());
        slowServer.createContext("/fw/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if ("/fw/".equals(path)) {
                String day = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(Instant.now().minusSeconds(60));
                byte[] page = ("<html><head><title>Index of /fw/</title></head><body><h1>Index of /fw/</h1><pre>"
                        + "<a href=\"big.20161025.bin\">big.20161025.bin</a>  " + day + "  " + BIG_FILE_BYTES + "\n</pre></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            } else if ("/fw/big.20161025.bin".equals(path) && "GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, BIG_FILE_BYTES);
                byte[] chunk = new byte[BYTES_PER_SECOND / 10];
                try {
                    for (int sent = 0; sent < BIG_FILE_BYTES; sent += chunk.length) {
                        exchange.getResponseBody().write(chunk, 0, Math.min(chunk.length, BIG_FILE_BYTES - sent));
                        Thread.sleep(100);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        // The browser asks for the icon of the listing it is sent to; a 404 there would show as a failed request in its log.
        slowServer.createContext("/favicon.ico", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        slowServer.start();
    }

    private void fullScreenshot(String name) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> shot = (Map<String, Object>) ((ChromeDriver) browser).executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private void logIn(String user, String password) {
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(By.id("username")).isEmpty());
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(By.id("current-user")).isEmpty());
    }

    private HttpResponse<String> postAs(String user, String password, String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String page) {
        Matcher token = Pattern.compile("name=\"csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"csrf\"").matcher(page);
        if (!token.find()) {
            throw new AssertionError("no csrf field on the login page");
        }
        return token.group(1) != null ? token.group(1) : token.group(2);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
