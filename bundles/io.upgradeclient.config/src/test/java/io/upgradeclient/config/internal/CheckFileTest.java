package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckFileTest {
    /** Where the distribution was unpacked, for relative file: URLs. */
    private static final Path HOME = Path.of("/opt/upgradeclient");

    @TempDir
    Path folder;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(CheckFileTest.class.getResource("/" + name).toURI());
    }

    private Path write(String json) throws Exception {
        Path file = folder.resolve("check.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, Object> properties(Path file) throws ConfigException {
        ParsedFile parsed = CheckFile.parse(file, HOME);
        assertThat(parsed.configs()).hasSize(1);
        return parsed.configs().get(0).properties();
    }

    private static ConfigProblem problem(Path file) {
        return catchThrowableOfType(ConfigException.class, () -> CheckFile.parse(file, HOME)).problem();
    }

    /** A valid check with one field replaced or added. */
    private Path checkWith(String field) throws Exception {
        return write("{\n  \"name\": \"ipc\",\n  \"base_url\": \"http://svn.example.com/ipc/\",\n  " + field + "\n}\n");
    }

    @Test
    void readsEveryFieldOfTheSeedExample() throws Exception {
        Path file = resource("seed/check/xm_dvr.json");

        ParsedFile parsed = CheckFile.parse(file, HOME);

        DesiredConfig config = parsed.configs().get(0);
        assertThat(config.key()).isEqualTo(ConfigKey.factory("io.upgradeclient.check", "xm_dvr"));
        assertThat(config.merge()).isFalse();
        Map<String, Object> properties = config.properties();
        assertThat(properties).containsOnlyKeys("name", "check_type", "base_url", "auth_user", "auth_pass", "proxy_host",
                "revision_seconds", "summarize_interval", "check_filter", "upload", "alert_crontab", "alert_medias",
                "target_cache", "packager", "source_file");
        assertThat(properties)
                .containsEntry("name", "xm_dvr")
                .containsEntry("check_type", "svn")
                .containsEntry("base_url", "http://svn.example.com/firmware/DVR/")
                .containsEntry("auth_user", "builder")
                .containsEntry("auth_pass", "s3cret-svn")
                .containsEntry("proxy_host", "proxy.example.com:3128")
                .containsEntry("revision_seconds", 2_592_000L)
                .containsEntry("summarize_interval", 15L)
                .containsEntry("alert_crontab", "0 23 * * *")
                .containsEntry("alert_medias", "[{\"relation_name\":\"default\",\"relation_type\":\"email\","
                        + "\"to\":[\"ops@example.com\"],\"cc\":[\"lead@example.com\"],\"bcc\":[]}]")
                .containsEntry("target_cache", "xm_upgradefiles")
                .containsEntry("packager", "xm")
                .containsEntry("source_file", file.toAbsolutePath().toString());
        assertThat((String[]) properties.get("check_filter")).containsExactly("default");
        assertThat((String[]) properties.get("upload")).containsExactly("default:rsync");
    }

    @Test
    void warnsThatTargetHostIsIgnored() throws Exception {
        ParsedFile parsed = CheckFile.parse(resource("seed/check/xm_dvr.json"), HOME);

        assertThat(parsed.warnings()).singleElement().asString().contains("target_host is not used");
    }

    @Test
    void theSeedTemplateAsShippedIsRejectedForItsEmptyBaseUrl() throws Exception {
        Path template = resource("seed-template/check/xm_dvr.json");

        ConfigProblem problem = problem(template);

        assertThat(problem.field()).isEqualTo("base_url");
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.message()).startsWith(template + ":6: base_url: required: an absolute URL");
    }

    @Test
    void emptyStringsAndMissingFieldsGiveTheDefaults() throws Exception {
        Map<String, Object> properties = properties(checkWith(
                "\"revision_seconds\": \"\", \"summarize_interval\": \"\", \"check_filter\": \"\", \"check_type\": \"\""));

        assertThat(properties)
                .containsEntry("check_type", "svn")
                .containsEntry("revision_seconds", 2_592_000L)
                .containsEntry("summarize_interval", 15L)
                .containsEntry("auth_user", "")
                .containsEntry("auth_pass", "")
                .containsEntry("proxy_host", "")
                .containsEntry("alert_crontab", "")
                .containsEntry("alert_medias", "[]")
                .containsEntry("target_cache", "")
                .containsEntry("packager", "xm");
        assertThat((String[]) properties.get("check_filter")).containsExactly("default");
        assertThat((String[]) properties.get("upload")).isEmpty();
    }

    @Test
    void theOriginalsFormatWithoutCheckTypeGetsTheXmPackagerEveryOtherSourceTypeCopy() throws Exception {
        assertThat(properties(write("{\"name\": \"a\", \"base_url\": \"http://svn.example.com/fw/\"}")))
                .containsEntry("check_type", "svn").containsEntry("packager", "xm");
        assertThat(properties(checkWith("\"check_type\": \"\""))).containsEntry("packager", "xm");
        assertThat(properties(checkWith("\"check_type\": \"svn\""))).containsEntry("packager", "copy");
        assertThat(properties(checkWith("\"check_type\": \"http\""))).containsEntry("packager", "copy");
        assertThat(properties(checkWith("\"packager\": \"copy\""))).containsEntry("packager", "copy");
    }

    @Test
    void numbersMayBeNumbersOrNumericStrings() throws Exception {
        Map<String, Object> properties = properties(checkWith("\"revision_seconds\": 600, \"summarize_interval\": \" 30 \""));

        assertThat(properties).containsEntry("revision_seconds", 600L).containsEntry("summarize_interval", 30L);
    }

    @Test
    void checkFilterMayBeAnArray() throws Exception {
        Map<String, Object> properties = properties(checkWith("\"check_filter\": [\"default\", \"size.max\"]"));

        assertThat((String[]) properties.get("check_filter")).containsExactly("default", "size.max");
    }

    @Test
    void checkTypeIsSvnWhateverTheUrlSchemeUnlessGiven() throws Exception {
        assertThat(properties(write("{\"name\": \"a\", \"base_url\": \"https://dl.example.com/fw/\"}")))
                .containsEntry("check_type", "svn");
        assertThat(properties(checkWith("\"check_type\": \"http\""))).containsEntry("check_type", "http");
    }

    @Test
    void anUnknownCheckTypeIsAcceptedForAPluginThatMayArriveLater() throws Exception {
        assertThat(properties(checkWith("\"check_type\": \"ftp_v2\""))).containsEntry("check_type", "ftp_v2");
    }

    @Test
    void extraScalarKeysArePassedOnAsOptionsAndCommentsAreIgnored() throws Exception {
        Map<String, Object> properties = properties(checkWith(
                "\"listing_timeout\": 30, \"verify_tls\": false, \"mirror\": \"eu\", \"_comments\": \"note\""));

        assertThat(properties)
                .containsEntry("option.listing_timeout", "30")
                .containsEntry("option.verify_tls", "false")
                .containsEntry("option.mirror", "eu")
                .doesNotContainKeys("_comments", "option._comments");
    }

    @Test
    void alertMediasAreReserializedCompactlyWithBcc() throws Exception {
        Map<String, Object> properties = properties(checkWith("\"alert\": {\"crontab\": \"@daily\", \"medias\": ["
                + "{\"relation_name\": \"ops\", \"relation_type\": \"email\", \"to\": \"a@example.com\", \"bcc\": [\"b@example.com\"]}]}"));

        assertThat(properties)
                .containsEntry("alert_crontab", "@daily")
                .containsEntry("alert_medias", "[{\"relation_name\":\"ops\",\"relation_type\":\"email\","
                        + "\"to\":[\"a@example.com\"],\"cc\":[],\"bcc\":[\"b@example.com\"]}]");
    }

    @Test
    void malformedJsonIsReportedWithItsLine() throws Exception {
        Path file = write("{\n  \"name\": \"ipc\",\n  \"base_url\": \"http://h/\"\n  \"auth_user\": \"x\"\n}\n");

        ConfigProblem problem = problem(file);

        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.field()).isEqualTo("JSON syntax");
        assertThat(problem.message()).isEqualTo(file + ":4: JSON syntax: valid JSON: Unterminated object (column 4)");
    }

    @Test
    void commentsAndTrailingCommasAreNotJson() throws Exception {
        assertThat(problem(write("{\n  // note\n  \"name\": \"ipc\"\n}")).line()).isEqualTo(2);
        assertThat(problem(write("{\n  \"name\": \"ipc\",\n}")).line()).isEqualTo(3);
    }

    @Test
    void theTopLevelMustBeAnObject() throws Exception {
        assertThat(problem(write("[]")).expected()).contains("an object { ... } at the top level, was an array");
        assertThat(problem(write("")).expected()).contains("was an empty file");
    }

    @Test
    void nameIsRequired() throws Exception {
        Path file = write("{\n  \"base_url\": \"http://h/\"\n}");

        ConfigProblem problem = problem(file);

        assertThat(problem.field()).isEqualTo("name");
        assertThat(problem.line()).isZero();
        assertThat(problem.message()).isEqualTo(file + ": name: required: a non-blank check name");
    }

    @Test
    void aBlankNameIsReportedOnItsLine() throws Exception {
        ConfigProblem problem = problem(write("{\n  \"base_url\": \"http://h/\",\n  \"name\": \"  \"\n}"));

        assertThat(problem.field()).isEqualTo("name");
        assertThat(problem.line()).isEqualTo(3);
    }

    @Test
    void baseUrlIsRequired() throws Exception {
        ConfigProblem problem = problem(write("{\"name\": \"ipc\"}"));

        assertThat(problem.field()).isEqualTo("base_url");
        assertThat(problem.expected()).startsWith("required: an absolute URL");
    }

    @Test
    void aRelativeBaseUrlIsRejectedWithoutShowingIt() throws Exception {
        Path file = write("{\n  \"name\": \"ipc\",\n  \"base_url\": \"svn/firmware?pass=hunter2\"\n}");

        ConfigProblem problem = problem(file);

        assertThat(problem.message()).isEqualTo(file + ":3: base_url: an absolute URL such as "
                + "http://svn.example.com/firmware/, or file:<folder>/ relative to the distribution folder, was a relative reference");
        assertThat(problem.message()).doesNotContain("hunter2");
    }

    @Test
    void aMalformedBaseUrlIsRejected() throws Exception {
        ConfigProblem problem = problem(write("{\"name\": \"ipc\", \"base_url\": \"http://h/a b\"}"));

        assertThat(problem.field()).isEqualTo("base_url");
        assertThat(problem.expected()).endsWith("was not a URL (Illegal character in path at index 10)");
    }

    @Test
    void aRelativeFileUrlIsResolvedAgainstTheDistributionFolder() throws Exception {
        Path relative = write("{\"name\": \"inbox\", \"check_type\": \"file\", \"base_url\": \"file:var/my%20inbox/\"}");
        assertThat(properties(relative)).containsEntry("base_url", "file:///opt/upgradeclient/var/my%20inbox/");

        Path dotted = write("{\"name\": \"inbox\", \"check_type\": \"file\", \"base_url\": \"file:./var/../var/inbox\"}");
        assertThat(properties(dotted)).containsEntry("base_url", "file:///opt/upgradeclient/var/inbox");
    }

    @Test
    void anAbsoluteFileUrlIsKeptAsWritten() throws Exception {
        Path file = write("{\"name\": \"inbox\", \"check_type\": \"file\", \"base_url\": \"file:///srv/inbox/\"}");

        assertThat(properties(file)).containsEntry("base_url", "file:///srv/inbox/");
    }

    @Test
    void theLineOfAFieldIsWhereItIsAKeyNotWhereItsNameIsAValue() throws Exception {
        Path file = write("{\n  \"_comments\": [\"summarize_interval\", \"seconds between two looks\"],\n  \"name\": \"ipc\",\n"
                + "  \"base_url\": \"http://h/\",\n  \"summarize_interval\": -5\n}\n");

        assertThat(problem(file).line()).isEqualTo(5);
    }

    @Test
    void intervalsMustBePositiveWholeNumbers() throws Exception {
        ConfigProblem negative = problem(checkWith("\"summarize_interval\": -5"));
        assertThat(negative.field()).isEqualTo("summarize_interval");
        assertThat(negative.line()).isEqualTo(4);
        assertThat(negative.expected()).startsWith("a whole number of seconds greater than 0").endsWith("was -5");

        assertThat(problem(checkWith("\"revision_seconds\": \"15s\"")).expected()).endsWith("was '15s'");
        assertThat(problem(checkWith("\"revision_seconds\": 1.5")).expected()).endsWith("was '1.5'");
        assertThat(problem(checkWith("\"revision_seconds\": 0")).expected()).endsWith("was 0");
        assertThat(problem(checkWith("\"revision_seconds\": true")).expected()).endsWith("was a boolean");
        assertThat(problem(checkWith("\"revision_seconds\": \"99999999999999999999\"")).field()).isEqualTo("revision_seconds");
    }

    @Test
    void aCheckTypeMustBeASimpleWord() throws Exception {
        ConfigProblem problem = problem(checkWith("\"check_type\": \"Svn Check\""));

        assertThat(problem.field()).isEqualTo("check_type");
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.expected()).isEqualTo("a plugin type: lower-case letters, digits, '_' or '.', was 'Svn Check'");
    }

    @Test
    void aBadCronExpressionIsReportedOnItsLine() throws Exception {
        Path file = write("{\n  \"name\": \"ipc\",\n  \"base_url\": \"http://h/\",\n  \"alert\": {\n    \"medias\": [],\n"
                + "    \"crontab\": \"0 25 * * *\"\n  }\n}");

        ConfigProblem problem = problem(file);

        assertThat(problem.field()).isEqualTo("alert.crontab");
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.expected()).contains("invalid cron expression '0 25 * * *'");
    }

    @Test
    void uploadEntriesNeedNameAndType() throws Exception {
        ConfigProblem noType = problem(checkWith("\"upload\": [{\"relation_name\": \"default\"}]"));
        assertThat(noType.field()).isEqualTo("upload[0].relation_type");
        assertThat(noType.line()).isEqualTo(4);
        assertThat(noType.expected()).startsWith("required: the plugin type");

        ConfigProblem noName = problem(checkWith("\"upload\": [{\"relation_type\": \"rsync\"}, {}]"));
        assertThat(noName.field()).isEqualTo("upload[0].relation_name");

        assertThat(problem(checkWith("\"upload\": [\"default:rsync\"]")).expected())
                .isEqualTo("an object {\"relation_name\": ..., \"relation_type\": ...}, was a string");
        assertThat(problem(checkWith("\"upload\": {}")).expected()).isEqualTo("an array [...], was an object");
    }

    @Test
    void alertMediasNeedNameTypeAndARecipient() throws Exception {
        ConfigProblem noRecipient = problem(checkWith("\"alert\": {\"medias\": [{\"relation_name\": \"default\", "
                + "\"relation_type\": \"email\", \"to\": []}]}"));
        assertThat(noRecipient.field()).isEqualTo("alert.medias[0].to");
        assertThat(noRecipient.expected()).isEqualTo("at least one recipient address");

        assertThat(problem(checkWith("\"alert\": {\"medias\": [{\"relation_type\": \"email\", \"to\": [\"a@b\"]}]}"))
                .field()).isEqualTo("alert.medias[0].relation_name");
        assertThat(problem(checkWith("\"alert\": {\"medias\": [{\"relation_name\": \"x\", \"to\": [\"a@b\"]}]}"))
                .field()).isEqualTo("alert.medias[0].relation_type");
        assertThat(problem(checkWith("\"alert\": {\"medias\": [{\"relation_name\": \"x\", \"relation_type\": \"email\", "
                + "\"to\": [\"\"]}]}")).field()).isEqualTo("alert.medias[0].to");
    }

    @Test
    void proxyHostIsHostAndOptionalPort() throws Exception {
        assertThat(properties(checkWith("\"proxy_host\": \"[::1]:8080\""))).containsEntry("proxy_host", "[::1]:8080");
        assertThat(problem(checkWith("\"proxy_host\": \"http://proxy:3128\"")).field()).isEqualTo("proxy_host");
        assertThat(problem(checkWith("\"proxy_host\": \"proxy:70000\"")).field()).isEqualTo("proxy_host");
    }

    @Test
    void targetCacheStaysBelowTheStagingArea() throws Exception {
        assertThat(problem(checkWith("\"target_cache\": \"../etc\"")).field()).isEqualTo("target_cache");
        assertThat(problem(checkWith("\"target_cache\": \"/etc\"")).field()).isEqualTo("target_cache");
        assertThat(properties(checkWith("\"target_cache\": \"xm/upgrade\""))).containsEntry("target_cache", "xm/upgrade");
    }

    @Test
    void structuredExtraKeysAreRejected() throws Exception {
        ConfigProblem problem = problem(checkWith("\"mirror\": {\"eu\": 1}"));

        assertThat(problem.field()).isEqualTo("mirror");
        assertThat(problem.expected()).startsWith("a string, number or boolean").endsWith("was an object");
    }

    @Test
    void aFileThatIsNotUtf8IsReported() throws Exception {
        Path file = folder.resolve("latin1.json");
        Files.write(file, "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(problem(file).field()).isEqualTo("encoding");
    }

    @Test
    void thePasswordMayComeFromAFileSoThatTheCheckFileCanBeCommitted() throws Exception {
        Path secret = Files.writeString(folder.resolve("svn.pass"), "from-file\n");

        assertThat(properties(checkWith("\"auth_pass_file\": \"" + secret + "\""))).containsEntry("auth_pass", "from-file")
                .doesNotContainKey("option.auth_pass_file");
        assertThat(problem(checkWith("\"auth_pass\": \"x\", \"auth_pass_file\": \"" + secret + "\"")).toString())
                .contains("auth_pass_file").doesNotContain("from-file");
        assertThat(problem(checkWith("\"auth_pass_file\": \"" + folder.resolve("missing") + "\"")).toString()).contains("cannot read");
    }
}
