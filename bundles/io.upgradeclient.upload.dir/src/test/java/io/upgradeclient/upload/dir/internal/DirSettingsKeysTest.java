package io.upgradeclient.upload.dir.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each setting of a {@code dir} section the README documents, set to another value than its default, takes effect. */
class DirSettingsKeysTest {
    @Test
    void everySettingTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Map<String, String> configured = Map.of("path", "var/published", "fsync", "TRUE");
        assertThat(configured.keySet()).as("a documented setting without a test here")
                .isEqualTo(ReadmeKeys.table(Path.of("README.md"), "| setting | default | meaning |", 0));
        Path home = Path.of("/opt/uc");

        assertThat(DirSettings.of(new UploadTarget(new TargetRef("mirror", "dir"), configured), home))
                .isEqualTo(new DirSettings(Path.of("/opt/uc/var/published"), true));
        assertThat(DirSettings.of(new UploadTarget(new TargetRef("mirror", "dir"), Map.of("path", "/srv/fw")), home).fsync())
                .as("the default").isFalse();
        assertThatThrownBy(() -> DirSettings.of(new UploadTarget(new TargetRef("mirror", "dir"), Map.of("path", "x", "fsync", "yes")), home))
                .isInstanceOf(PermanentException.class).hasMessage("upload 'mirror': setting 'fsync': expected true or false");
        assertThatThrownBy(() -> DirSettings.of(new UploadTarget(new TargetRef("mirror", "dir"), Map.of("fsync", "true")), home))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'path' is missing");
    }
}
