package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;

import io.upgradeclient.api.Secrets;
import io.upgradeclient.upload.rclone.internal.RclonePeer;

/**
 * The rclone plugins and the webhook alerter on the assembled distribution, against real peers on loopback: two
 * {@code rclone serve sftp} servers (a publishing target and a vendor's source), an S3 server (S3Proxy) and a webhook
 * receiver that checks every request's HMAC signature. A new firmware reaches the SFTP and the S3 target with
 * identical bytes, and a second run sends nothing; a file on the SFTP source is published to a folder; the SFTP
 * target going down raises one FAILING alert and coming back a RECOVERED one after the job completes; the scheduled
 * report arrives; and no secret shows in any process's arguments, the logs, the API or the console pages — neither
 * the plain passwords nor the obscured form rclone.conf holds them in (which rclone turns back into the password).
 */
public class RcloneAndWebhookEndToEndIT {
    private static final String TARGET_PASSWORD = "sftp-target-S3cret-e2e";
    private static final String SOURCE_PASSWORD = "sftp-source-S3cret-e2e";
    private static final String S3_SECRET = "s3-secret-key-S3cret-e2e";
    private static final String HOOK_SECRET = "hmac-S3cret-e2e";
    private static final String HOOK_TOKEN = "Bearer header-S3cret-e2e";
    private static final List<String> PLAIN_SECRETS = List.of(TARGET_PASSWORD, SOURCE_PASSWORD, S3_SECRET, HOOK_SECRET, HOOK_TOKEN);
    private static final Pattern OBSCURED_PASSWORD = Pattern.compile("(?m)^pass = (\\S+)$");

    /** One webhook request as the receiver saw it. */
    record Hook(String kind, String check, String body, boolean signed, String authorization) {
    }

    private InstalledDistribution distribution;
    private RclonePeer target;
    private RclonePeer source;
    private S3Server s3;
    private HttpServer receiver;
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private Path inbox;
    private Path published;
    /** The plain secrets and the obscured passwords as written to rclone.conf. */
    private final List<String> secrets = new ArrayList<>(PLAIN_SECRETS);

    @Before
    public void install() throws Exception {
        Path work = InstalledDistribution.workFolder(getClass());
        distribution = new InstalledDistribution(work);
        distribution.unsetEnvironment("AWS_CA_BUNDLE");
        target = RclonePeer.start("sftp", Files.createDirectories(work.resolve("target")), TARGET_PASSWORD);
        source = RclonePeer.start("sftp", Files.createDirectories(work.resolve("source")), SOURCE_PASSWORD);
        s3 = S3Server.start(Files.createDirectories(work.resolve("s3")), S3_SECRET);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String timestamp = exchange.getRequestHeaders().getFirst("X-Upgradeclient-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Upgradeclient-Signature");
            boolean signed = timestamp != null && ("sha256=" + hmac(timestamp + "." + body)).equals(signature);
            JsonObject json = JsonParser.parseString(body).getAsJsonObject();
            hooks.add(new Hook(json.get("kind").getAsString(), json.get("check").getAsString(), body, signed,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        inbox = Files.createDirectories(work.resolve("inbox"));
        published = Files.createDirectories(work.resolve("published"));
        Path config = distribution.home().resolve("config");
        String rcloneConf = target.configSection("target") + source.configSection("source") + s3.configSection("s3", S3_SECRET);
        write(config.resolve("rclone.conf"), rcloneConf);
        Matcher obscured = OBSCURED_PASSWORD.matcher(rcloneConf);
        while (obscured.find()) {
            secrets.add(obscured.group(1));
        }
        assertThat(secrets).as("the SFTP target's and source's obscured passwords").hasSize(PLAIN_SECRETS.size() + 2);
        write(config.resolve("upload/upload.json"), """
                {"sftp": {"rclone": {"remote": "target:firmware", "timeout_seconds": "10"}},
                 "s3": {"rclone": {"remote": "s3:firmware"}},
                 "folder": {"dir": {"path": "%s"}}}""".formatted(published));
        write(config.resolve("alert/alert.json"), """
                {"chat": {"webhook": {"url": "http://127.0.0.1:%d/hooks/T000/B000", "format": "generic",
                  "secret": "%s", "header.Authorization": "%s"}}}""".formatted(receiver.getAddress().getPort(), HOOK_SECRET, HOOK_TOKEN));
        write(config.resolve("check/firmware.json"), """
                {"name": "firmware", "check_type": "file", "base_url": "%s", "summarize_interval": "1",
                 "revision_seconds": "86400", "stable_seconds": "0",
                 "upload": [{"relation_name": "sftp", "relation_type": "rclone"}, {"relation_name": "s3", "relation_type": "rclone"}],
                 "alert": {"crontab": "* * * * *",
                           "medias": [{"relation_name": "chat", "relation_type": "webhook", "to": ["#firmware"]}]}}"""
                .formatted(inbox.toUri()));
        write(config.resolve("check/vendor.json"), """
                {"name": "vendor", "check_type": "rclone", "base_url": "source:releases/", "summarize_interval": "2",
                 "revision_seconds": "86400", "upload": [{"relation_name": "folder", "relation_type": "dir"}]}""");
        Path settings = config.resolve("upgradeclient.yaml");
        write(settings, Files.readString(settings).replace("max_attempts: 8", "max_attempts: 1000")
                .replace("backoff_initial_seconds: 30", "backoff_initial_seconds: 1").replace("backoff_max_seconds: 3600", "backoff_max_seconds: 2"));
        write(config.resolve("io.upgradeclient.report.cfg"), "failing_after=2\nreminder_first_minutes=600\n");
    }

    @After
    public void stopPeers() throws Exception {
        // whatever install() got to start is stopped, even when it failed half-way
        distribution.close();
        if (receiver != null) {
            receiver.stop(0);
        }
        for (AutoCloseable peer : new AutoCloseable[] {s3, source, target}) {
            if (peer != null) {
                peer.close();
            }
        }
    }

    @Test
    public void publishesThroughRcloneWatchesAnSftpSourceAndAlertsByWebhookWithoutShowingASecret() throws Exception {
        byte[] ipc = firmware("IPC/IPC_HI3518EV200.20161025.bin", 700 * 1024);
        byte[] dvr = firmware("DVR/DVR_HI3521.20170101.bin", 3 * 1024 * 1024);
        byte[] vendor = random(250 * 1024);
        write(source.root.resolve("releases/NVR/NVR_HI3536.20180101.bin"), vendor);

        InstalledDistribution.CommandLines processes = InstalledDistribution.sampleCommandLines(
                line -> line.contains("rclone") || secrets.stream().anyMatch(line::contains));
        Process process = distribution.start();

        // one check publishes to the SFTP and the S3 target at once, byte for byte
        Eventually.await(Duration.ofSeconds(120), "both firmware files at the SFTP and the S3 target", () ->
                same(target.root.resolve("firmware/IPC/IPC_HI3518EV200.20161025.bin"), ipc)
                && same(target.root.resolve("firmware/DVR/DVR_HI3521.20170101.bin"), dvr)
                && same(s3.data.resolve("firmware/IPC/IPC_HI3518EV200.20161025.bin"), ipc)
                && same(s3.data.resolve("firmware/DVR/DVR_HI3521.20170101.bin"), dvr));

        // the rclone checker watches the SFTP source; its file is published to the folder target
        Eventually.await(Duration.ofSeconds(60), "the vendor's file in the folder target",
                () -> same(published.resolve("NVR/NVR_HI3536.20180101.bin"), vendor));

        // a second run of the same bytes (the file touched: a new revision, a new job) sends nothing to either target
        Files.setLastModifiedTime(inbox.resolve("IPC/IPC_HI3518EV200.20161025.bin"), FileTime.from(Instant.now().minusSeconds(5)));
        Eventually.await(Duration.ofSeconds(60), "the second run's uploads", () -> uploads("0 of 1 file(s) transferred to").size() >= 2);
        assertThat(uploads("0 of 1 file(s) transferred to")).anyMatch(line -> line.contains("target:firmware"))
                .anyMatch(line -> line.contains("s3:firmware"));

        // the SFTP target goes down: one FAILING alert; back up: the job completes and RECOVERED follows
        target.stop();
        byte[] late = firmware("IPC/IPC_HI3518EV300.20180808.bin", 100 * 1024);
        Eventually.await(Duration.ofSeconds(90), "a FAILING webhook", () -> kinds().contains("FAILING"));
        assertThat(same(s3.data.resolve("firmware/IPC/IPC_HI3518EV300.20180808.bin"), late)).as("S3 is served on its own").isTrue();
        target.start();
        Eventually.await(Duration.ofSeconds(90), "the late firmware at the restarted SFTP target",
                () -> same(target.root.resolve("firmware/IPC/IPC_HI3518EV300.20180808.bin"), late));
        Eventually.await(Duration.ofSeconds(90), "a RECOVERED webhook", () -> kinds().contains("RECOVERED"));

        // the scheduled report (every minute) reaches the webhook, listing the firmware
        Eventually.await(Duration.ofSeconds(150), "a scheduled report", () -> kinds().contains("SCHEDULED"));
        processes.close();

        assertThat(kinds().stream().filter("FAILING"::equals).count()).as("FAILING alerts").isEqualTo(1);
        assertThat(kinds().indexOf("FAILING")).isLessThan(kinds().indexOf("RECOVERED"));
        assertThat(hooks).allSatisfy(hook -> {
            assertThat(hook.check()).isEqualTo("firmware");
            assertThat(hook.signed()).as("HMAC signature of " + hook.kind()).isTrue();
            assertThat(hook.authorization()).isEqualTo(HOOK_TOKEN);
        });
        assertThat(hooks.stream().filter(hook -> hook.kind().equals("SCHEDULED")).map(Hook::body))
                .anyMatch(body -> body.contains("IPC_HI3518EV200.20161025.bin"));

        assertThat(processes.seen()).as("ps saw the rclone client at work").anyMatch(line -> line.contains("rclone copy"))
                .anyMatch(line -> line.contains("rclone lsjson"));
        for (String secret : secrets) {
            assertThat(processes.seen()).as("process arguments").noneMatch(line -> line.contains(secret));
        }
        StringBuilder pages = new StringBuilder();
        for (String page : List.of("/api/v1/checks", "/api/v1/events?limit=500", "/api/v1/components", "/api/v1/jobs?check=firmware",
                "/system/console/configMgr", "/system/console/configMgr/io.upgradeclient.alert~chat",
                "/system/console/configMgr/io.upgradeclient.upload~s3", "/system/console/status-Configurations.txt")) {
            HttpResponse<String> reply = distribution.getAsAdmin(page);
            assertThat(reply.statusCode()).as(page).isEqualTo(200);
            pages.append(reply.body());
        }
        // the console shows the webhook's section, its secrets masked: the page searched below is the right one
        assertThat(distribution.getAsAdmin("/system/console/status-Configurations.txt").body()).contains("io.upgradeclient.alert~chat",
                "header.Authorization = " + Secrets.MASK, "secret = " + Secrets.MASK, "io.upgradeclient.upload~s3");
        assertThat(distribution.command("stop")).isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String logs = distribution.logsAndConsole();
        for (String secret : secrets) {
            assertThat(logs).as("logs and console").doesNotContain(secret);
            assertThat(pages.toString()).as("pages").doesNotContain(secret);
        }
    }

    private List<String> kinds() {
        return hooks.stream().map(Hook::kind).toList();
    }

    /** @return the messages of the firmware check's events that contain the text */
    private List<String> uploads(String text) throws IOException, InterruptedException {
        JsonObject page = JsonParser.parseString(distribution.getAsAdmin("/api/v1/events?dao_name=firmware&limit=500").body()).getAsJsonObject();
        List<String> found = new ArrayList<>();
        page.getAsJsonArray("events").forEach(event -> {
            String message = event.getAsJsonObject().get("log_message").getAsString();
            if (message.contains(text)) {
                found.add(message);
            }
        });
        return found;
    }

    private byte[] firmware(String name, int size) throws IOException {
        byte[] bytes = random(size);
        write(inbox.resolve(name), bytes);
        Files.setLastModifiedTime(inbox.resolve(name), FileTime.from(Instant.now().minusSeconds(10)));
        return bytes;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static boolean same(Path file, byte[] expected) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == expected.length
                && java.util.Arrays.equals(Files.readAllBytes(file), expected);
    }

    private static String hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
