package io.upgradeclient.download.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each key of PID {@code io.upgradeclient.download} the README documents, set to another value than its default, takes effect. */
class DownloadConfigKeysTest {
    private static final Path README = Path.of("README.md");

    @Test
    void everyBundleWideKeyTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Set<String> documented = ReadmeKeys.table(README, "Bundle-wide settings, PID `io.upgradeclient.download`", 0);
        Map<String, Object> configured = Map.of("max_size_bytes", "1024", "connect_timeout_seconds", "3", "read_timeout_seconds", "7");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(DownloadSettings.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(DownloadSettings.Config.class, configured)).isEmpty();

        DownloadSettings settings = DownloadSettings.of(DsConfig.of(DownloadSettings.Config.class, configured), Fixtures.check(Map.of()));

        assertThat(settings.maxSize()).as("max_size_bytes").isEqualTo(1024);
        assertThat(settings.connectTimeout()).as("connect_timeout_seconds").isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.readTimeout()).as("read_timeout_seconds").isEqualTo(Duration.ofSeconds(7));
    }
}
