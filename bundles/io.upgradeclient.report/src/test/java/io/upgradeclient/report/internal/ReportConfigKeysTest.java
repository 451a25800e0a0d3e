package io.upgradeclient.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each configuration key the README documents, set to another value than its default, takes effect. */
class ReportConfigKeysTest {
    private static final Path README = Path.of("README.md");

    @Test
    void everyKeyOfTheReportPidTheReadmeDocumentsIsReadUnderThatName() {
        Set<String> documented = ReadmeKeys.table(README, "PID `io.upgradeclient.report`:", 0);
        Map<String, Object> configured = Map.of("time_zone", "Europe/Berlin", "send_empty", "true",
                "public_url", "https://reports.example.com/", "failing_after", "7", "stale_after_minutes", "90",
                "reminder_first_minutes", "5", "reminder_max_minutes", "50", "retry_first_seconds", "11", "retry_max_minutes", "13");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(ReportScheduler.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(ReportScheduler.Config.class, configured)).isEmpty();

        ReportSettings settings = ReportScheduler.settings(DsConfig.of(ReportScheduler.Config.class, configured),
                new WebSettings(DsConfig.of(WebSettings.Config.class, Map.of())));

        assertThat(settings.zone()).as("time_zone").isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(settings.sendEmpty()).as("send_empty").isTrue();
        assertThat(settings.publicUrl().get()).as("public_url").isEqualTo("https://reports.example.com/");
        assertThat(settings.failingAfter()).as("failing_after").isEqualTo(7);
        assertThat(settings.staleAfter()).as("stale_after_minutes").isEqualTo(Duration.ofMinutes(90));
        assertThat(settings.reminderFirst()).as("reminder_first_minutes").isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.reminderMax()).as("reminder_max_minutes").isEqualTo(Duration.ofMinutes(50));
        assertThat(settings.retryFirst()).as("retry_first_seconds").isEqualTo(Duration.ofSeconds(11));
        assertThat(settings.retryMax()).as("retry_max_minutes").isEqualTo(Duration.ofMinutes(13));
    }

    @Test
    void webPublicUrlOfTheSharedSettingsIsReadUnderThatName() throws Exception {
        assertThat(Files.readString(README)).contains("`web.public_url` of PID `io.upgradeclient.settings`");
        assertThat(DsConfig.keys(WebSettings.Config.class)).containsExactly("web.public_url");

        WebSettings web = new WebSettings(DsConfig.of(WebSettings.Config.class, Map.of("web.public_url", "https://ui.example.com/")));

        assertThat(ReportScheduler.settings(DsConfig.of(ReportScheduler.Config.class, Map.of()), web).publicUrl().get())
                .isEqualTo("https://ui.example.com/");
    }

    @Test
    void everyKeyOfAnAlertSectionTheReadmeDocumentsReachesTheSection() {
        Set<String> documented = ReadmeKeys.table(README, "Factory PID `io.upgradeclient.alert`", 0);
        Map<String, Object> configured = Map.of("name", "ops", "type", "webhook", "failure_alerts", "false");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        Set<String> read = new TreeSet<>(DsConfig.keys(AlertConfiguration.Config.class));
        read.removeIf(key -> key.startsWith("webconsole."));
        read.add(ReportDispatcher.FAILURE_ALERTS);
        assertThat(read).as("the keys the component reads, and the dispatcher from its settings").isEqualTo(documented);

        AlertConfiguration section = new AlertConfiguration(DsConfig.of(AlertConfiguration.Config.class, configured), configured);

        assertThat(section.name()).isEqualTo("ops");
        assertThat(section.type()).isEqualTo("webhook");
        assertThat(section.settings()).containsEntry(ReportDispatcher.FAILURE_ALERTS, "false");
    }
}
