package io.upgradeclient.core.internal.configured;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/**
 * Each key of a check (factory PID {@code io.upgradeclient.check}) the config bundle's README documents (the core
 * has no README: that one says what the files become in Config Admin), set to another value than its default,
 * reaches the check definition.
 */
class CheckConfigKeysTest {
    private static final Path CONFIG_README = Path.of("../io.upgradeclient.config/README.md");

    @Test
    void everyKeyOfACheckTheReadmeDocumentsReachesTheCheckDefinition() {
        Set<String> documented = ReadmeKeys.table(CONFIG_README, "### 2. `check/*.json`", 0);
        Map<String, Object> configured = Map.ofEntries(Map.entry("name", "ipc"), Map.entry("check_type", "http"),
                Map.entry("base_url", "https://fw.example.com/ipc/"), Map.entry("auth_user", "reader"), Map.entry("auth_pass", "S3cret"),
                Map.entry("proxy_host", "proxy.example.com:3128"), Map.entry("revision_seconds", 60L), Map.entry("summarize_interval", 30L),
                Map.entry("check_filter", new String[] {"glob", "size"}), Map.entry("upload", new String[] {"published:dir"}),
                Map.entry("alert_crontab", "0 8 * * *"),
                Map.entry("alert_medias", "[{\"relation_name\":\"ops\",\"relation_type\":\"email\",\"to\":[\"a@example.com\"]}]"),
                Map.entry("target_cache", "ipc"), Map.entry("packager", "xm"), Map.entry("source_file", "/opt/uc/config/check/ipc.json"),
                Map.entry("option.include", "*.bin"));
        Set<String> keys = new TreeSet<>(configured.keySet());
        keys.remove("option.include");
        assertThat(keys).as("a documented key without a test here").isEqualTo(documented);
        Set<String> read = new TreeSet<>(DsConfig.keys(CheckConfiguration.Config.class));
        read.removeIf(key -> key.startsWith("webconsole."));
        // only names the file in the config bundle's messages
        read.add("source_file");
        assertThat(read).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(CheckConfiguration.Config.class, configured)).isEmpty();

        CheckConfiguration check = new CheckConfiguration(DsConfig.of(CheckConfiguration.Config.class, configured), configured);

        assertThat(check.definition()).isEqualTo(new CheckDefinition("ipc", "http", URI.create("https://fw.example.com/ipc/"),
                new Credentials("reader", "S3cret"), "proxy.example.com:3128", Duration.ofSeconds(60), Duration.ofSeconds(30),
                List.of("glob", "size"), List.of(new TargetRef("published", "dir")), "0 8 * * *",
                List.of(new AlertMedia(new TargetRef("ops", "email"), List.of("a@example.com"), List.of(), List.of())), "ipc",
                Map.of("include", "*.bin")));
        assertThat(check.packager()).isEqualTo("xm");
    }
}
