package io.upgradeclient.check.rclone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;
import io.upgradeclient.upload.rclone.internal.process.Rclone;

/** Each key of PID {@code io.upgradeclient.check.rclone} the README documents, set to another value than its default, takes effect. */
class RcloneCheckerConfigKeysTest {
    private static final Path README = Path.of("README.md");

    @TempDir
    Path home;

    @Test
    void everyKeyOfThePidTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/vendor.conf"), "[vendor]\ntype = local\n");
        Set<String> documented = ReadmeKeys.listed(README, "PID `io.upgradeclient.check.rclone`:");
        Map<String, Object> configured = Map.of("rclone_binpath", "/opt/rclone/bin/rclone", "rclone_config", "etc/vendor.conf",
                "timeout_seconds", "9");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(RcloneChecker.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(RcloneChecker.Config.class, configured)).isEmpty();
        CheckDefinition check = new CheckDefinition("vendor-fw", "rclone", URI.create("vendor:releases/"), Credentials.NONE, "",
                Duration.ofDays(7), Duration.ofMinutes(5), List.of(), List.of(), "", List.of(), "", Map.of());

        RcloneSource source = RcloneSource.of(check, RcloneChecker.defaults(DsConfig.of(RcloneChecker.Config.class, configured)), home);

        assertThat(source.rclone()).isEqualTo(new Rclone("/opt/rclone/bin/rclone", home.resolve("etc/vendor.conf"), 9));
    }
}
