package io.upgradeclient.check.rclone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.testsupport.ReadmeKeys;
import io.upgradeclient.upload.rclone.internal.process.Rclone;

/** Each option of an {@code rclone} check the README documents, set to another value than its default, takes effect. */
class RcloneSourceKeysTest {
    @TempDir
    Path home;

    @Test
    void everyOptionTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/vendor.conf"), "[vendor]\ntype = local\n");
        Map<String, String> configured = Map.of("rclone_config", "etc/vendor.conf", "rclone_binpath", "/opt/rclone/bin/rclone",
                "timeout_seconds", "9", "hash", "true", "stable_seconds", "30");
        assertThat(configured.keySet()).as("a documented option without a test here")
                .isEqualTo(ReadmeKeys.table(Path.of("README.md"), "| option | default | meaning |", 0));
        CheckDefinition check = new CheckDefinition("vendor-fw", "rclone", URI.create("vendor:releases/"), Credentials.NONE, "",
                Duration.ofDays(7), Duration.ofMinutes(5), List.of(), List.of(), "", List.of(), "", configured);

        RcloneSource source = RcloneSource.of(check, Map.of(), home);

        assertThat(source.rclone()).isEqualTo(new Rclone("/opt/rclone/bin/rclone", home.resolve("etc/vendor.conf"), 9));
        assertThat(source.hash()).as("hash").isTrue();
        assertThat(source.stableSeconds()).as("stable_seconds").isEqualTo(30);
    }
}
