package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each key of PID {@code io.upgradeclient.config} the README documents, set to another value than its default, takes effect. */
class ConfigFilesConfigKeysTest {
    private static final Path README = Path.of("README.md");

    @Test
    void everyKeyOfThePidTheReadmeDocumentsIsReadUnderThatName() {
        Set<String> documented = ReadmeKeys.table(README, "| PID | property | default | meaning |", 1);
        Map<String, Object> configured = Map.of("folder", "etc/upgradeclient", "poll_millis", "250");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(ConfigFiles.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(ConfigFiles.Config.class, configured)).isEmpty();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> "getProperty".equals(method.getName()) && "upgradeclient.home".equals(args[0]) ? "/opt/uc" : null);
        ConfigurationAdmin unused = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    throw new AssertionError("not used before start: " + method);
                });

        ConfigFiles files = new ConfigFiles(DsConfig.of(ConfigFiles.Config.class, configured), context, unused);

        assertThat(files.folder()).as("folder").isEqualTo(Path.of("/opt/uc/etc/upgradeclient"));
        assertThat(files.pollInterval()).as("poll_millis").isEqualTo(Duration.ofMillis(250));
    }
}
