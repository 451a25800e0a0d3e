package io.upgradeclient.alert.email.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;

class ReportMessageTest {
    private static final Instant SINCE = Instant.parse("2016-10-24T23:00:00Z");

    private static Report report(ReportKind kind, String check, List<Event> errors) {
        return new Report(kind, check, SINCE, SINCE.plusSeconds(86_400), List.of(), errors, 0, 3);
    }

    @Test
    void namesEachReportKindInTheSubject() {
        assertThat(ReportMessage.of("uc", report(ReportKind.SCHEDULED, "xm_dvr", List.of()), "", ZoneOffset.UTC).subject())
                .isEqualTo("[uc] xm_dvr: daily report");
        assertThat(ReportMessage.of("uc", report(ReportKind.RECOVERED, "xm_dvr", List.of()), "", ZoneOffset.UTC).subject())
                .isEqualTo("[uc] xm_dvr: recovered");
        assertThat(ReportMessage.of("uc", report(ReportKind.STILL_FAILING, "xm_dvr", List.of()), "", ZoneOffset.UTC).subject())
                .isEqualTo("[uc] xm_dvr: still failing");
    }

    @Test
    void keepsRemoteTextFromBreakingTheSubjectOrTheHtml() {
        Event error = Event.builder(EventLevel.ERROR, "check", "SvnChecker").id(7).message("line one\r\nBcc: evil@x <img src=x onerror=alert(1)>").build();

        ReportMessage message = ReportMessage.of("uc", report(ReportKind.FAILING, "ipc\nX-Injected: 1", List.of(error)),
                "https://uc.example", ZoneOffset.UTC);

        assertThat(message.subject()).isEqualTo("[uc] ipc X-Injected: 1: failing");
        assertThat(message.html()).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("<a href=\"https://uc.example/firmware/7\">7</a>");
        assertThat(message.text()).contains("line one Bcc: evil@x").contains("https://uc.example/firmware/7")
                .contains("Jobs pending: 0, failed: 3");
    }

    @Test
    void findsAMaskedDeviceIdInAMessage() {
        assertThat(ReportMessage.deviceId("packaged for 1A2B3C4DXXXXX0000ABCDEFG into 2016-10-25")).isEqualTo("1A2B3C4DXXXXX0000ABCDEFG");
        assertThat(ReportMessage.deviceId("no id here")).isEmpty();
    }

    @Test
    void escapesEveryHtmlSpecialCharacter() {
        String html = ReportMessage.of("uc", report(ReportKind.FAILING, "<a href='x'>\"&\"</a>", List.of()), "", ZoneOffset.UTC).html();

        assertThat(html).contains("<h2>&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;: ").doesNotContain("<a href='x'>");
    }
}
