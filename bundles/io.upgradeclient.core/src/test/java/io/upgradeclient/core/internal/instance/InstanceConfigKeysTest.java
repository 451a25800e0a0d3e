package io.upgradeclient.core.internal.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each key of PID {@code io.upgradeclient.instance} the project's README documents, set to another value than its default, takes effect. */
class InstanceConfigKeysTest {
    private static final Path README = Path.of("../../README.md");

    @Test
    void everyKeyTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        String row = Files.readAllLines(README).stream().filter(line -> line.startsWith("| `" + InstanceSettings.PID + "` |"))
                .findFirst().orElseThrow();
        Set<String> documented = ReadmeKeys.keysIn(row.split("\\|")[2]);
        Map<String, Object> configured = Map.of("name", "plant-7", "description", "watches the vendor portal");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(InstanceSettings.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(InstanceSettings.Config.class, configured)).isEmpty();

        InstanceSettings instance = new InstanceSettings(DsConfig.of(InstanceSettings.Config.class, configured));

        assertThat(instance.name()).isEqualTo("plant-7");
        assertThat(instance.description()).isEqualTo("watches the vendor portal");
    }
}
