package io.upgradeclient.upload.rclone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;
import io.upgradeclient.upload.rclone.internal.process.Rclone;

/** Each key of PID {@code io.upgradeclient.upload.rclone} the README documents, set to another value than its default, takes effect. */
class RcloneUploaderConfigKeysTest {
    private static final Path README = Path.of("README.md");

    @TempDir
    Path home;

    @Test
    void everyKeyOfThePidTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/cloud.conf"), "[backup]\ntype = local\n");
        Set<String> documented = ReadmeKeys.listed(README, "PID `io.upgradeclient.upload.rclone`");
        Map<String, Object> configured = Map.of("binpath", "/opt/rclone/bin/rclone", "config", "etc/cloud.conf", "timeout_seconds", "9");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(RcloneUploader.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(RcloneUploader.Config.class, configured)).isEmpty();

        RcloneSettings settings = RcloneSettings.of(new UploadTarget(new TargetRef("cloud", "rclone"), Map.of("remote", "backup:fw")),
                RcloneUploader.defaults(DsConfig.of(RcloneUploader.Config.class, configured)), home);

        assertThat(settings.rclone()).isEqualTo(new Rclone("/opt/rclone/bin/rclone", home.resolve("etc/cloud.conf"), 9));
    }
}
