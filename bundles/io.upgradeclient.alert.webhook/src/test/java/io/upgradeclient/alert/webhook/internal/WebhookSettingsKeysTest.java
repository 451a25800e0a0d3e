package io.upgradeclient.alert.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.upgradeclient.testsupport.ReadmeKeys;

/**
 * Each setting of a {@code webhook} alert section the README documents, set to another value than its default,
 * takes effect ({@code failure_alerts} is read by the report dispatcher: its {@code ReportConfigKeysTest}).
 */
class WebhookSettingsKeysTest {
    @Test
    void everySettingTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Map<String, String> configured = Map.of("url", "https://hooks.example.com/T0/x", "format", "teams",
                "header.Authorization", "Bearer t0ken", "secret", "hmac-key", "timeout_seconds", "4", "attempts", "6",
                "public_url", "https://ui.example.com/");
        Set<String> keys = new TreeSet<>(configured.keySet());
        keys.remove("header.Authorization");
        keys.add("failure_alerts");
        assertThat(keys).as("a documented setting without a test here")
                .isEqualTo(ReadmeKeys.table(Path.of("README.md"), "| setting | default | meaning |", 0));
        assertThat(ReadmeKeys.rows(Path.of("README.md"), "| setting | default | meaning |")).anyMatch(row -> row.get(0).equals("`header.<Name>`"));

        assertThat(WebhookSettings.of("chat", configured, 10, 3)).isEqualTo(new WebhookSettings(URI.create("https://hooks.example.com/T0/x"),
                WebhookFormat.TEAMS, Map.of("Authorization", "Bearer t0ken"), "hmac-key", Duration.ofSeconds(4), 6, "https://ui.example.com"));
    }
}
