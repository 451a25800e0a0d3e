package io.upgradeclient.alert.email.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.testsupport.ReadmeKeys;

/** Each setting of an {@code email} alert section the README documents, set to another value than its default, takes effect. */
class EmailSettingsKeysTest {
    @TempDir
    Path dir;

    @Test
    void everySettingTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("smtp-pass"), "from-the-file\n");
        Map<String, String> configured = new HashMap<>(Map.ofEntries(Map.entry("smtp_host", "mail.example.com"),
                Map.entry("smtp_port", "2465"), Map.entry("smtp_user", "reports"), Map.entry("smtp_pass", "S3cret"),
                Map.entry("debug_num", "1"), Map.entry("from", "Upgrade Client <noreply@example.com>"), Map.entry("security", "smtps"),
                Map.entry("connect_timeout_seconds", "7"), Map.entry("timeout_seconds", "8"), Map.entry("public_url", "https://ui.example.com/"),
                Map.entry("ssl_trust", "mail.example.com")));
        Set<String> keys = new TreeSet<>(configured.keySet());
        keys.add("smtp_pass_file");
        assertThat(keys).as("a documented setting without a test here")
                .isEqualTo(ReadmeKeys.table(Path.of("README.md"), "| setting | default | meaning |", 0));

        EmailSettings inline = EmailSettings.of("mail", configured);
        configured.remove("smtp_pass");
        configured.put("smtp_pass_file", passwordFile.toString());
        EmailSettings fromFile = EmailSettings.of("mail", configured);

        assertThat(inline).isEqualTo(new EmailSettings("mail", "mail.example.com", 2465, "reports", "S3cret", true,
                "Upgrade Client <noreply@example.com>", EmailSettings.Security.SMTPS, 7, 8, "https://ui.example.com", "mail.example.com"));
        assertThat(fromFile.password()).as("smtp_pass_file").isEqualTo("from-the-file");
    }
}
