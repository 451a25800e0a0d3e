package io.upgradeclient.upload.rclone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.testsupport.ReadmeKeys;
import io.upgradeclient.upload.rclone.internal.process.Rclone;

/** Each setting of an {@code rclone} upload section the README documents, set to another value than its default, takes effect. */
class RcloneSettingsKeysTest {
    @TempDir
    Path home;

    @Test
    void everySettingTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/cloud.conf"), "[backup]\ntype = local\n");
        Map<String, String> configured = Map.of("remote", "backup:firmware", "config", "etc/cloud.conf", "binpath", "/opt/rclone/bin/rclone",
                "bwlimit", "10M", "timeout_seconds", "9");
        assertThat(configured.keySet()).as("a documented setting without a test here")
                .isEqualTo(ReadmeKeys.table(Path.of("README.md"), "| setting | default | meaning |", 0));

        assertThat(RcloneSettings.of(new UploadTarget(new TargetRef("cloud", "rclone"), configured), Map.of(), home)).isEqualTo(
                new RcloneSettings(new Rclone("/opt/rclone/bin/rclone", home.resolve("etc/cloud.conf"), 9), "backup:firmware", "10M"));
    }
}
