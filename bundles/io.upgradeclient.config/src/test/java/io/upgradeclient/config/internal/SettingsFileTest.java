package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
    private static final String EXAMPLE = """
            web:
              port: 8081              # also pushed to PID org.apache.felix.http
              host: 127.0.0.1
              public_url: http://127.0.0.1:8081/
            paths:
              data: var/data
              cache: var/cache
              staging: var/staging
              log: var/log
            history:
              retention_days: 180
              max_rows: 1000000
            engine:
              check_threads: 4
              job_threads: 2
              max_attempts: 8
              backoff_initial_seconds: 30
              backoff_max_seconds: 3600
            """;

    @TempDir
    Path folder;

    private Path write(String yaml) throws Exception {
        return Files.writeString(folder.resolve("upgradeclient.yaml"), yaml);
    }

    private static ConfigProblem problem(Path file) {
        return catchThrowableOfType(ConfigException.class, () -> SettingsFile.parse(file)).problem();
    }

    @Test
    void flattensKeysWithDotsAndKeepsNumbersAsLong() throws Exception {
        Path file = write(EXAMPLE);

        ParsedFile parsed = SettingsFile.parse(file);

        DesiredConfig settings = parsed.configs().get(0);
        assertThat(settings.key()).isEqualTo(ConfigKey.singleton("io.upgradeclient.settings"));
        assertThat(settings.merge()).isFalse();
        assertThat(settings.properties()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("web.port", 8081L),
                Map.entry("web.host", "127.0.0.1"),
                Map.entry("web.public_url", "http://127.0.0.1:8081/"),
                Map.entry("paths.data", "var/data"),
                Map.entry("paths.cache", "var/cache"),
                Map.entry("paths.staging", "var/staging"),
                Map.entry("paths.log", "var/log"),
                Map.entry("history.retention_days", 180L),
                Map.entry("history.max_rows", 1_000_000L),
                Map.entry("engine.check_threads", 4L),
                Map.entry("engine.job_threads", 2L),
                Map.entry("engine.max_attempts", 8L),
                Map.entry("engine.backoff_initial_seconds", 30L),
                Map.entry("engine.backoff_max_seconds", 3600L),
                Map.entry("source_file", file.toAbsolutePath().toString())));
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void webPortAndHostAreMergedIntoTheHttpServicePid() throws Exception {
        ParsedFile parsed = SettingsFile.parse(write(EXAMPLE));

        DesiredConfig http = parsed.configs().get(1);
        assertThat(http.key()).isEqualTo(ConfigKey.singleton("org.apache.felix.http"));
        assertThat(http.merge()).isTrue();
        assertThat(http.properties())
                .containsEntry("org.osgi.service.http.port", 8081)
                .containsEntry("org.apache.felix.http.host", "127.0.0.1");
    }

    @Test
    void theHttpServicePidIsLeftAloneWithoutPortAndHost() throws Exception {
        assertThat(SettingsFile.parse(write("paths:\n  data: /srv/data\n")).configs()).hasSize(1);
    }

    @Test
    void unknownKeysAreKeptWithAWarning() throws Exception {
        ParsedFile parsed = SettingsFile.parse(write("web:\n  theme: dark\nfeature:\n  beta: yes\n"));

        assertThat(parsed.configs().get(0).properties()).containsEntry("web.theme", "dark").containsEntry("feature.beta", true);
        assertThat(parsed.warnings()).containsExactly(
                folder.resolve("upgradeclient.yaml") + ":2: web.theme is not a known setting; kept as is",
                folder.resolve("upgradeclient.yaml") + ":4: feature.beta is not a known setting; kept as is");
    }

    @Test
    void anEmptyFileGivesEmptySettings() throws Exception {
        ParsedFile parsed = SettingsFile.parse(write("# nothing yet\n"));

        assertThat(parsed.configs()).singleElement().satisfies(config ->
                assertThat(config.properties()).containsOnlyKeys("source_file"));
    }

    @Test
    void classTagsAreRejectedNotInstantiated() throws Exception {
        ConfigProblem problem = problem(write("x:\n  y: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n"));

        assertThat(problem.line()).isEqualTo(2);
        assertThat(problem.expected()).contains("Global tag is not allowed");
    }

    @Test
    void badYamlIsReportedWithItsLine() throws Exception {
        Path file = write("web:\n  port: 8081\n host: 127.0.0.1\n");

        ConfigProblem problem = problem(file);

        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.field()).isEqualTo("YAML syntax");
        assertThat(problem.message()).startsWith(file + ":3: YAML syntax: valid YAML: ");
    }

    @Test
    void aBadPortIsReportedOnItsLine() throws Exception {
        Path file = write("paths:\n  data: var/data\nweb:\n  port: 80801\n");

        assertThat(problem(file).message()).isEqualTo(file + ":4: web.port: a TCP port from 1 to 65535, was '80801'");
        assertThat(problem(write("web:\n  port: eighty\n")).field()).isEqualTo("web.port");
    }

    @Test
    void knownNumbersAndUrlsAreValidated() throws Exception {
        assertThat(problem(write("engine:\n  check_threads: 0\n")).field()).isEqualTo("engine.check_threads");
        assertThat(problem(write("web:\n  public_url: /relative\n")).field()).isEqualTo("web.public_url");
    }

    @Test
    void listsAndDuplicateKeysAreRejected() throws Exception {
        assertThat(problem(write("paths:\n  data: [a, b]\n")).expected()).endsWith("was a list");
        ConfigProblem duplicate = problem(write("web:\n  port: 1\nweb:\n  host: h\n"));
        assertThat(duplicate.line()).isEqualTo(3);
        assertThat(duplicate.expected()).isEqualTo("each key once");
    }

    @Test
    void theTopLevelMustBeAMapping() throws Exception {
        assertThat(problem(write("- a\n- b\n")).field()).isEqualTo("(top level)");
    }
}
