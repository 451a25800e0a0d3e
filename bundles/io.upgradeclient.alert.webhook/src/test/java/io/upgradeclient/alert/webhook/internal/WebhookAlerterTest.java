package io.upgradeclient.alert.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Posts to a loopback HTTP server that records each request and answers as told. */
class WebhookAlerterTest {
    private static final String SECRET = "hmac-S3cret-unit";
    private static final String TOKEN = "Bearer header-S3cret-unit";

    /** One request as the receiver saw it. */
    record Received(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<int[]> answers = new ArrayDeque<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            int[] answer;
            synchronized (answers) {
                answer = answers.isEmpty() ? new int[] {200, -1} : answers.poll();
            }
            if (answer[1] >= 0) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(answer[1]));
            }
            byte[] reply = (answer[0] == 200 ? "ok" : "no: see the token " + TOKEN).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer[0], reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void slackGetsEscapedTextWithTheFirmwareAndTheErrors() throws Exception {
        alerter().send(report(ReportKind.SCHEDULED), media(), settings("slack"));
        JsonObject body = JsonParser.parseString(received.get(0).body()).getAsJsonObject();
        assertThat(body.keySet()).containsExactly("text");
        assertThat(body.get("text").getAsString()).startsWith("[upgradeclient] vendor-fw: report\n")
                .contains("• fw&lt;1&gt;.bin (r7)").contains("Errors (1)").contains("• x.bin: disk full")
                .contains("Jobs pending: 2, failed: 1");
        assertThat(received.get(0).header("Content-Type")).startsWith("application/json");
    }

    @Test
    void teamsGetsAMessageCardAndDiscordContentWithoutMentions() throws Exception {
        alerter().send(report(ReportKind.FAILING), media(), settings("teams"));
        alerter().send(report(ReportKind.RECOVERED), media(), settings("discord"));
        JsonObject teams = JsonParser.parseString(received.get(0).body()).getAsJsonObject();
        assertThat(teams.get("@type").getAsString()).isEqualTo("MessageCard");
        assertThat(teams.get("title").getAsString()).isEqualTo("[upgradeclient] vendor-fw: FAILING");
        assertThat(teams.get("themeColor").getAsString()).isEqualTo("D13438");
        assertThat(teams.get("text").getAsString()).contains("fw<1>.bin");
        JsonObject discord = JsonParser.parseString(received.get(1).body()).getAsJsonObject();
        assertThat(discord.get("content").getAsString()).startsWith("[upgradeclient] vendor-fw: recovered");
        assertThat(discord.getAsJsonObject("allowed_mentions").getAsJsonArray("parse")).isEmpty();
    }

    @Test
    void genericCarriesTheWholeReportSignedWithHmacOverTimestampAndBody() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(settings("generic"));
        settings.put("secret", SECRET);
        settings.put("header.Authorization", TOKEN);
        alerter().send(report(ReportKind.STILL_FAILING), media(), settings);

        Received request = received.get(0);
        JsonObject body = JsonParser.parseString(request.body()).getAsJsonObject();
        assertThat(body.get("schema").getAsString()).isEqualTo("upgradeclient.report/1");
        assertThat(body.get("kind").getAsString()).isEqualTo("STILL_FAILING");
        assertThat(body.get("check").getAsString()).isEqualTo("vendor-fw");
        assertThat(body.get("since").getAsString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(body.getAsJsonArray("published").get(0).getAsJsonObject().get("file_name").getAsString()).isEqualTo("fw<1>.bin");
        assertThat(body.getAsJsonArray("errors").get(0).getAsJsonObject().get("message").getAsString()).isEqualTo("disk full");
        assertThat(body.get("pending_jobs").getAsInt()).isEqualTo(2);
        assertThat(body.getAsJsonArray("recipients").get(0).getAsString()).isEqualTo("#firmware");
        assertThat(request.header("Authorization")).isEqualTo(TOKEN);
        String timestamp = request.header(WebhookAlerter.TIMESTAMP_HEADER);
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(request.header(WebhookAlerter.SIGNATURE_HEADER))
                .isEqualTo("sha256=" + WebhookAlerter.sign(SECRET, timestamp + "." + request.body()))
                .isNotEqualTo("sha256=" + WebhookAlerter.sign("other", timestamp + "." + request.body()));
    }

    /** A STALE alert, as the dispatcher makes it: no events, the period starting at the check's last success. */
    @Test
    void aStaleAlertNamesTheCheckAndItsLastSuccessInEveryFormat() throws Exception {
        Instant lastSuccess = Instant.parse("2026-01-01T00:00:00Z");
        Report stale = new Report(ReportKind.STALE, "vendor-fw", lastSuccess, lastSuccess.plusSeconds(86_400), List.of(), List.of(), 0, 0);
        for (String format : List.of("slack", "teams", "discord", "generic")) {
            alerter().send(stale, media(), settings(format));
        }
        assertThat(received).hasSize(4);
        String title = "[upgradeclient] vendor-fw: stale, no successful check";
        String period = "Period: 2026-01-01T00:00:00Z – 2026-01-02T00:00:00Z (UTC)";

        JsonObject slack = JsonParser.parseString(received.get(0).body()).getAsJsonObject();
        assertThat(slack.get("text").getAsString()).startsWith(title + "\n" + period + "\n");
        JsonObject teams = JsonParser.parseString(received.get(1).body()).getAsJsonObject();
        assertThat(teams.get("title").getAsString()).isEqualTo(title);
        assertThat(teams.get("themeColor").getAsString()).isEqualTo("FFB900");
        assertThat(teams.get("text").getAsString()).startsWith(period + "\n\n");
        JsonObject discord = JsonParser.parseString(received.get(2).body()).getAsJsonObject();
        assertThat(discord.get("content").getAsString()).startsWith(title + "\n" + period + "\n");
        JsonObject generic = JsonParser.parseString(received.get(3).body()).getAsJsonObject();
        assertThat(generic.get("kind").getAsString()).isEqualTo("STALE");
        assertThat(generic.get("check").getAsString()).isEqualTo("vendor-fw");
        assertThat(generic.get("since").getAsString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(generic.get("until").getAsString()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(generic.get("title").getAsString()).isEqualTo(title);
        assertThat(generic.getAsJsonArray("published")).isEmpty();
        assertThat(generic.getAsJsonArray("errors")).isEmpty();
    }

    @Test
    void aShortRetryAfterIsWaitedForWithinTheSend() throws Exception {
        answers.add(new int[] {429, 1});
        answers.add(new int[] {503, -1});
        long start = System.nanoTime();
        alerter().send(report(ReportKind.FAILING), media(), settings("slack"));
        assertThat(received).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aLongRetryAfterIsLeftToTheDispatcherAndAPermanent4xxIsAnErrorWithoutSecrets() {
        answers.add(new int[] {503, 3600});
        assertThatThrownBy(() -> alerter().send(report(ReportKind.FAILING), media(), settings("slack")))
                .isInstanceOfSatisfying(TransientException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
        assertThat(received).hasSize(1);

        answers.add(new int[] {404, -1});
        Map<String, String> settings = new java.util.HashMap<>(settings("slack"));
        settings.put("header.Authorization", "Bearer other-S3cret");
        assertThatThrownBy(() -> alerter().send(report(ReportKind.FAILING), media(), settings))
                .isInstanceOf(PermanentException.class).hasMessageContaining("HTTP 404")
                .hasMessageNotContaining("/hooks/T0/S3cretPath").hasMessageNotContaining("other-S3cret");
    }

    @Test
    void aReceiverThatIsDownIsTransientAndBadSettingsNameTheKey() {
        server.stop(0);
        assertThatThrownBy(() -> alerter().send(report(ReportKind.FAILING), media(), Map.of("url", url(), "attempts", "1")))
                .isInstanceOf(TransientException.class);
        assertThatThrownBy(() -> alerter().send(report(ReportKind.FAILING), media(), Map.of("url", "ftp://x/")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'url'");
        assertThatThrownBy(() -> alerter().send(report(ReportKind.FAILING), media(), Map.of("url", url(), "format", "irc")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'format'");
        assertThatThrownBy(() -> alerter().send(report(ReportKind.FAILING), media(), Map.of("url", url(), "header.Bad Name", "x")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'header.Bad Name'");
    }

    @Test
    void everyKeyOfThePidTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Set<String> documented = ReadmeKeys.listed(Path.of("README.md"), "PID `io.upgradeclient.alert.webhook`:");
        Map<String, Object> configured = Map.of("timeout_seconds", "1", "attempts", "2", "max_wait_seconds", "1");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(WebhookAlerter.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(WebhookAlerter.Config.class, configured)).isEmpty();
        WebhookAlerter alerter = new WebhookAlerter(DsConfig.of(WebhookAlerter.Config.class, configured));

        answers.add(new int[] {503, -1});
        answers.add(new int[] {503, -1});
        assertThatThrownBy(() -> alerter.send(report(ReportKind.FAILING), media(), Map.of("url", url())))
                .as("attempts").isInstanceOf(TransientException.class).hasMessageEndingWith("(attempt 2)");
        assertThat(received).hasSize(2);

        answers.clear();
        answers.add(new int[] {429, 2});
        assertThatThrownBy(() -> alerter.send(report(ReportKind.FAILING), media(), Map.of("url", url())))
                .as("max_wait_seconds: a Retry-After of 2 s is not waited for").isInstanceOfSatisfying(TransientException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(2)));
        assertThat(received).hasSize(3);

        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String unanswered = "http://127.0.0.1:" + silent.getLocalPort() + "/hook";
            // the default of 10 s would outlast the preemptive limit
            assertTimeoutPreemptively(Duration.ofSeconds(8), () -> assertThatThrownBy(() -> alerter.send(report(ReportKind.FAILING),
                    media(), Map.of("url", unanswered, "attempts", "1"))).as("timeout_seconds").isInstanceOf(TransientException.class)
                    .hasMessageContaining("HttpTimeoutException"));
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T0/S3cretPath";
    }

    private Map<String, String> settings(String format) {
        return Map.of("url", url(), "format", format, "timeout_seconds", "5");
    }

    static WebhookAlerter alerter() {
        return new WebhookAlerter(new WebhookAlerter.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return WebhookAlerter.Config.class;
            }

            @Override
            public int timeout__seconds() {
                return 10;
            }

            @Override
            public int attempts() {
                return 3;
            }

            @Override
            public int max__wait__seconds() {
                return 30;
            }
        });
    }

    private static AlertMedia media() {
        return new AlertMedia(new TargetRef("chat", "webhook"), List.of("#firmware"), List.of(), List.of());
    }

    private static Report report(ReportKind kind) {
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        Event published = new Event(11, EventLevel.INFO, "upload", "uploader:rclone", "vendor-fw", "IPC", "fw<1>.bin",
                "vendor:releases/IPC/fw%3C1%3E.bin", "", since, "r7", "added", "published", since, 3, Duration.ZERO);
        Event error = new Event(12, EventLevel.ERROR, "download", "downloader:rclone", "vendor-fw", "", "x.bin",
                "", "", since, "", "", "disk full", since, 4, Duration.ZERO);
        return new Report(kind, "vendor-fw", since, since.plusSeconds(3600), List.of(published), List.of(error), 2, 1);
    }
}
