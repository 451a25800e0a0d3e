package io.upgradeclient.upload.rsync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each setting of an {@code rsync} upload section the README documents, set to another value than its default, takes effect. */
class RsyncSettingsKeysTest {
    @TempDir
    Path dir;

    @Test
    void everySettingTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("rsync-pass"), "from-the-file\n");
        Map<String, String> configured = new HashMap<>(Map.ofEntries(Map.entry("binpath", "/opt/rsync/bin/rsync"),
                Map.entry("username", "uploader"), Map.entry("password", "S3cret"), Map.entry("serverip", "10.0.0.5"),
                Map.entry("serverport", "8873"), Map.entry("remotepath", "/firmware/xm/"), Map.entry("localpath", "xm_upgradefiles"),
                Map.entry("timeout_seconds", "42"), Map.entry("bwlimit", "1024"), Map.entry("delete", "true"), Map.entry("compress", "false")));
        Set<String> keys = new TreeSet<>(configured.keySet());
        keys.add("password_file");
        assertThat(keys).as("a documented setting without a test here")
                .isEqualTo(ReadmeKeys.table(Path.of("README.md"), "| setting | default | meaning |", 0));

        RsyncSettings inline = RsyncSettings.of(new UploadTarget(new TargetRef("mirror", "rsync"), configured));
        configured.remove("password");
        configured.put("password_file", passwordFile.toString());
        RsyncSettings fromFile = RsyncSettings.of(new UploadTarget(new TargetRef("mirror", "rsync"), configured));

        assertThat(inline).isEqualTo(new RsyncSettings("/opt/rsync/bin/rsync", "uploader", "S3cret", "10.0.0.5", 8873, "xm_upgradefiles",
                "firmware/xm", 42, "1024", true, false));
        assertThat(fromFile.password()).as("password_file").isEqualTo("from-the-file");
    }
}
