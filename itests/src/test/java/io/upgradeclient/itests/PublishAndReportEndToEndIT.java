package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import io.upgradeclient.upload.rsync.internal.RsyncDaemon;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/**
 * The whole way on the assembled distribution: a new firmware in a source ends up in an rsync daemon's module, the
 * rsync password is never visible in {@code ps} or the logs, and the check's scheduled report reaches the SMTP
 * server listing the firmware, delivered to its To and Cc recipients.
 */
public class PublishAndReportEndToEndIT {
    private static final String RSYNC_PASSWORD = "rsync-S3cret-e2e";
    private static final String SMTP_USER = "uc@example.com";
    private static final String SMTP_PASSWORD = "smtp-S3cret-e2e";
    private static final String FIRMWARE = "IPC_HI3518EV200.20161025.bin";
    private static final Duration REPORT_DEADLINE = Duration.ofSeconds(150);

    private InstalledDistribution distribution;
    private RsyncDaemon rsync;
    private GreenMail smtp;
    private Path inbox;

    @Before
    public void install() throws Exception {
        Path work = InstalledDistribution.workFolder(getClass());
        distribution = new InstalledDistribution(work);
        rsync = RsyncDaemon.start(Files.createDirectories(work.resolve("rsyncd")), RSYNC_PASSWORD);
        smtp = new GreenMail(new ServerSetup(TestSupport.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser(SMTP_USER, SMTP_USER, SMTP_PASSWORD);
        smtp.start();
        inbox = Files.createDirectories(work.resolve("inbox/IPC"));
        byte[] firmware = new byte[384 * 1024];
        new Random(7).nextBytes(firmware);
        Files.write(inbox.resolve(FIRMWARE), firmware);

        Path config = distribution.home().resolve("config");
        write(config.resolve("upload/upload.json"), """
                {"upgrade": {"rsync": {"binpath": "", "username": "%s", "password": "%s", "serverip": "127.0.0.1",
                  "serverport": "%d", "localpath": "", "remotepath": "%s", "bwlimit": "96"}}}"""
                .formatted(RsyncDaemon.USER, RSYNC_PASSWORD, rsync.port, RsyncDaemon.MODULE));
        write(config.resolve("alert/alert.json"), """
                {"mail": {"email": {"smtp_host": "127.0.0.1", "smtp_port": %d, "smtp_user": "%s", "smtp_pass": "%s",
                  "debug_num": 1}}}""".formatted(smtp.getSmtp().getPort(), SMTP_USER, SMTP_PASSWORD));
        write(config.resolve("check/firmware.json"), """
                {"name": "firmware", "check_type": "file", "base_url": "%s", "summarize_interval": "1",
                 "revision_seconds": "86400", "check_filter": ["glob"], "include": "*.bin", "stable_seconds": "0",
                 "upload": [{"relation_name": "upgrade", "relation_type": "rsync"}],
                 "alert": {"crontab": "* * * * *",
                           "medias": [{"relation_name": "mail", "relation_type": "email",
                                       "to": ["ops@example.com"], "cc": ["lead@example.com"]}]}}"""
                .formatted(inbox.getParent().toUri()));
    }

    @After
    public void stopPeers() throws Exception {
        distribution.close();
        smtp.stop();
        rsync.close();
    }

    @Test
    public void firmwareReachesTheRsyncModuleAndTheReportReachesToAndCc() throws Exception {
        InstalledDistribution.CommandLines rsyncCommandLines = InstalledDistribution.sampleCommandLines(
                line -> line.startsWith("rsync ") && !line.contains("--daemon"));
        Process process = distribution.start();

        Path published = rsync.module.resolve("IPC").resolve(FIRMWARE);
        Eventually.await(Duration.ofSeconds(90), "the firmware in the rsync module", () -> Files.exists(published)
                && Files.mismatch(published, inbox.resolve(FIRMWARE)) == -1L);
        rsyncCommandLines.close();
        assertThat(rsyncCommandLines.seen()).as("ps saw the rsync client while it was uploading").isNotEmpty()
                .noneMatch(line -> line.contains(RSYNC_PASSWORD));

        // a report of a minute that ended before the upload lists no firmware yet (its job pending): wait for the one that does
        Eventually.await(REPORT_DEADLINE, "the report listing the firmware, for To and Cc", () -> reportsListing(FIRMWARE).size() >= 2);
        for (MimeMessage message : reportsListing(FIRMWARE)) {
            assertThat(message.getSubject()).contains("firmware");
            assertThat(message.getRecipients(Message.RecipientType.CC)).extracting(Object::toString).containsExactly("lead@example.com");
        }
        assertThat(smtp.getReceivedMessagesForDomain("ops@example.com")).isNotEmpty();
        assertThat(smtp.getReceivedMessagesForDomain("lead@example.com")).as("Cc delivered, not only in the header").isNotEmpty();

        assertThat(distribution.command("stop")).isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(distribution.logsAndConsole()).doesNotContain(RSYNC_PASSWORD).doesNotContain(SMTP_PASSWORD);
    }

    /** @return the mails received so far whose body names the file */
    private List<MimeMessage> reportsListing(String file) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> GreenMailUtil.getBody(message).contains(file)).toList();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
