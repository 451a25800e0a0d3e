package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.After;
import org.junit.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The security of the assembled distribution, tried the way an attacker and an operator would: the Web Console
 * refuses cross-site state changes and carries protective headers; no configured secret, inline or from a
 * {@code *_file}, shows on any console page, API answer, log or file others can read, and a console form saved with
 * the mask keeps the stored secret; the login throttle holds against 100 parallel attempts; request
 * text cannot forge log lines; and the documented settings of PID {@code io.upgradeclient.web}, written under
 * their documented names in a {@code .cfg} file with the guide's multi-user line, take effect.
 */
public class SecurityEndToEndIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RSYNC_SECRET = "Rsync-Secret-4711";
    private static final String CHECK_SECRET = "Svn-Secret-0815";
    private static final String OPTION_SECRET = "Api-Token-2342";
    private static final String ANN_PASSWORD = "Ann-Admin-Pw-31";
    private static final String VIC_PASSWORD = "Vic-Viewer-Pw-77";
    private static final String SMTP_SECRET = "Smtp-Secret-6502";
    /** Held only in files that settings name through a {@code *_file} key. */
    private static final String RSYNC_FILE_SECRET = "Rsync-File-Secret-1984";
    private static final String CHECK_FILE_SECRET = "Svn-File-Secret-2001";
    private static final List<String> SECRETS = List.of(RSYNC_SECRET, CHECK_SECRET, OPTION_SECRET, ANN_PASSWORD, VIC_PASSWORD, SMTP_SECRET,
            RSYNC_FILE_SECRET, CHECK_FILE_SECRET);
    private static final List<String> CONFIGURED_PIDS = List.of("io.upgradeclient.upload~mirror", "io.upgradeclient.upload~vault",
            "io.upgradeclient.check~vendor", "io.upgradeclient.check~archive", "io.upgradeclient.alert~mail");
    private static final int ATTEMPTS_PER_MINUTE = 3;
    private static final String FORWARDED_CLIENT = "198.51.100.9";

    private InstalledDistribution distribution;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @After
    public void killLeftovers() {
        if (distribution != null) {
            distribution.close();
        }
    }

    @Test
    public void consoleSecretsLoginAndWebSettingsHoldOnTheShippedDistribution() throws Exception {
        Path work = InstalledDistribution.workFolder(getClass());
        distribution = new InstalledDistribution(work);
        Path home = distribution.home();
        configure(home);
        Path leftover = Files.createDirectories(home.resolve("var/tmp")).resolve("rsync-pass-12345.tmp");
        Files.writeString(leftover, RSYNC_SECRET + "\n");
        distribution.start();

        assertThat(leftover).as("a crashed run's password file is gone at the next start").doesNotExist();
        Eventually.await(DEADLINE, "the configured checks, upload and alert sections in Config Admin",
                () -> CONFIGURED_PIDS.stream().allMatch(consoleStatus()::contains));

        webSettingsApplyUnderTheirDocumentedNames();
        consoleRefusesCrossSiteStateChanges();
        consoleAndErrorRepliesCarryProtectiveHeaders();
        Instant vicSignedIn = Instant.now();
        HttpClient vicSession = formLogin("vic", VIC_PASSWORD);
        csrfTokenCountsOnlyFromBodyOrHeader();
        logLinesCannotBeForged();
        noSecretOnAnyPageApiLogOrFileOthersCanRead(home);
        consoleFormSavedWithTheMaskKeepsTheStoredSecret();
        hundredParallelWrongLoginsReachThePasswordCheckAtMostTheConfiguredTimes();

        Eventually.await(Duration.ofSeconds(90), "the 1-minute session timeout to pass",
                () -> Instant.now().isAfter(vicSignedIn.plusSeconds(62)));
        HttpResponse<String> expired = vicSession.send(request("/").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(expired.statusCode()).as("session_timeout_minutes = 1 ended the idle session").isEqualTo(303);
        assertThat(expired.headers().firstValue("Location").orElse("")).startsWith("/login");

        consoleFallsBackToItsOwnLoginOnlyWhileTheWebBundleIsStopped();
        assertThat(distribution.log().lines().filter(line -> line.contains(" ERROR "))).as("ERROR lines in the log").isEmpty();
    }

    /** README, Security: the console's own password (the launcher's hash of the generated one) applies only then. */
    private void consoleFallsBackToItsOwnLoginOnlyWhileTheWebBundleIsStopped() throws Exception {
        String generated = Files.readString(distribution.home().resolve("var/webconsole-password")).strip();
        String web = "/system/console/bundles/" + bundleId("io.upgradeclient.web");
        assertThat(consolePost(web, Map.of("action", "stop"), Map.of(), basic("ann", ANN_PASSWORD)).statusCode()).isEqualTo(200);
        Eventually.await(DEADLINE, "the console's own login with the generated password",
                () -> distribution.getAs("/system/console/bundles", "admin", generated).statusCode() == 200);
        assertThat(distribution.getAs("/system/console/bundles", "ann", ANN_PASSWORD).statusCode()).isEqualTo(401);

        assertThat(consolePost(web, Map.of("action", "start"), Map.of(), basic("admin", generated)).statusCode()).isEqualTo(200);
        Eventually.await(DEADLINE, "the web users signing in to the console again",
                () -> distribution.getAs("/system/console/bundles", "ann", ANN_PASSWORD).statusCode() == 200);
        assertThat(distribution.getAs("/system/console/bundles", "admin", generated).statusCode()).isEqualTo(401);
    }

    /**
     * HTTPS with the Jetty bundle's own settings, as the operator guide shows them: a keystore made with keytool in
     * {@code config/}, its settings in {@code config/org.apache.felix.http.cfg}; the session cookie is then
     * {@code Secure}.
     */
    @Test
    public void servesTheUiOverHttpsWithAKeystoreInConfig() throws Exception {
        Path work = Path.of(System.getProperty("upgradeclient.itests.work", "target/itests")).resolve(getClass().getSimpleName() + "-https")
                .toAbsolutePath();
        distribution = new InstalledDistribution(work);
        Path home = distribution.home();
        String storePassword = "Keystore-Pw-5150";
        ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "upgradeclient", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", home.resolve("config/keystore.p12").toString(),
                "-storepass:env", "KEYSTORE_PASSWORD").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        keytool.environment().put("KEYSTORE_PASSWORD", storePassword);
        assertThat(keytool.start().waitFor()).isZero();
        int httpsPort = TestSupport.freePort();
        Files.writeString(home.resolve("config/org.apache.felix.http.cfg"), String.join("\n",
                "org.apache.felix.https.enable = true",
                "org.osgi.service.http.port.secure = " + httpsPort,
                "org.apache.felix.https.keystore = ${upgradeclient.home}/config/keystore.p12",
                "org.apache.felix.https.keystore.type = PKCS12",
                "org.apache.felix.https.keystore.password = " + storePassword,
                "org.apache.felix.https.keystore.key.password = " + storePassword,
                "org.osgi.service.http.port = " + distribution.baseUrl().getPort(), ""));
        distribution.start();

        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(home.resolve("config/keystore.p12"))) {
            trusted.load(in, storePassword.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient browser = HttpClient.newBuilder().sslContext(tls).cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        URI https = URI.create("https://127.0.0.1:" + httpsPort);
        Eventually.await(DEADLINE, "/health over HTTPS", () -> {
            try {
                return browser.send(HttpRequest.newBuilder(https.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });

        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(https.resolve("/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.sslSession()).isPresent();
        assertThat(loginPage.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).contains("SameSite=Strict", "Secure"));
        String password = Files.readString(home.resolve("var/webconsole-password")).strip();
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(https.resolve("/login")).POST(form(Map.of("csrf", token(loginPage.body()),
                "username", "admin", "password", password))).header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(browser.send(HttpRequest.newBuilder(https.resolve("/jobs")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(console("/system/console/status-Configurations.txt", "admin", password)).contains("org.apache.felix.http")
                .doesNotContain(storePassword);
    }

    private String console(String path, String user, String password) throws IOException, InterruptedException {
        return distribution.getAs(path, user, password).body();
    }

    /** The guide's multi-user line and every documented key, written as the README and guide show them. */
    private static void configure(Path home) throws Exception {
        Files.writeString(home.resolve("config/io.upgradeclient.web.cfg"), String.join("\n",
                "users = ann:admin:" + pbkdf2(ANN_PASSWORD) + ", vic:viewer:{plain}" + VIC_PASSWORD,
                "metrics_public = false",
                "login_attempts_per_minute = " + ATTEMPTS_PER_MINUTE,
                "session_timeout_minutes = 1",
                "refresh_seconds = 17",
                "trusted_proxies = 127.0.0.1", ""));
        JsonObject upload = JsonParser.parseString(Files.readString(home.resolve("config/upload/upload.json"))).getAsJsonObject();
        JsonObject rsync = new JsonObject();
        rsync.addProperty("serverip", "127.0.0.1");
        rsync.addProperty("remotepath", "module");
        rsync.addProperty("username", "uploader");
        rsync.addProperty("password", RSYNC_SECRET);
        JsonObject mirror = new JsonObject();
        mirror.add("rsync", rsync);
        upload.add("mirror", mirror);
        JsonObject rsyncFromFile = rsync.deepCopy();
        rsyncFromFile.remove("password");
        rsyncFromFile.addProperty("password_file", privateFile(home, "config/secrets/rsync.pass", RSYNC_FILE_SECRET));
        JsonObject vault = new JsonObject();
        vault.add("rsync", rsyncFromFile);
        upload.add("vault", vault);
        Files.writeString(home.resolve("config/upload/upload.json"), upload.toString());
        /* named by no check: nothing is mailed, the settings only sit in Config Admin */
        Files.createDirectories(home.resolve("config/alert"));
        Files.writeString(home.resolve("config/alert/alert.json"), """
                {"mail": {"email": {"smtp_host": "127.0.0.1", "smtp_port": 1, "smtp_user": "reporter", "smtp_pass": "%s",
                                    "from": "upgradeclient@example.com"}}}
                """.formatted(SMTP_SECRET));
        Files.writeString(home.resolve("config/check/vendor.json"), """
                {"name": "vendor", "check_type": "http", "base_url": "http://127.0.0.1:1/firmware/",
                 "auth_user": "reader", "auth_pass": "%s", "api_token": "%s", "summarize_interval": "3600",
                 "check_filter": ["glob"], "include": "*.bin",
                 "upload": [{"relation_name": "published", "relation_type": "dir"}], "target_cache": "vendor"}
                """.formatted(CHECK_SECRET, OPTION_SECRET));
        /* read when the check file is loaded, so its content is in Config Admin like an inline auth_pass */
        Files.writeString(home.resolve("config/check/archive.json"), """
                {"name": "archive", "check_type": "http", "base_url": "http://127.0.0.1:1/archive/",
                 "auth_user": "reader", "auth_pass_file": "%s", "summarize_interval": "3600",
                 "check_filter": ["glob"], "include": "*.bin", "target_cache": "archive"}
                """.formatted(privateFile(home, "config/secrets/svn.pass", CHECK_FILE_SECRET)));
    }

    /** @return the path, relative to the distribution folder, of a new owner-only file holding the secret and a line break */
    private static String privateFile(Path home, String path, String secret) throws IOException {
        Path file = home.resolve(path);
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(file, secret + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return path;
    }

    private void webSettingsApplyUnderTheirDocumentedNames() throws Exception {
        assertThat(distribution.get("/metrics").statusCode()).as("metrics_public = false").isEqualTo(401);
        assertThat(distribution.getAs("/metrics", "vic", VIC_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(distribution.getAs("/", "vic", VIC_PASSWORD).body()).as("refresh_seconds = 17").contains("data-refresh=\"17\"");
        assertThat(distribution.getAs("/api/v1/checks", "ann", ANN_PASSWORD).statusCode()).as("ann from the multi-user line").isEqualTo(200);

        assertThat(console("/system/console/bundles").statusCode()).as("a web admin signs in to the console").isEqualTo(200);
        assertThat(distribution.getAs("/system/console/bundles", "vic", VIC_PASSWORD).statusCode()).as("a viewer does not").isEqualTo(403);
        String generated = Files.readString(distribution.home().resolve("var/webconsole-password")).strip();
        assertThat(distribution.getAs("/system/console/bundles", "admin", generated).statusCode())
                .as("with users configured, the generated password no longer signs in").isEqualTo(401);

        JsonObject health = JsonParser.parseString(distribution.get("/health").body()).getAsJsonObject();
        assertThat(health.keySet()).as("anonymous: status only").containsExactlyInAnyOrder("status", "instance");
        assertThat(distribution.getAs("/health", "vic", VIC_PASSWORD).body()).contains("\"bundles\"", "io.upgradeclient.web");
    }

    private void consoleRefusesCrossSiteStateChanges() throws Exception {
        long bundle = bundleId("io.upgradeclient.xm");
        String bundlePath = "/system/console/bundles/" + bundle;
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        forms.put("/system/console/configMgr/io.upgradeclient.web", Map.of("apply", "true", "action", "ajaxConfigManager",
                "propertylist", "users", "users", "evil:admin:{plain}pwned123"));
        forms.put(bundlePath + "#stop", Map.of("action", "stop"));
        forms.put(bundlePath + "#uninstall", Map.of("action", "uninstall"));
        forms.put("/system/console/bundles#install", Map.of("action", "install", "bundleurl", "file:///etc/hostname"));
        forms.put("/system/console/bundles#refresh", Map.of("action", "refreshPackages"));
        List<Map<String, String>> crossSite = List.of(Map.of("Origin", "http://evil.example"),
                Map.of("Referer", "http://evil.example/page.html"), Map.of("Origin", "null"), Map.of("Sec-Fetch-Site", "cross-site"));
        for (Map.Entry<String, Map<String, String>> form : forms.entrySet()) {
            String path = form.getKey().replaceAll("#.*", "");
            for (Map<String, String> headers : crossSite) {
                HttpResponse<String> response = consolePost(path, form.getValue(), headers);
                assertThat(response.statusCode()).as(form.getKey() + " with " + headers).isEqualTo(403);
            }
        }
        assertThat(bundleState(bundle)).as("the bundle was not stopped or uninstalled").isEqualTo("Active");
        assertThat(distribution.getAs("/system/console/bundles", "evil", "pwned123").statusCode()).as("no user was added").isEqualTo(401);
        assertThat(consoleStatus()).doesNotContain("evil:admin");

        Map<String, String> sameOrigin = Map.of("Origin", distribution.baseUrl().toString());
        assertThat(consolePost(bundlePath, Map.of("action", "stop"), sameOrigin).statusCode()).as("the same form from the console itself works")
                .isEqualTo(200);
        assertThat(bundleState(bundle)).isEqualTo("Resolved");
        for (Map<String, String> headers : crossSite) {
            assertThat(consolePost(bundlePath, Map.of("action", "start"), headers).statusCode()).as("start with " + headers).isEqualTo(403);
        }
        assertThat(bundleState(bundle)).as("the stopped bundle was not started from another site").isEqualTo("Resolved");
        assertThat(consolePost(bundlePath, Map.of("action", "start"), sameOrigin).statusCode()).isEqualTo(200);
        Eventually.await(DEADLINE, "the bundle started from the console itself", () -> "Active".equals(bundleState(bundle)));

        assertThat(consolePost(bundlePath, Map.of("action", "stop"), Map.of()).statusCode()).as("a script sends no browser headers").isEqualTo(200);
        assertThat(bundleState(bundle)).isEqualTo("Resolved");
        assertThat(consolePost(bundlePath, Map.of("action", "start"), Map.of()).statusCode()).isEqualTo(200);
        Eventually.await(DEADLINE, "the bundle started by a script", () -> "Active".equals(bundleState(bundle)));
    }

    private void consoleAndErrorRepliesCarryProtectiveHeaders() throws Exception {
        List<HttpResponse<String>> replies = new ArrayList<>();
        for (String page : List.of("/system/console/bundles", "/system/console/configMgr", "/system/console/services",
                "/system/console/status-Configurations.txt", "/system/console/upgradeclient", "/system/console/res/ui/webconsole.css")) {
            replies.add(console(page));
        }
        replies.add(distribution.get("/system/console/bundles"));
        replies.add(consolePost("/system/console/bundles", Map.of("action", "refreshPackages"), Map.of("Origin", "http://evil.example")));
        replies.add(raw("/%"));
        replies.add(distribution.get("/no-such-page"));
        for (HttpResponse<String> reply : replies) {
            assertThat(reply.headers().firstValue("X-Frame-Options")).as(reply.uri() + " " + reply.statusCode()).contains("DENY");
            assertThat(reply.headers().firstValue("X-Content-Type-Options")).as(reply.uri().toString()).contains("nosniff");
            assertThat(reply.headers().firstValue("Content-Security-Policy").orElse("")).as(reply.uri().toString()).contains("frame-ancestors 'none'");
        }
        assertThat(raw("/%").statusCode()).isEqualTo(400);
        for (String path : List.of("/", "/login", "/system/console/bundles")) {
            HttpResponse<String> trace = http.send(request(path).method("TRACE", HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", basic("ann", ANN_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trace.statusCode()).as("TRACE " + path).isEqualTo(405);
            assertThat(trace.body()).doesNotContain(basic("ann", ANN_PASSWORD));
        }
    }

    private void csrfTokenCountsOnlyFromBodyOrHeader() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        HttpResponse<String> loginPage = browser.send(request("/login").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=")
                .contains("HttpOnly", "SameSite=Strict"));
        HttpResponse<String> signedIn = browser.send(request("/login").POST(form(Map.of("csrf", token(loginPage.body()),
                "username", "ann", "password", ANN_PASSWORD))).header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).contains("SameSite=Strict"));
        assertThat(signedIn.headers().allValues("Set-Cookie")).noneSatisfy(cookie -> assertThat(cookie).contains("Secure"));
        HttpResponse<String> behindHttpsProxy = http.send(request("/login").header("X-Forwarded-Proto", "https").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(behindHttpsProxy.headers().allValues("Set-Cookie")).as("trusted_proxies = 127.0.0.1 says https")
                .anySatisfy(cookie -> assertThat(cookie).contains("SameSite=Strict", "Secure"));
        String csrf = token(browser.send(request("/checks").build(), HttpResponse.BodyHandlers.ofString()).body());

        HttpResponse<String> inQuery = browser.send(request("/checks/inbox/dryrun?csrf=" + csrf).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> inBody = browser.send(request("/checks/inbox/dryrun").POST(form(Map.of("csrf", csrf)))
                .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(inQuery.statusCode()).as("token in the query string").isEqualTo(403);
        assertThat(inBody.statusCode()).as("token in the form body").isEqualTo(200);
    }

    private void logLinesCannotBeForged() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String loginPage = browser.send(request("/login").build(), HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> formLogin = browser.send(request("/login").POST(form(Map.of("csrf", token(loginPage),
                "username", "mallory\r\n2026-01-02T00:00:00,000 | INFO  | qtp1-1 | WebSecurity | admin signed in", "password", "wrong")))
                .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(formLogin.statusCode()).as("the login form refuses").isEqualTo(401);
        Eventually.await(DEADLINE, "the failed form login in the log", () -> distribution.log().contains("mallory\\r\\n2026-01-02"));
        assertThat(distribution.log().lines()).noneMatch(line -> line.startsWith("2026-01-02T00:00:00,000"));

        String forged = "eve\n2026-01-01 00:00:00.000 INFO  [forged] admin signed in";
        assertThat(distribution.getAs("/api/v1/checks", forged, "wrong").statusCode()).isEqualTo(401);
        assertThat(distribution.getAs("/system/console/bundles", forged + "-console", "wrong").statusCode()).isEqualTo(401);
        Eventually.await(DEADLINE, "the failed logins in the log", () -> distribution.log().contains("eve\\n2026-01-01"));
        assertThat(distribution.log().lines()).noneMatch(line -> line.startsWith("2026-01-01 00:00:00.000 INFO  [forged]"));
    }

    private void noSecretOnAnyPageApiLogOrFileOthersCanRead(Path home) throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        String status = consoleStatus();
        Matcher printers = Pattern.compile("href=\"/system/console/(status-[^\"]+)\"").matcher(console("/system/console/config").body());
        List<String> pages = new ArrayList<>(List.of("bundles", "bundles.json", "services", "services.json", "configMgr", "configMgr/*.json",
                "configMgr/io.upgradeclient.web", "config/configuration-status.txt", "upgradeclient", "logs", "vmstat", "licenses"));
        CONFIGURED_PIDS.forEach(pid -> pages.add("configMgr/" + pid));
        while (printers.find()) {
            for (String format : List.of("", ".txt", ".json")) {
                pages.add(printers.group(1).replace(" ", "%20") + format);
            }
        }
        assertThat(pages).as("the status printers found").contains("status-Configurations.txt", "status-Services.txt");
        for (String page : pages) {
            HttpResponse<String> reply = console("/system/console/" + page);
            if (!page.endsWith(".json") || page.startsWith("bundles") || page.startsWith("services") || page.startsWith("configMgr")) {
                assertThat(reply.statusCode()).as(page).isEqualTo(200);
            }
            seen.put("console " + page, reply.body());
        }
        seen.put("configuration status", status);
        assertThat(console("/system/console/status-Configurations.zip").statusCode()).as("zip cannot be masked").isEqualTo(403);
        for (String api : List.of("/api/v1/checks", "/api/v1/components", "/api/v1/events?limit=1000", "/api/v1/jobs", "/api/v1/dashboard",
                "/api/v1/nodes", "/checks", "/components", "/firmware", "/nodes", "/", "/ajax/firmware/list?rows=1000", "/metrics", "/health")) {
            seen.put("web " + api, distribution.getAs(api, "ann", ANN_PASSWORD).body());
        }
        try (Stream<Path> files = Files.walk(home.resolve("var"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (file.startsWith(home.resolve("var/log"))) {
                    seen.put("log " + file.getFileName(), Files.readString(file, StandardCharsets.ISO_8859_1));
                }
                if (readableByOthers(file)) {
                    seen.put("readable by others: " + file, Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(seen.keySet()).noneMatch(name -> name.startsWith("readable by others"));
        for (Map.Entry<String, String> entry : seen.entrySet()) {
            for (String secret : SECRETS) {
                assertThat(entry.getValue()).as(entry.getKey() + " shows a secret").doesNotContain(secret);
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("var")))).isEqualTo("rwx------");
        assertThat(seen.get("configuration status")).as("the configurations are shown, masked").contains(CONFIGURED_PIDS)
                .contains("password = ********", "smtp_pass = ********", "password_file = config/secrets/rsync.pass");
        assertThat(storedConfiguration("io.upgradeclient.check~archive")).as("auth_pass_file was read into Config Admin")
                .contains("auth_pass=\"" + CHECK_FILE_SECRET + "\"");
    }

    /**
     * The console shows the stored rsync password as the mask; saving the section's form with another field changed
     * and the password field as shown keeps the stored password.
     */
    private void consoleFormSavedWithTheMaskKeepsTheStoredSecret() throws Exception {
        String pid = "io.upgradeclient.upload~mirror";
        String form = "/system/console/configMgr/" + pid;
        Map<String, String> sameOrigin = Map.of("Origin", distribution.baseUrl().toString());
        assertThat(consoleStatus()).contains("password = ********");
        /* apply=update changes only the listed properties, so the other keys of the section need not be sent again */
        assertThat(consolePost(form, Map.of("apply", "update", "action", "ajaxConfigManager", "propertylist", "remotepath,password",
                "remotepath", "module2", "password", "********"), sameOrigin).statusCode()).as("the form saved").isEqualTo(302);

        Eventually.await(DEADLINE, "the changed field in Config Admin", () -> storedConfiguration(pid).contains("remotepath=\"module2\""));
        assertThat(storedConfiguration(pid)).as("the stored password").contains("password=\"" + RSYNC_SECRET + "\"");
    }

    /**
     * @param pid a configuration's PID
     * @return its properties as Felix Config Admin keeps them in {@code var/framework}, one {@code key="value"} a line
     */
    private String storedConfiguration(String pid) throws IOException {
        try (Stream<Path> files = Files.walk(distribution.home().resolve("var/framework"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".config")).toList()) {
                String properties = Files.readString(file, StandardCharsets.UTF_8);
                if (properties.lines().anyMatch(("service.pid=\"" + pid + "\"")::equals)) {
                    return properties;
                }
            }
        }
        throw new AssertionError("no stored configuration " + pid);
    }

    private void hundredParallelWrongLoginsReachThePasswordCheckAtMostTheConfiguredTimes() throws Exception {
        /* through a "proxy" (this test, from the trusted 127.0.0.1) for a client at 198.51.100.9 */
        List<CompletableFuture<HttpResponse<Void>>> attempts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            attempts.add(http.sendAsync(request("/api/v1/checks").header("Authorization", basic("ann", "wrong-" + i))
                    .header("X-Forwarded-For", FORWARDED_CLIENT).build(), HttpResponse.BodyHandlers.discarding()));
        }
        Map<Integer, Long> statuses = attempts.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        System.out.println("100 parallel wrong logins: " + statuses);
        assertThat(statuses.keySet()).containsOnly(401, 429);
        assertThat(statuses.get(401)).as("answers of a password check").isLessThanOrEqualTo(ATTEMPTS_PER_MINUTE);
        assertThat(viaProxy("ann", ANN_PASSWORD).statusCode()).as("ann is locked from that address").isEqualTo(429);
        assertThat(viaProxy("vic", VIC_PASSWORD).statusCode()).as("other users are not").isEqualTo(200);
        assertThat(distribution.getAs("/api/v1/checks", "ann", ANN_PASSWORD).statusCode()).as("nor is ann from another address").isEqualTo(200);
    }

    private HttpResponse<String> viaProxy(String user, String password) throws Exception {
        return http.send(request("/api/v1/checks").header("Authorization", basic(user, password)).header("X-Forwarded-For", FORWARDED_CLIENT)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean readableByOthers(Path file) throws IOException {
        if (!Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
            return false;
        }
        for (Path folder = file.getParent(); folder != null; folder = folder.getParent()) {
            if (!Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private HttpClient formLogin(String user, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = browser.send(request("/login").build(), HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> signedIn = browser.send(request("/login").POST(form(Map.of("csrf", token(page), "username", user,
                "password", password))).header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(browser.send(request("/").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        return browser;
    }

    private long bundleId(String symbolicName) throws Exception {
        for (JsonElement bundle : JsonParser.parseString(console("/system/console/bundles.json").body()).getAsJsonObject().getAsJsonArray("data")) {
            if (symbolicName.equals(bundle.getAsJsonObject().get("symbolicName").getAsString())) {
                return bundle.getAsJsonObject().get("id").getAsLong();
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private String bundleState(long id) throws Exception {
        return JsonParser.parseString(console("/system/console/bundles/" + id + ".json").body()).getAsJsonObject()
                .getAsJsonArray("data").get(0).getAsJsonObject().get("state").getAsString();
    }

    private String consoleStatus() throws Exception {
        return console("/system/console/status-Configurations.txt").body();
    }

    private HttpResponse<String> console(String path) throws IOException, InterruptedException {
        return distribution.getAs(path, "ann", ANN_PASSWORD);
    }

    private HttpResponse<String> consolePost(String path, Map<String, String> fields, Map<String, String> headers) throws Exception {
        return consolePost(path, fields, headers, basic("ann", ANN_PASSWORD));
    }

    private HttpResponse<String> consolePost(String path, Map<String, String> fields, Map<String, String> headers, String authorization)
            throws Exception {
        HttpRequest.Builder post = request(path).POST(form(fields)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", authorization);
        headers.forEach(post::header);
        // A fresh connection each time: after the minute-long session wait, a pooled one may be closed by Jetty's
        // 60 s idle timeout just as the POST goes out, and the client retries only idempotent requests.
        HttpClient freshConnection = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return freshConnection.send(post.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request Java's client would refuse to build: an invalid escape in the path, answered by Jetty itself. */
    private HttpResponse<String> raw(String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", distribution.baseUrl().getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(reply.substring(9, 12));
            Map<String, List<String>> headers = reply.substring(0, reply.indexOf("\r\n\r\n")).lines().skip(1)
                    .map(line -> line.split(":\\s*", 2)).filter(pair -> pair.length == 2)
                    .collect(Collectors.groupingBy(pair -> pair[0], Collectors.mapping(pair -> pair[1], Collectors.toList())));
            return new RawReply(status, java.net.http.HttpHeaders.of(headers, (a, b) -> true), distribution.baseUrl().resolve("/x"));
        }
    }

    private record RawReply(int statusCode, java.net.http.HttpHeaders headers, URI uri) implements HttpResponse<String> {
        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(distribution.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private static String token(String page) {
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("a CSRF token on the page").isTrue();
        return token.group(1);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The hash {@code upgradeclient:passwordhash} makes, computed the way the README's Python line does. */
    private static String pbkdf2(String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 210_000, 256)).getEncoded();
        return "pbkdf2$210000$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(hash);
    }
}
