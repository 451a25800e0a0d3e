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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
            return new ValidateFolder(new ConfigFolder(config, home), out)
                    .withSettingsOf(MetatypeSettings.of(home.resolve("bundle"))).validate();
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
                + ", every 2 s, filters glob, packager copy, upload published:dir)");
    }

    @Test
    void theExamplesAreValidOnceCopiedIntoPlace() throws Exception {
        Path config = config();
        Path examples = SHIPPED.resolve("examples");
        try (Stream<Path> files = Files.walk(examples)) {
            // rclone.conf too: the rclone examples name it, and the rclone plugins reject a config file that is missing
            for (Path file : files.filter(path -> path.toString().endsWith(".json") || path.toString().endsWith(".conf")).toList()) {
                Path target = config.resolve(examples.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        int exit = validate(config);

        assertThat(exit).as(String.join("\n", lines())).isEqualTo(ValidateFolder.OK);
        assertThat(lines()).contains("3 checks in " + config + ":",
                "  check vendor_mirror (http https://downloads.example.com/firmware/, every 300 s, filters glob, packager copy, upload published:dir)",
                "  check vendor_sftp (rclone vendor:releases/, every 600 s, filters glob, packager copy, upload cloud:rclone)",
                "  check xm_dvr (svn http://svn.example.com/firmware/DVR/, every 15 s, filters default, packager xm, upload default:rsync)");
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
                + config.resolve("check/a.json") + " (the first file by name keeps it; this one is not applied)");
    }

    @Test
    void typesNoShippedBundleProvidesAreProblemsWithTheDeployHint() throws Exception {
        Path config = config();
        Path check = write(config.resolve("check/ipc.json"), """
                {"name": "ipc", "check_type": "ftp", "base_url": "ftp://h/fw/",
                 "check_filter": ["glob", "latest"],
                 "packager": "zip",
                 "upload": [{"relation_name": "eu", "relation_type": "s3"}],
                 "alert": {"crontab": "@daily", "medias": [{"relation_name": "ops", "relation_type": "slack", "to": "#ops"}]}}""");
        Path upload = write(config.resolve("upload/upload.json"), "{\"eu\": {\"scp\": {\"host\": \"h\"}}}");

        assertThat(validate(config)).isEqualTo(ValidateFolder.PROBLEMS);

        String hint = "; a bundle dropped into deploy/ may provide it";
        assertThat(lines()).contains(
                check + ":1: check_type: a source type the distribution ships (svn, http, file, rclone), was 'ftp'" + hint,
                check + ":2: check_filter[1]: a filter type the distribution ships (default, glob, regex, size, age), was 'latest'" + hint,
                check + ":3: packager: a packager type the distribution ships (copy, xm), was 'zip'" + hint,
                check + ":4: upload[0].relation_type: an upload type the distribution ships (rsync, dir, rclone), was 's3'" + hint,
                check + ":5: alert.medias[0].relation_type: an alert type the distribution ships (email, webhook), was 'slack'" + hint,
                upload + ":1: eu.scp: an upload type the distribution ships (rsync, dir, rclone), was 'scp'" + hint);
    }

    @Test
    void filterOptionsAreCheckedByTheFiltersOwnRules() throws Exception {
        Path config = config();
        Path glob = write(config.resolve("check/glob.json"), """
                {"name": "glob", "check_type": "file", "base_url": "file:///srv/in/", "check_filter": "glob", "include": "*.{bin,img"}""");
        Path regex = write(config.resolve("check/regex.json"), """
                {"name": "regex", "check_type": "file", "base_url": "file:///srv/in/", "check_filter": "regex", "exclude": "(unclosed"}""");
        Path size = write(config.resolve("check/size.json"), """
                {"name": "size", "check_type": "file", "base_url": "file:///srv/in/", "check_filter": ["size"], "min_size": "lots"}""");
        Path age = write(config.resolve("check/age.json"), """
                {"name": "age", "check_type": "file", "base_url": "file:///srv/in/", "check_filter": "age"}""");
        write(config.resolve("check/fine.json"), """
                {"name": "fine", "check_type": "file", "base_url": "file:///srv/in/", "check_filter": ["glob", "size", "age"],
                 "include": "*.{bin,img}", "max_size": "1048576", "max_age_seconds": 86400}""");

        assertThat(validate(config)).isEqualTo(ValidateFolder.PROBLEMS);

        assertThat(lines()).anyMatch(line -> line.startsWith(glob + ":1: check_filter: options the filter 'glob' accepts: check 'glob': option.include"))
                .anyMatch(line -> line.startsWith(regex + ":1: check_filter: options the filter 'regex' accepts: check 'regex': option.exclude"))
                .contains(size + ":1: check_filter: options the filter 'size' accepts: check 'size': option.min_size: expected a whole number of 0 or more, was 'lots'",
                        age + ":1: check_filter: options the filter 'age' accepts: check 'age': filter 'age' needs option.max_age_seconds (seconds)")
                .noneMatch(line -> line.contains("fine.json"))
                .last().isEqualTo("4 problems in " + config);
    }

    @Test
    void sourceOptionsAndUploadAndAlertSettingsAreCheckedByThePluginsOwnParsers() throws Exception {
        Path config = config();
        Path rclone = write(config.resolve("check/rclone.json"), """
                {"name": "sftp", "check_type": "rclone", "base_url": "vendor:releases/", "check_filter": "glob",
                 "stable_seconds": "abc"}""");
        Path http = write(config.resolve("check/http.json"), """
                {"name": "mirror", "check_type": "http", "base_url": "https://downloads.example.com/", "check_filter": "glob",
                 "max_depth": "deep"}""");
        Path upload = write(config.resolve("upload/upload.json"), """
                {
                  "cloud": {"rclone": {"bwlimit": "10M"}},
                  "mirror": {"rsync": {"serverip": "h; rm -rf /", "path": "/srv"}},
                  "fine": {"rclone": {"remote": "backup:firmware"}}
                }""");
        Path alert = write(config.resolve("alert/alert.json"), """
                {
                  "hook": {"webhook": {"url": "https://hooks.example.com/x", "format": "xml"}},
                  "mail": {"email": {"to": "not an address"}},
                  "ops": {"webhook": {"url": "https://hooks.example.com/y", "format": "slack"}}
                }""");

        assertThat(validate(config)).as(String.join("\n", lines())).isEqualTo(ValidateFolder.PROBLEMS);

        assertThat(lines()).anyMatch(line -> line.startsWith(rclone + ":1: check_type: options the source 'rclone' accepts: ")
                        && line.contains("stable_seconds"))
                .anyMatch(line -> line.startsWith(http + ":1: check_type: options the source 'http' accepts: ") && line.contains("max_depth"))
                .anyMatch(line -> line.startsWith(upload + ":2: cloud.rclone: settings the upload type 'rclone' accepts: upload 'cloud'")
                        && line.contains("remote"))
                .anyMatch(line -> line.startsWith(upload + ":3: mirror.rsync: settings the upload type 'rsync' accepts: "))
                .anyMatch(line -> line.startsWith(alert + ":2: hook.webhook: settings the alert type 'webhook' accepts: alert 'hook'")
                        && line.contains("format"))
                .anyMatch(line -> line.startsWith(alert + ":3: mail.email: settings the alert type 'email' accepts: alert 'mail'"))
                .noneMatch(line -> line.contains("fine.rclone") || line.contains("ops.webhook"))
                .last().isEqualTo("6 problems in " + config);
    }

    @Test
    void fileCheckOptionsAndDirUploadSectionsAreCheckedByThePluginsOwnParsers() throws Exception {
        Path config = config();
        Path inbox = write(config.resolve("check/inbox.json"), """
                {"name": "inbox", "check_type": "file", "base_url": "file:var/inbox/", "check_filter": "glob",
                 "stable_seconds": "soon", "packager": "copy"}""");
        Path deep = write(config.resolve("check/deep.json"), """
                {"name": "deep", "check_type": "file", "base_url": "file:var/deep/", "check_filter": "glob",
                 "max_depth": "-1", "packager": "copy"}""");
        write(config.resolve("check/fine.json"), """
                {"name": "fine", "check_type": "file", "base_url": "file:var/fine/", "check_filter": "glob",
                 "stable_seconds": "30", "max_depth": "2", "packager": "copy"}""");
        Path upload = write(config.resolve("upload/upload.json"), """
                {
                  "nowhere": {"dir": {"fsync": "true"}},
                  "flaky": {"dir": {"path": "var/out", "fsync": "yes"}},
                  "published": {"dir": {"path": "var/published", "fsync": "true"}}
                }""");

        assertThat(validate(config)).as(String.join("\n", lines())).isEqualTo(ValidateFolder.PROBLEMS);

        assertThat(lines()).anyMatch(line -> line.startsWith(inbox + ":1: check_type: options the source 'file' accepts: ")
                        && line.contains("option.stable_seconds") && line.contains("'soon'"))
                .anyMatch(line -> line.startsWith(deep + ":1: check_type: options the source 'file' accepts: ")
                        && line.contains("option.max_depth") && line.contains("'-1'"))
                .anyMatch(line -> line.startsWith(upload + ":2: nowhere.dir: settings the upload type 'dir' accepts: upload 'nowhere'")
                        && line.contains("'path' is missing"))
                .anyMatch(line -> line.startsWith(upload + ":3: flaky.dir: settings the upload type 'dir' accepts: upload 'flaky'")
                        && line.contains("'fsync'") && line.contains("true or false"))
                .noneMatch(line -> line.contains("fine.json") || line.contains("published.dir"))
                .last().isEqualTo("4 problems in " + config);
    }

    @Test
    void aConfigFileInFelixTypedFormatIsCheckedLineByLine() throws Exception {
        bundleWithMetatype("io.upgradeclient.download", """
                <AD id="max_size_bytes" type="Long"/><AD id="read_timeout_seconds" type="Integer"/><AD id="verify" type="Boolean"/>""");
        Path config = config();
        Path download = write(config.resolve("io.upgradeclient.download.config"), String.join("\n",
                "# typed values",
                "max_size_bytes = L\"1024\"",
                "read_timeout_seconds = I\"60",
                "verify = T\"maybe\"",
                "max.size.bytes = L\"1\"",
                "service.ranking = I\"5\"", ""));
        Path http = write(config.resolve("org.apache.felix.http.config"), String.join("\n",
                "org.osgi.service.http.port = I\"80x\"",
                "org.apache.felix.http.host = \"127.0.0.1\"",
                "org.apache.felix.https.enable = B\"false\"",
                "org.apache.felix.http.jetty.errorPageCustomHeaders = T[\"X-Frame-Options: DENY\", \"X-Content-Type-Options: nosniff\"]",
                "org.apache.felix.http.jetty.sendServerHeader = false", ""));

        assertThat(validate(config)).as(String.join("\n", lines())).isEqualTo(ValidateFolder.PROBLEMS);

        assertThat(lines()).contains(
                download + ":3: read_timeout_seconds: a typed value such as T\"text\", I\"8081\", B\"true\" or T[\"a\", \"b\"], was 'I\"60'",
                download + ":4: verify: true or false, was 'maybe'",
                "warning: " + download + ":5: max.size.bytes is not a setting of io.upgradeclient.download and is ignored"
                        + " (its settings: max_size_bytes, read_timeout_seconds, verify)",
                http + ":1: org.osgi.service.http.port: I\"…\" holding a whole number up to 2147483647, was 'I\"80x\"'",
                http + ":5: org.apache.felix.http.jetty.sendServerHeader: a typed value such as T\"text\", I\"8081\", B\"true\""
                        + " or T[\"a\", \"b\"], was 'false'")
                .noneMatch(line -> line.contains("service.ranking") || line.contains("http.host") || line.contains("https.enable")
                        || line.contains("errorPageCustomHeaders"))
                .last().isEqualTo("4 problems in " + config);
    }

    @Test
    void aCfgFileWithAMalformedEscapeIsReportedOnItsLine() throws Exception {
        Path config = config();
        Path cfg = write(config.resolve("io.upgradeclient.instance.cfg"), "name = x\ndescription = caf\\u00e9 \\u00\n");

        assertThat(validate(config)).isEqualTo(ValidateFolder.PROBLEMS);
        assertThat(lines()).contains(cfg + ":2: properties syntax: a valid \\uXXXX escape (four hexadecimal digits)");
    }

    @Test
    void aCfgFileIsCheckedAgainstTheMetatypeOfTheBundleThatReadsItsPid() throws Exception {
        bundleWithMetatype("io.upgradeclient.download", """
                <AD id="max_size_bytes" type="Long"/><AD id="read_timeout_seconds" type="Integer"/><AD id="verify" type="Boolean"/>""");
        Path config = config();
        Path cfg = write(config.resolve("io.upgradeclient.download.cfg"),
                "# limits\nmax.size.bytes = 1024\nread_timeout_seconds = soon\nverify = yes\nmax_size_bytes = 1024\nservice.ranking = 5\n");
        write(config.resolve("org.ops4j.pax.logging.cfg"), "log4j2.rootLogger.level = INFO\n");

        assertThat(validate(config)).isEqualTo(ValidateFolder.PROBLEMS);

        assertThat(lines()).contains(
                "warning: " + cfg + ":2: max.size.bytes is not a setting of io.upgradeclient.download and is ignored"
                        + " (its settings: max_size_bytes, read_timeout_seconds, verify)",
                cfg + ":3: read_timeout_seconds: a whole number up to 2147483647, was 'soon'",
                cfg + ":4: verify: true or false, was 'yes'");
        assertThat(lines()).noneMatch(line -> line.contains("service.ranking") || line.contains("pax.logging"))
                .last().isEqualTo("2 problems in " + config);
    }

    private void bundleWithMetatype(String pid, String ads) throws IOException {
        Path jar = Files.createDirectories(home.resolve("bundle")).resolve("plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("OSGI-INF/metatype/Config.xml"));
            out.write(("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.2.0">
                      <OCD id="x.Config" name="x">%s</OCD>
                      <Designate pid="%s"><Object ocdref="x.Config"/></Designate>
                    </metatype:MetaData>""".formatted(ads, pid)).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
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
                .contains("  check ipc (svn https://svn.example.com/ipc/, every 15 s, filters default, packager xm, upload none)");
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
