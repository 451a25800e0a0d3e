package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionsFileTest {
    @TempDir
    Path folder;

    private Path write(String json) throws Exception {
        return Files.writeString(folder.resolve("upload.json"), json);
    }

    private static ConfigProblem problem(Path file) {
        return catchThrowableOfType(ConfigException.class, () -> SectionsFile.parse(file, SectionsFile.UPLOAD_PID)).problem();
    }

    @Test
    void readsTheSeedUploadExample() throws Exception {
        Path file = CheckFileTest.resource("seed/upload/upload.json");

        ParsedFile parsed = SectionsFile.parse(file, SectionsFile.UPLOAD_PID);

        assertThat(parsed.configs()).singleElement().satisfies(config -> {
            assertThat(config.key()).isEqualTo(ConfigKey.factory("io.upgradeclient.upload", "default"));
            assertThat(config.properties()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("name", "default"),
                    Map.entry("type", "rsync"),
                    Map.entry("binpath", "/usr/bin/rsync"),
                    Map.entry("username", "upgrade"),
                    Map.entry("password", "s3cret-rsync"),
                    Map.entry("serverip", "10.0.0.5"),
                    Map.entry("serverport", "873"),
                    Map.entry("localpath", "xm_upgradefiles"),
                    Map.entry("remotepath", "upgradefiles"),
                    Map.entry("source_file", file.toAbsolutePath().toString())));
        });
    }

    @Test
    void readsTheSeedAlertExampleWithNumbersAsText() throws Exception {
        ParsedFile parsed = SectionsFile.parse(CheckFileTest.resource("seed/alert/alert.json"), SectionsFile.ALERT_PID);

        DesiredConfig config = parsed.configs().get(0);
        assertThat(config.key()).isEqualTo(ConfigKey.factory("io.upgradeclient.alert", "default"));
        assertThat(config.properties())
                .containsEntry("type", "email")
                .containsEntry("smtp_host", "smtp.example.com")
                .containsEntry("smtp_port", "25")
                .containsEntry("smtp_pass", "s3cret-smtp")
                .containsEntry("debug_num", "1")
                .doesNotContainKey("_comments");
    }

    @Test
    void theSeedTemplatesAsShippedAreValid() throws Exception {
        assertThat(SectionsFile.parse(CheckFileTest.resource("seed-template/upload/upload.json"), SectionsFile.UPLOAD_PID)
                .configs()).hasSize(1);
        assertThat(SectionsFile.parse(CheckFileTest.resource("seed-template/alert/alert.json"), SectionsFile.ALERT_PID)
                .configs()).hasSize(1);
    }

    @Test
    void oneConfigurationPerSection() throws Exception {
        ParsedFile parsed = SectionsFile.parse(write("{\"eu\": {\"rsync\": {\"serverip\": \"10.0.0.1\"}},"
                + " \"us\": {\"dir\": {\"path\": \"/srv/fw\"}}}"), SectionsFile.UPLOAD_PID);

        assertThat(parsed.configs()).extracting(DesiredConfig::key).containsExactly(
                ConfigKey.factory("io.upgradeclient.upload", "eu"), ConfigKey.factory("io.upgradeclient.upload", "us"));
        assertThat(parsed.configs().get(1).properties()).containsEntry("type", "dir").containsEntry("path", "/srv/fw");
    }

    @Test
    void aSectionHasExactlyOneType() throws Exception {
        ConfigProblem problem = problem(write("{\n  \"eu\": {\n    \"rsync\": {},\n    \"dir\": {}\n  }\n}"));

        assertThat(problem.field()).isEqualTo("eu");
        assertThat(problem.line()).isEqualTo(2);
        assertThat(problem.expected()).contains("exactly one plugin type").endsWith("found 2");
    }

    @Test
    void settingsAreScalars() throws Exception {
        ConfigProblem problem = problem(write("{\n  \"eu\": {\n    \"rsync\": {\n      \"serverip\": [\"a\"]\n    }\n  }\n}"));

        assertThat(problem.field()).isEqualTo("eu.rsync.serverip");
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.expected()).isEqualTo("a string, number or boolean, was an array");
    }

    @Test
    void aTypeMustBeASimpleWordAndHoldAnObject() throws Exception {
        assertThat(problem(write("{\"eu\": {\"Rsync Daemon\": {}}}")).field()).isEqualTo("eu.Rsync Daemon");
        assertThat(problem(write("{\"eu\": {\"rsync\": \"10.0.0.1\"}}")).expected()).isEqualTo("an object of settings, was a string");
        assertThat(problem(write("{\"eu\": \"rsync\"}")).field()).isEqualTo("eu");
    }

    @Test
    void reservedKeysCannotBeSettings() throws Exception {
        assertThat(problem(write("{\"eu\": {\"rsync\": {\"name\": \"x\"}}}")).field()).isEqualTo("eu.rsync.name");
    }

    @Test
    void malformedJsonIsReportedWithItsLine() throws Exception {
        ConfigProblem problem = problem(write("{\n  \"eu\": {\n    \"rsync\": {\"a\": 'b'}\n  }\n}"));

        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.field()).isEqualTo("JSON syntax");
    }
}
