package io.upgradeclient.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkSettingsTest {

    @Test
    void resolvesEveryPathAgainstTheHomeFolder() {
        Map<String, String> settings = FrameworkSettings.forHome(Path.of("/opt/uc"), new Properties());

        assertThat(settings).containsEntry("upgradeclient.home", "/opt/uc")
                .containsEntry("org.osgi.framework.storage", "/opt/uc/var/framework")
                .containsEntry("felix.fileinstall.dir", "/opt/uc/config,/opt/uc/deploy");
        assertThat(settings.values()).noneMatch(value -> value.contains("${"));
    }

    @Test
    void shipsTheDocumentedDefaults() {
        Map<String, String> settings = FrameworkSettings.forHome(Path.of("/opt/uc"), new Properties());

        assertThat(settings).containsEntry("org.osgi.service.http.port", "8081")
                .containsEntry("felix.fileinstall.enableConfigSave", "false")
                .containsEntry("felix.fileinstall.filter", ".*\\.(cfg|config|jar)");
        assertThat(settings.get(FrameworkSettings.EARLY_BUNDLES)).contains("org.ops4j.pax.logging.pax-logging-api");
    }

    @Test
    void systemPropertiesOverrideDefaultsButNotTheHome() {
        Properties overrides = new Properties();
        overrides.setProperty("org.osgi.service.http.port", "9090");
        overrides.setProperty("upgradeclient.home", "/elsewhere");

        Map<String, String> settings = FrameworkSettings.forHome(Path.of("/opt/uc"), overrides);

        assertThat(settings).containsEntry("org.osgi.service.http.port", "9090")
                .containsEntry("org.osgi.framework.storage", "/opt/uc/var/framework");
    }

    @Test
    void theWebServerStartsOnThePortAndHostOfUpgradeclientYaml(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/upgradeclient.yaml"), """
                # settings
                paths:
                  data: var/data   # port: 1
                web:
                  port: 18931      # also the framework property
                  host: "0.0.0.0"
                engine:
                  job_threads: 2
                """);
        Properties overrides = new Properties();
        overrides.setProperty("org.osgi.service.http.port", "9090");

        Map<String, String> settings = FrameworkSettings.forHome(home, overrides);

        assertThat(settings).containsEntry("org.osgi.service.http.port", "18931").containsEntry("org.apache.felix.http.host", "0.0.0.0");
    }

    @Test
    void aCommentedOutWebBlockKeepsTheDefaults(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/upgradeclient.yaml"), "# web:\n#   port: 8081\npaths:\n  data: var/data\n");

        assertThat(FrameworkSettings.forHome(home, new Properties())).containsEntry("org.osgi.service.http.port", "8081");
    }
}
