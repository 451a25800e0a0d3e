package io.upgradeclient.check.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.testsupport.ReadmeKeys;

/**
 * Each per-check option the README documents, set to another value than its default, reaches the checker's options.
 * ({@code base_url}, the credentials and {@code revision_seconds} are keys of every check: the core's
 * {@code CheckConfigKeysTest} covers them.)
 */
class CheckOptionsKeysTest {
    @Test
    void everyOptionTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Map<String, String> options = Map.of(CheckOptions.MAX_PARALLEL, "2", CheckOptions.MAX_DEPTH, "3",
                CheckOptions.CONNECT_TIMEOUT, "4", CheckOptions.READ_TIMEOUT, "5");
        Set<String> documented = new TreeSet<>();
        ReadmeKeys.table(Path.of("README.md"), "Per-check settings", 0).stream().filter(key -> key.startsWith("option."))
                .forEach(key -> documented.add(key.substring("option.".length())));
        assertThat(options.keySet()).as("a documented option without a test here").isEqualTo(documented);
        CheckDefinition check = new CheckDefinition("mirror", "http", URI.create("https://downloads.example.com/"),
                Credentials.NONE, "proxy.example.com:8080", Duration.ofDays(30), Duration.ofMinutes(5), List.of("glob"), List.of(), "",
                List.of(), "", options);

        assertThat(CheckOptions.of(check)).isEqualTo(new CheckOptions(2, 3, Duration.ofSeconds(4), Duration.ofSeconds(5),
                Optional.of(new InetSocketAddress("proxy.example.com", 8080))));
    }
}
