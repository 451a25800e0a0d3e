package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
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
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's headless Chromium) against the running distribution: log in, charts drawn
 * with data, filter the history, open a detail, watch a deployed plugin appear, run a check as admin, be refused as
 * viewer, and see a hostile file name as text. Screenshots go to {@code target/screenshots/}.
 */
public class WebUiBrowserIT {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>.20161025.bin";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private InstalledDistribution distribution;
    private WebDriver browser;
    private String base;

    @Before
    public void install() throws Exception {
        Path work = Path.of(System.getProperty("upgradeclient.itests.work", "target/itests")).resolve(getClass().getSimpleName()).toAbsolutePath();
        distribution = new InstalledDistribution(work);
        Path inbox = Files.createDirectories(work.resolve("inbox/General"));
        Files.writeString(inbox.resolve("IPC_50H10L.20161025.bin"), "firmware one");
        Files.writeString(inbox.resolve(HOSTILE), "firmware two");
        Path config = distribution.home().resolve("config");
        Files.writeString(config.resolve("io.upgradeclient.web.cfg"),
                "users = [\"boss:admin:{plain}boss-pw\", \"reader:viewer:{plain}reader-pw\"]\n");
        Files.createDirectories(config.resolve("check"));
        Files.createDirectories(config.resolve("upload"));
        Files.writeString(config.resolve("upload/upload.json"),
                "{\"out\": {\"dir\": {\"path\": \"" + work.resolve("published") + "\"}}, \"broken\": {\"dir\": {}}}");
        Files.writeString(config.resolve("check/inbox.json"), """
                {"name": "inbox", "check_type": "file", "base_url": "%s", "summarize_interval": "2",
                 "revision_seconds": "86400", "check_filter": ["glob"], "include": "*.bin", "stable_seconds": "0",
                 "upload": [{"relation_name": "out", "relation_type": "dir"}, {"relation_name": "broken", "relation_type": "dir"}]}"""
                .formatted(inbox.getParent().toUri()));
        Files.createDirectories(SCREENSHOTS);

        distribution.start();
        base = distribution.baseUrl().toString();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1024", "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @After
    public void close() {
        if (browser != null) {
            browser.quit();
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
        screenshot("dashboard");

        browser.get(base + "/firmware");
        browser.findElement(By.id("filter-text")).sendKeys("onerror");
        browser.findElement(By.id("filter-apply")).click();
        new WebDriverWait(browser, WAIT).until(driver -> driver.getCurrentUrl().contains("onerror"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#history-table tr.event-row"));
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(row -> assertThat(row.getText()).contains(HOSTILE));
        assertThat(browser.findElements(By.cssSelector("#history-table img"))).as("the file name is text, not markup").isEmpty();
        screenshot("history-filtered");

        rows.get(0).findElement(By.cssSelector("a.event-link")).click();
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(By.id("event-detail")).isEmpty());
        assertThat(browser.findElement(By.id("event-detail")).getText()).contains(HOSTILE);
        screenshot("detail");

        Files.copy(TestSupport.EXAMPLE_PLUGIN, distribution.home().resolve("deploy").resolve(TestSupport.EXAMPLE_PLUGIN.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        browser.get(base + "/components");
        new WebDriverWait(browser, WAIT).until(driver -> {
            driver.navigate().refresh();
            return !driver.findElements(By.cssSelector("tr.plugin-row[data-type='manifest']")).isEmpty();
        });
        screenshot("components");

        browser.get(base + "/checks");
        browser.findElement(By.cssSelector("tr.check-row[data-check='inbox'] form.action-run button, tr.check-row[data-check='inbox'] form.action-run [type=submit]")).click();
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(By.cssSelector("#run-result[data-outcome]")).isEmpty());
        assertThat(browser.findElement(By.id("run-result")).getAttribute("data-outcome")).isEqualTo("SUCCEEDED");
        screenshot("run-result");

        browser.findElement(By.id("logout")).click();
        logIn("reader", "reader-pw");
        browser.get(base + "/checks");
        assertThat(browser.findElements(By.cssSelector("#checks-table tr.check-row[data-check='inbox']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("form.action-run"))).as("no actions for a viewer").isEmpty();
        screenshot("checks-as-viewer");
        assertThat(postAs("reader", "reader-pw", "/api/v1/checks/inbox/run").statusCode()).isEqualTo(403);
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

    private void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
