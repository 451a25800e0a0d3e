package io.upgradeclient.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Every key of {@code upgradeclient.yaml} the engine reads is one the config bundle's README documents. */
class EngineConfigKeysTest {
    private static final Path CONFIG_README = Path.of("../io.upgradeclient.config/README.md");

    @Test
    void everySettingTheEngineReadsIsDocumentedUnderThatName() {
        assertThat(ReadmeKeys.table(CONFIG_README, "| key | type | validated as |", 0)).containsAll(DsConfig.keys(EngineSettings.class));
    }
}
