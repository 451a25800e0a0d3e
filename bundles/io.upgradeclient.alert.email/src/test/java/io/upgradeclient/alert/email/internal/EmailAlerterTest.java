package io.upgradeclient.alert.email.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransientException;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

class EmailAlerterTest {
    private static final String USER = "sender@mail.test";
    private static final String PASSWORD = "Sm7p-pa55word!";
    private static final Instant SINCE = Instant.parse("2016-10-24T23:00:00Z");
    private static final Instant UNTIL = Instant.parse("2016-10-25T23:00:00Z");

    GreenMail greenMail;
    final List<String> debugLines = new ArrayList<>();
    EmailAlerter alerter;

    @BeforeEach
    void setUp() {
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
        greenMail.setUser(USER, USER, PASSWORD);
        greenMail.start();
        alerter = new EmailAlerter(ZoneOffset.UTC, debugLines::add);
    }

    @AfterEach
    void tearDown() {
        greenMail.stop();
    }

    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("smtp_host", "127.0.0.1",
                "smtp_port", String.valueOf(greenMail.getSmtp().getPort()), "smtp_user", USER, "smtp_pass", PASSWORD,
                "debug_num", "0", "public_url", "http://uc.example:8081/"));
        settings.putAll(extra);
        return settings;
    }

    private static AlertMedia media(List<String> to, List<String> cc, List<String> bcc) {
        return new AlertMedia(new TargetRef("default", "email"), to, cc, bcc);
    }

    private static AlertMedia media() {
        return media(List.of("ops@to.test"), List.of("lead@cc.test"), List.of("audit@bcc.test"));
    }

    private static RemoteChange change(String fileName, String revision) {
        return new RemoteChange(ChangeAction.ADDED, URI.create("http://svn.example/General/x.bin"), fileName, "General", "alice",
                Instant.parse("2016-10-25T08:00:00Z"), revision, 10);
    }

    private static Report report() {
        Event published = Event.builder(EventLevel.INFO, "upload", "RsyncUploader").id(41).check("xm_dvr")
                .change(change("IPC_<script>alert(1)</script>.20161025.bin", "1234"))
                .message("published for device 1A2B3C4DXXXXXXXXXXX12345").build();
        Event error = Event.builder(EventLevel.ERROR, "download", "HttpDownloader").id(42).check("xm_dvr")
                .change(change("DVR_S38.20161025.bin", "1235"))
                .message("HTTP 404 for <b>bold</b> & \"quoted\"").build();
        return new Report(ReportKind.SCHEDULED, "xm_dvr", SINCE, UNTIL, List.of(published), List.of(error), 2, 1);
    }

    private static String part(MimeMessage message, int index) throws Exception {
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        return (String) multipart.getBodyPart(index).getContent();
    }

    private List<StoredMessage> inbox(String email) throws Exception {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(email);
        assertThat(user).as("mailbox of %s", email).isNotNull();
        return greenMail.getManagers().getImapHostManager().getInbox(user).getMessages();
    }

    private List<MimeMessage> awaitMessages(int count) {
        assertThat(greenMail.waitForIncomingEmail(10_000, count)).as("%d messages delivered", count).isTrue();
        return List.of(greenMail.getReceivedMessages());
    }

    @Test
    void sendsTheReportWithSubjectAndPlainAndHtmlParts() throws Exception {
        alerter.send(report(), media(), settings(Map.of()));

        MimeMessage message = awaitMessages(3).get(0);
        assertThat(message.getSubject()).isEqualTo("[upgradeclient] xm_dvr: daily report");
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        assertThat(multipart.getContentType()).startsWith("multipart/alternative");
        BodyPart text = multipart.getBodyPart(0);
        BodyPart html = multipart.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");

        assertThat(part(message, 0)).contains("IPC_<script>alert(1)</script>.20161025.bin", "1A2B3C4DXXXXXXXXXXX12345",
                "Revision: 1235", "http://uc.example:8081/firmware/42", "Jobs pending: 2, failed: 1");
        assertThat(part(message, 1))
                .contains("IPC_&lt;script&gt;alert(1)&lt;/script&gt;.20161025.bin")
                .doesNotContain("<script>")
                .contains("HTTP 404 for &lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;")
                .contains("<a href=\"http://uc.example:8081/firmware/42\">42</a>")
                .contains("2016-10-25 08:00", "1A2B3C4DXXXXXXXXXXX12345", "Jobs pending: 2, failed: 1");
    }

    @Test
    void deliversToToCcAndBccButKeepsBccOutOfTheHeader() throws Exception {
        alerter.send(report(), media(), settings(Map.of()));

        awaitMessages(3);
        for (String recipient : List.of("ops@to.test", "lead@cc.test", "audit@bcc.test")) {
            assertThat(inbox(recipient)).as(recipient).hasSize(1);
        }
        MimeMessage message = inbox("audit@bcc.test").get(0).getMimeMessage();
        assertThat(message.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("ops@to.test"));
        assertThat(message.getRecipients(Message.RecipientType.CC)).containsExactly(new InternetAddress("lead@cc.test"));
        assertThat(message.getHeader("Bcc")).isNull();
    }

    @Test
    void fromDefaultsToTheSmtpUserAndCanBeConfigured() throws Exception {
        alerter.send(report(), media(List.of("ops@to.test"), List.of(), List.of()), settings(Map.of()));
        assertThat(awaitMessages(1).get(0).getFrom()).containsExactly(new InternetAddress(USER));

        greenMail.purgeEmailFromAllMailboxes();
        alerter.send(report(), media(List.of("ops@to.test"), List.of(), List.of()),
                settings(Map.of("from", "Upgrade Client <noreply@mail.test>")));
        assertThat(awaitMessages(1).get(0).getFrom()).containsExactly(new InternetAddress("Upgrade Client <noreply@mail.test>"));
    }

    @Test
    void namesTheReportKindInTheSubject() throws Exception {
        Report failing = new Report(ReportKind.FAILING, "xm_dvr", SINCE, UNTIL, List.of(), report().errors(), 0, 0);

        alerter.send(failing, media(List.of("ops@to.test"), List.of(), List.of()), settings(Map.of("public_url", "")));

        MimeMessage message = awaitMessages(1).get(0);
        assertThat(message.getSubject()).isEqualTo("[upgradeclient] xm_dvr: failing");
        assertThat(part(message, 1)).contains("no firmware published").doesNotContain("/firmware/42");
    }

    @Test
    void aWrongPasswordIsPermanentAndNeverShown() {
        assertThatThrownBy(() -> alerter.send(report(), media(), settings(Map.of("smtp_pass", "wrong-secret"))))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining("login refused").hasMessageContaining(USER)
                .hasMessageNotContaining("wrong-secret");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsDownIsTransient() {
        int port = greenMail.getSmtp().getPort();
        Map<String, String> settings = settings(Map.of());
        greenMail.stop();

        assertThatThrownBy(() -> alerter.send(report(), media(), settings))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void anInvalidAddressIsPermanent() {
        assertThatThrownBy(() -> alerter.send(report(), media(List.of("ops@to.test"), List.of("not an address"), List.of()), settings(Map.of())))
                .isInstanceOf(PermanentException.class).hasMessageContaining("cc address 'not an address'");
    }

    @Test
    void sendsOverSmtpsTrustingTheTestCertificate() throws Exception {
        alerter.send(report(), media(List.of("ops@to.test"), List.of(), List.of()), settings(Map.of(
                "smtp_port", String.valueOf(greenMail.getSmtps().getPort()), "security", "smtps", "ssl_trust", "*")));

        assertThat(awaitMessages(1).get(0).getSubject()).isEqualTo("[upgradeclient] xm_dvr: daily report");
    }

    /** GreenMail offers no STARTTLS; what matters is that a required upgrade never falls back to plain text. */
    @Test
    void requiredStarttlsNeverFallsBackToPlainText() {
        assertThatThrownBy(() -> alerter.send(report(), media(), settings(Map.of("security", "starttls", "ssl_trust", "*"))))
                .isInstanceOf(TransientException.class).hasMessageContaining("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsWithAnUntrustedCertificateIsPermanent() {
        assertThatThrownBy(() -> alerter.send(report(), media(), settings(Map.of(
                "smtp_port", String.valueOf(greenMail.getSmtps().getPort()), "security", "smtps"))))
                .isInstanceOf(PermanentException.class);
    }

    @Test
    void debugLogsTheConversationWithoutTheCredentials() throws Exception {
        alerter.send(report(), media(), settings(Map.of("debug_num", "1")));

        awaitMessages(3);
        assertThat(debugLines).anyMatch(line -> line.startsWith("EHLO")).anyMatch(line -> line.startsWith("MAIL FROM"));
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> forbidden = List.of(PASSWORD, base64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        for (String secret : forbidden) {
            assertThat(debugLines).noneMatch(line -> line.contains(secret));
        }
    }

    @Test
    void restoresTheContextClassLoader() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        alerter.send(report(), media(List.of("ops@to.test"), List.of(), List.of()), settings(Map.of()));
        assertThatThrownBy(() -> alerter.send(report(), media(), settings(Map.of("smtp_pass", "wrong"))))
                .isInstanceOf(PermanentException.class);

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }
}
