package io.upgradeclient.check.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each per-check option the README documents, set to another value than its default, reaches the checker's options. */
class FileOptionsKeysTest {
    @Test
    void everyOptionTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Map<String, String> configured = Map.of(FileOptions.STABLE_SECONDS, "30", FileOptions.MAX_DEPTH, "2");
        assertThat(configured.keySet()).as("a documented option without a test here")
                .isEqualTo(ReadmeKeys.table(Path.of("README.md"), "Per-check options", 0));
        CheckDefinition check = new CheckDefinition("inbox", "file", URI.create("file:///srv/inbox/"), Credentials.NONE, "",
                Duration.ofDays(30), Duration.ofSeconds(2), List.of("glob"), List.of(), "", List.of(), "", configured);

        assertThat(FileOptions.of(check)).isEqualTo(new FileOptions(Duration.ofSeconds(30), 2))
                .isNotEqualTo(new FileOptions(Duration.ofSeconds(FileOptions.DEFAULT_STABLE_SECONDS), FileOptions.DEFAULT_MAX_DEPTH));
    }
}
