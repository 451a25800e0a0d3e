package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateFolderTest {
    /** The configuration the distribution ships, from the source tree (tests run in the module's folder). */
    private static final Path SHIPPED = Path.of("../../config").toAbsolutePath().normalize();

    @TempDir
    Path home;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int validate(Path config) throws IOException {
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            return new ValidateFolder(new ConfigFolder(config, home), out).validate();
        }
    }

    private List<String> lines() {
        return output.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private Path config() throws IOException {
        return Files.createDirectories(home.resolve("config"));
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void theShippedConfigurationIsOkAndItsInboxCheckWatchesTheDistributionsInbox() throws Exception {
        int exit = validate(SHIPPED);

        assertThat(exit).as(String.join("\n", lines())).isEqualTo(ValidateFolder.OK);
        assertThat(lines()).noneMatch(line -> line.startsWith("warning:"));
        assertThat(lines().get(0)).isEqualTo("ok");
        assertThat(lines()).contains("1 check in " + SHIPPED + ":", "  check inbox (file " + home.toUri() + "var/inbox/"
                + ", every 2 s, filters glob, upload published:dir)");
    }

    @Test
    void theExamplesAreValidOnceCopiedIntoPlace() throws Exception {
        Path config = config();
        Path examples = SHIPPED.resolve("examples");
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                Path target = config.resolve(examples.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        int exit = validate(config);

        assertThat(exit).as(String.join("\n", lines())).isEqualTo(ValidateFolder.OK);
        assertThat(lines()).contains("3 checks in " + config + ":",
                "  check vendor_mirror (http https://downloads.example.com/firmware/, every 300 s, filters glob, upload published:dir)",
                "  check vendor_sftp (rclone vendor:releases/, every 600 s, filters glob, upload cloud:rclone)",
                "  check xm_dvr (svn http://svn.example.com/firmware/DVR/, every 15 s, filters default, upload default:rsync)");
        assertThat(lines()).as("the http example uploads to the default configuration's target, not in the examples")
                .contains("warning: check vendor_mirror: upload published:dir is not a section of upload/upload.json;"
                        + " its jobs will wait for it");
    }

    @Test
    void aBrokenFileIsReportedWithItsLineAndFailsTheCheck() throws Exception {
        Path config = config();
        write(config.resolve("check/good.json"), "{\"name\": \"good\", \"base_url\": \"file:var/inbox/\", \"check_type\": \"file\"}");
        Path bad = write(config.resolve("check/bad.json"), "{\n  \"name\": \"bad\",\n  \"base_url\": \"http://h/\",\n"
                + "  \"summarize_interval\": \"often\"\n}\n");
        Path broken = write(config.resolve("upload/upload.json"), "{\n  \"default\": {\n    \"rsync\": {\n      \"serverip\": \"h\",\n}\n");

        int exit = validate(config);

        assertThat(exit).isEqualTo(ValidateFolder.PROBLEMS);
        assertThat(lines()).contains(bad + ":4: summarize_interval: a whole number of seconds greater than 0 (a number or"
                + " a numeric string; \"\" for the default 15), was 'often'");
        assertThat(lines()).anyMatch(line -> line.startsWith(broken + ":5: JSON syntax: valid JSON: "));
        assertThat(lines()).last().isEqualTo("2 problems in " + config);
        assertThat(lines()).doesNotContain("ok");
    }

    @Test
    void aSecondFileWithTheSameCheckNameIsAProblemOfThatFile() throws Exception {
        Path config = config();
        write(config.resolve("check/a.json"), "{\"name\": \"same\", \"base_url\": \"http://h/a/\"}");
        Path second = write(config.resolve("check/b.json"), "{\n\"name\": \"same\", \"base_url\": \"http://h/b/\"}");

        assertThat(validate(config)).isEqualTo(ValidateFolder.PROBLEMS);
        assertThat(lines()).contains(second + ":2: name: a name no other file uses; 'same' is already defined in "
                + config.resolve("check/a.json"));
    }

    @Test
    void aCfgFileWithAMalformedEscapeIsReportedOnItsLine() throws Exception {
        Path config = config();
        Path cfg = write(config.resolve("io.upgradeclient.instance.cfg"), "name = x\ndescription = caf\\u00e9 \\u00\n");

        assertThat(validate(config)).isEqualTo(ValidateFolder.PROBLEMS);
        assertThat(lines()).contains(cfg + ":2: properties syntax: a valid \\uXXXX escape (four hexadecimal digits)");
    }

    @Test
    void aBrokenSettingsFileIsReported() throws Exception {
        Path config = config();
        Path yaml = write(config.resolve("upgradeclient.yaml"), "engine:\n  job_threads: 0\n");

        assertThat(validate(config)).isEqualTo(ValidateFolder.PROBLEMS);
        assertThat(lines()).anyMatch(line -> line.startsWith(yaml + ":2: engine.job_threads: "));
    }

    @Test
    void anAlertSectionNoFileDefinesIsAWarningOnly() throws Exception {
        Path config = config();
        write(config.resolve("check/ipc.json"), """
                {"name": "ipc", "base_url": "https://user:secret@svn.example.com/ipc/",
                 "alert": {"crontab": "@daily", "medias": [{"relation_name": "ops", "relation_type": "email", "to": "a@example.com"}]}}""");

        assertThat(validate(config)).isEqualTo(ValidateFolder.OK);
        assertThat(lines()).contains("warning: check ipc: alert media ops:email is not a section of alert/alert.json (there is none)");
        assertThat(lines()).as("the password in the URL is not shown")
                .contains("  check ipc (svn https://svn.example.com/ipc/, every 15 s, filters default, upload none)");
        assertThat(String.join("\n", lines())).doesNotContain("secret");
    }

    @Test
    void aMissingFolderIsAUsageError() {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

        int exit = ValidateFolder.run(new String[] {home.resolve("nowhere").toString()}, out);

        assertThat(exit).isEqualTo(ValidateFolder.USAGE);
        assertThat(lines()).containsExactly(home.resolve("nowhere") + ": not a folder");
    }
}
