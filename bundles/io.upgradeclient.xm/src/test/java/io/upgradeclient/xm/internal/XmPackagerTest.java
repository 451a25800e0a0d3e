package io.upgradeclient.xm.internal;

import static io.upgradeclient.xm.internal.Fixtures.concat;
import static io.upgradeclient.xm.internal.Fixtures.firmwareZip;
import static io.upgradeclient.xm.internal.Fixtures.installDesc;
import static io.upgradeclient.xm.internal.Fixtures.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.SourceFiles;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

class XmPackagerTest {

    /** Today is 2016-11-24; with the real 30-day window the earliest date published is 2016-10-25. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2016-11-24T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration THIRTY_DAYS = Duration.ofSeconds(2592000);

    private static final String DEV_ID = "ABCDE7GHIJKLMNOPQRSTUVWX";
    private static final String MASKED = "ABCDE7GHXXXXX0000RSTUVWX";
    private static final String S38 = "General/IPC_X_S38";
    private static final String XM711 = "General/IPC_X_S38_XM711";
    private static final String NAME = "General_IPC_X_S38.Nat.20161025.bin";

    private static final String BODY = """
            Level=0
            XmCloudUpgrade=1
            ChangeLog_SimpChinese=
                1. 修复录像丢失
                2. 优化夜视
            ChangeLog_English=
                1. Fixed lost recordings
                2. Better night vision
            """;

    @TempDir
    Path dir;

    private Path staging;
    private Path cache;
    private final Map<URI, Path> remote = new HashMap<>();
    private final List<URI> fetched = new ArrayList<>();
    private final SourceFiles source = this::fetch;
    private XmPackager packager;
    private CheckDefinition check;

    @BeforeEach
    void setUp() throws Exception {
        staging = Files.createDirectories(dir.resolve("staging"));
        cache = Files.createDirectories(dir.resolve("cache"));
        packager = new XmPackager(false, CLOCK);
        check = Fixtures.check(THIRTY_DAYS, Map.of());
    }

    /** The source as the engine offers it: a file of the same source, or a 404 as a permanent failure. */
    private DownloadedFile fetch(URI url) throws PermanentException {
        fetched.add(url);
        Path file = remote.get(url);
        if (file == null) {
            throw new PermanentException("HTTP 404 for " + url);
        }
        try {
            return Fixtures.downloaded(url, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String record(String date, String flag, String body) {
        return date + " " + flag + "\n" + flag + ".Nat.bin\n" + date + "\n" + body;
    }

    private void note(String folder, String text, Charset charset) throws IOException {
        Path file = Files.write(Files.createTempFile(cache, "note", ".txt"), text.getBytes(charset));
        remote.put(url(folder + "/ReleaseNote"), file);
    }

    private void note(String folder, String text) throws IOException {
        note(folder, text, StandardCharsets.UTF_8);
    }

    private DownloadedFile firmware(String path, byte[] bytes) throws IOException {
        Path file = Files.write(Files.createTempFile(cache, "firmware", ".bin"), bytes);
        return Fixtures.downloaded(url(path), file);
    }

    private DownloadedFile firmware(String path) throws IOException {
        return firmware(path, firmwareZip(installDesc(DEV_ID)));
    }

    private Artifact pack(DownloadedFile file) throws Exception {
        return packager.pack(check, file, source, staging);
    }

    private List<String> tree() throws IOException {
        try (Stream<Path> walk = Files.walk(staging)) {
            return walk.filter(Files::isRegularFile).map(p -> staging.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private Path staged(String relative) {
        return staging.resolve("xm_upgradefiles").resolve(relative);
    }

    @Test
    void publishesNothingForAReleaseNoteJob() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        DownloadedFile releaseNote = fetch(url(S38 + "/ReleaseNote"));

        Artifact artifact = pack(releaseNote);

        assertThat(artifact.files()).isEmpty();
        assertThat(artifact.root()).isEqualTo(staging.resolve("xm_upgradefiles"));
        assertThat(artifact.sources()).containsExactly(releaseNote);
        assertThat(tree()).isEmpty();
    }

    @Test
    void stagesTheFirmwareWithItsRecordUnderTheMaskedDeviceIdAndDate() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        byte[] bytes = firmwareZip(installDesc(DEV_ID));
        DownloadedFile firmware = firmware(S38 + "/2016-10-25/" + NAME, bytes);

        Artifact artifact = pack(firmware);

        String folder = "xm_upgradefiles/" + MASKED + "/2016-10-25/";
        assertThat(tree()).containsExactly(folder + "ChangeLog_English.dat", folder + "ChangeLog_SimpChinese.dat",
                folder + NAME, folder + "Level_0.dat");
        assertThat(staged(MASKED + "/2016-10-25/ChangeLog_SimpChinese.dat")).hasBinaryContent("1. 修复录像丢失\n2. 优化夜视".getBytes(StandardCharsets.UTF_8));
        assertThat(staged(MASKED + "/2016-10-25/ChangeLog_English.dat")).hasBinaryContent("1. Fixed lost recordings\n2. Better night vision".getBytes(StandardCharsets.UTF_8));
        assertThat(staged(MASKED + "/2016-10-25/Level_0.dat")).hasBinaryContent(new byte[] {'0'});
        assertThat(staged(MASKED + "/2016-10-25/" + NAME)).hasBinaryContent(bytes);
        assertThat(artifact.root()).isEqualTo(staging.resolve("xm_upgradefiles"));
        Path date = Path.of(MASKED, "2016-10-25");
        assertThat(artifact.files()).containsExactly(date.resolve("ChangeLog_SimpChinese.dat"), date.resolve("ChangeLog_English.dat"),
                date.resolve("Level_0.dat"), date.resolve(NAME));
        assertThat(artifact.sources()).extracting(f -> f.change().url()).containsExactly(firmware.change().url(), url(S38 + "/ReleaseNote"));
        assertThat(artifact.check()).isEqualTo("xm_ipc");
    }

    @Test
    void keepsTheFirmwareBytesUnchangedIncludingWhiteSpaceAtBothEnds() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        byte[] bytes = concat("\n \t\r".getBytes(StandardCharsets.US_ASCII), firmwareZip(installDesc(DEV_ID)),
                " \r\n\t\n  ".getBytes(StandardCharsets.US_ASCII));

        pack(firmware(S38 + "/2016-10-25/" + NAME, bytes));

        assertThat(staged(MASKED + "/2016-10-25/" + NAME)).hasBinaryContent(bytes);
    }

    @Test
    void writesChangeLogsOfAGb18030ReleaseNoteAsUtf8() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY), Charset.forName("GB18030"));

        pack(firmware(S38 + "/2016-10-25/" + NAME));

        assertThat(staged(MASKED + "/2016-10-25/ChangeLog_SimpChinese.dat")).hasBinaryContent("1. 修复录像丢失\n2. 优化夜视".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecondPackOfTheSameFirmwareChangesNothing() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        DownloadedFile firmware = firmware(S38 + "/2016-10-25/" + NAME);
        Artifact first = pack(firmware);
        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String file : tree()) {
            Files.setLastModifiedTime(staging.resolve(file), old);
            before.put(file, Files.readAllBytes(staging.resolve(file)));
        }

        Artifact second = pack(firmware);

        assertThat(second).isEqualTo(first);
        assertThat(tree()).containsExactlyElementsOf(before.keySet());
        for (String file : tree()) {
            assertThat(Files.getLastModifiedTime(staging.resolve(file))).as(file).isEqualTo(old);
            assertThat(staging.resolve(file)).as(file).hasBinaryContent(before.get(file));
        }
    }

    @Test
    void replacesAnotherFirmwareAndLevelInTheSameDateFolder() throws Exception {
        Path folder = Files.createDirectories(staged(MASKED + "/2016-10-25"));
        Files.writeString(folder.resolve("General_IPC_X_S38.Nat.20161024.bin"), "older firmware");
        Files.writeString(folder.resolve("Level_1.dat"), "1");
        Files.writeString(folder.resolve("operator-notes.txt"), "kept");
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));

        pack(firmware(S38 + "/2016-10-25/" + NAME));

        String prefix = "xm_upgradefiles/" + MASKED + "/2016-10-25/";
        assertThat(tree()).containsExactly(prefix + "ChangeLog_English.dat", prefix + "ChangeLog_SimpChinese.dat",
                prefix + NAME, prefix + "Level_0.dat", prefix + "operator-notes.txt");
    }

    @Test
    void doesNotPublishLevel1ByDefault() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY.replace("Level=0", "Level=1")));

        Artifact artifact = pack(firmware(S38 + "/2016-10-25/" + NAME));

        assertThat(artifact.files()).isEmpty();
        assertThat(artifact.note()).as("the reason, for the history").startsWith("firmware not published: record at ")
                .contains("Level");
        assertThat(tree()).isEmpty();
    }

    @Test
    void publishesLevel1WhenTheSettingIsOn() throws Exception {
        packager = new XmPackager(true, CLOCK);
        note(S38, record("2016-10-25", "IPC_X_S38", BODY.replace("Level=0", "Level=1")));

        Artifact artifact = pack(firmware(S38 + "/2016-10-25/" + NAME));

        assertThat(artifact.files()).contains(Path.of(MASKED, "2016-10-25", "Level_1.dat"));
        assertThat(staged(MASKED + "/2016-10-25/Level_1.dat")).hasBinaryContent(new byte[] {'1'});
    }

    @Test
    void everyKeyOfThePidTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Set<String> documented = new TreeSet<>();
        ReadmeKeys.rows(Path.of("README.md"), "| PID / check option | property |").stream()
                .filter(row -> row.get(0).equals("`" + XmPackager.PID + "`")).forEach(row -> documented.addAll(ReadmeKeys.keysIn(row.get(1))));
        Map<String, Object> configured = Map.of(XmPackager.PUBLISH_LEVEL_1, "true");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(XmPackager.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(XmPackager.Config.class, configured)).isEmpty();
        note(S38, record("2016-10-25", "IPC_X_S38", BODY.replace("Level=0", "Level=1")));

        packager.modified(DsConfig.of(XmPackager.Config.class, configured));

        assertThat(pack(firmware(S38 + "/2016-10-25/" + NAME)).files()).as("publish_level_1")
                .contains(Path.of(MASKED, "2016-10-25", "Level_1.dat"));
    }

    @ParameterizedTest
    @CsvSource({"false, true, 4", "true, false, 0", "false, TRUE, 4", "true, '', 4", "false, '', 0"})
    void aCheckOptionOverridesTheLevel1Setting(boolean setting, String option, int files) throws Exception {
        packager = new XmPackager(setting, CLOCK);
        check = Fixtures.check(THIRTY_DAYS, option.isEmpty() ? Map.of() : Map.of("publish_level_1", option));
        note(S38, record("2016-10-25", "IPC_X_S38", BODY.replace("Level=0", "Level=1")));

        assertThat(pack(firmware(S38 + "/2016-10-25/" + NAME)).files()).hasSize(files);
    }

    @Test
    void failsPermanentlyForAMalformedLevel1Option() throws Exception {
        check = Fixtures.check(THIRTY_DAYS, Map.of("publish_level_1", "sometimes"));
        note(S38, record("2016-10-25", "IPC_X_S38", BODY.replace("Level=0", "Level=1")));
        DownloadedFile firmware = firmware(S38 + "/2016-10-25/" + NAME);

        assertThatThrownBy(() -> pack(firmware)).isInstanceOf(PermanentException.class)
                .hasMessage("check 'xm_ipc': option.publish_level_1: expected true or false, was 'sometimes'");
    }

    @ParameterizedTest
    @CsvSource({"2016-10-25, true", "2016-11-24, true", "2016-10-24, false", "2016-11-25, false"})
    void publishesOnlyRecordsDatedInsideTheLookBackWindow(String date, boolean published) throws Exception {
        note(S38, record(date, "IPC_X_S38", BODY));

        Artifact artifact = pack(firmware(S38 + "/" + date + "/General_IPC_X_S38.Nat." + date.replace("-", "") + ".bin"));

        assertThat(artifact.files()).hasSize(published ? 4 : 0);
    }

    /** The original compared date strings: "2016-11-5" sorts after "2016-11-24" and was taken for a future date. */
    @Test
    void comparesRealDatesSoThatADateWithoutLeadingZerosMatchesItsFolder() throws Exception {
        note(S38, record("2016-11-5", "IPC_X_S38", BODY));

        Artifact artifact = pack(firmware(S38 + "/2016-11-05/General_IPC_X_S38.Nat.20161105.bin"));

        assertThat(artifact.files()).contains(Path.of(MASKED, "2016-11-05", "General_IPC_X_S38.Nat.20161105.bin"));
    }

    @Test
    void takesTheReleaseNoteOfTheFirmwaresOwnProductFolderNotOfAFolderWithTheSamePrefix() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY.replace("Fixed lost recordings", "S38 fix")));
        note(XM711, record("2016-10-25", "IPC_X_S38_XM711", BODY.replace("Fixed lost recordings", "XM711 fix")));
        String xm711Name = "General_IPC_X_S38_XM711.Nat.20161025.bin";

        pack(firmware(XM711 + "/2016-10-25/" + xm711Name, firmwareZip(installDesc("ABCDE7GH111111111111DEVB"))));
        pack(firmware(S38 + "/2016-10-25/" + NAME));

        assertThat(staged("ABCDE7GHXXXXX0000111DEVB/2016-10-25/ChangeLog_English.dat")).content().startsWith("1. XM711 fix");
        assertThat(staged(MASKED + "/2016-10-25/ChangeLog_English.dat")).content().startsWith("1. S38 fix");
        assertThat(fetched).containsExactly(url(XM711 + "/2016-10-25/ReleaseNote"), url(XM711 + "/ReleaseNote"),
                url(S38 + "/2016-10-25/ReleaseNote"), url(S38 + "/ReleaseNote"));
    }

    @Test
    void failsPermanentlyWhenOnlyAFolderWithTheSamePrefixHasAReleaseNote() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        DownloadedFile firmware = firmware(XM711 + "/2016-10-25/General_IPC_X_S38_XM711.Nat.20161025.bin");

        assertThatThrownBy(() -> pack(firmware)).isInstanceOf(PermanentException.class)
                .hasMessageStartingWith("no ReleaseNote for " + firmware.change().url())
                .hasMessageContaining(url(XM711 + "/2016-10-25/ReleaseNote").toString())
                .hasMessageContaining(url(XM711 + "/ReleaseNote").toString());
        assertThat(tree()).isEmpty();
    }

    @Test
    void prefersTheReleaseNoteInTheFirmwaresOwnFolder() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY.replace("Fixed lost recordings", "from the product folder")));
        note(S38 + "/2016-10-25", record("2016-10-25", "IPC_X_S38", BODY.replace("Fixed lost recordings", "from the date folder")));

        pack(firmware(S38 + "/2016-10-25/" + NAME));

        assertThat(staged(MASKED + "/2016-10-25/ChangeLog_English.dat")).content().startsWith("1. from the date folder");
        assertThat(fetched).containsExactly(url(S38 + "/2016-10-25/ReleaseNote"));
    }

    @Test
    void looksOnlyInTheFirmwaresFolderWhenItIsNoDateFolder() throws Exception {
        String folder = "General/2016-10-25/IPC_X_S38";
        note(folder, record("2016-10-25", "IPC_X_S38", BODY));

        Artifact artifact = pack(firmware(folder + "/" + NAME));

        assertThat(artifact.files()).contains(Path.of(MASKED, "2016-10-25", NAME));
        assertThat(fetched).containsExactly(url(folder + "/ReleaseNote"));
    }

    @Test
    void letsATransientFailureFetchingTheReleaseNoteThrough() throws Exception {
        TransientException unreachable = new TransientException("HTTP 503 from svn.example.com", null);
        DownloadedFile firmware = firmware(S38 + "/2016-10-25/" + NAME);

        assertThatThrownBy(() -> packager.pack(check, firmware, url -> {
            throw unreachable;
        }, staging)).isSameAs(unreachable);
    }

    @Test
    void takesTheRecordWithTheLongestFlagContainedInTheName() throws Exception {
        note(XM711, record("2016-10-25", "IPC_X_S38_XM711", BODY.replace("Fixed lost recordings", "specific"))
                + record("2016-10-25", "IPC_X_S38", BODY.replace("Fixed lost recordings", "general")));

        pack(firmware(XM711 + "/2016-10-25/General_IPC_X_S38_XM711.Nat.20161025.bin"));

        assertThat(staged(MASKED + "/2016-10-25/ChangeLog_English.dat")).content().startsWith("1. specific");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2016-10-25 | IPC_X_S39 | a record for another flag",
            "2016-10-24 | IPC_X_S38 | a record for another date folder"})
    void publishesNothingWithoutARecordForTheFirmware(String date, String flag, String why) throws Exception {
        note(S38, record(date, flag, BODY));

        assertThat(pack(firmware(S38 + "/2016-10-25/" + NAME)).files()).as(why).isEmpty();
        assertThat(tree()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "XmCloudUpgrade=1 | XmCloudUpgrade=0",
            "XmCloudUpgrade=1 | ''",
            "Level=0 | ''",
            "1. Fixed lost recordings | ''",
            "1. 修复录像丢失 | ''"})
    void publishesNothingWhenTheRecordIsNotForTheCloud(String line, String replacement) throws Exception {
        String body = BODY.replace("    2. Better night vision\n", "").replace("    2. 优化夜视\n", "").replace(line, replacement);
        note(S38, record("2016-10-25", "IPC_X_S38", body));

        assertThat(pack(firmware(S38 + "/2016-10-25/" + NAME)).files()).isEmpty();
        assertThat(tree()).isEmpty();
    }

    @Test
    void failsPermanentlyForAFirmwareWithoutInstallDesc() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        DownloadedFile firmware = firmware(S38 + "/2016-10-25/" + NAME, firmwareZip(null));

        assertThatThrownBy(() -> pack(firmware)).isInstanceOf(PermanentException.class)
                .hasMessageContaining(firmware.change().url().toString()).hasMessageContaining("no InstallDesc entry");
        assertThat(tree()).isEmpty();
    }

    @Test
    void failsPermanentlyForAFirmwareWithABadDevId() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        DownloadedFile firmware = firmware(S38 + "/2016-10-25/" + NAME, firmwareZip(installDesc("ABC")));

        assertThatThrownBy(() -> pack(firmware)).isInstanceOf(PermanentException.class).hasMessageContaining("DevID");
        assertThat(tree()).isEmpty();
    }

    @Test
    void refusesAFirmwareNameThatIsNoSafeFileName() throws Exception {
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        Path file = Files.write(cache.resolve("fw"), firmwareZip(installDesc(DEV_ID)));
        DownloadedFile firmware = Fixtures.downloaded(url(S38 + "/2016-10-25/" + NAME), "../../" + NAME, file);

        assertThatThrownBy(() -> pack(firmware)).isInstanceOf(PermanentException.class).hasMessageContaining("unsafe name");
        assertThat(tree()).isEmpty();
    }

    @Test
    void refusesATargetCacheThatIsNoSafeFolderName() throws Exception {
        check = new CheckDefinition("xm_ipc", "svn", URI.create(Fixtures.BASE), check.credentials(), "", THIRTY_DAYS,
                Duration.ofSeconds(15), List.of(), List.of(), "", List.of(), "..", Map.of());
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));
        DownloadedFile firmware = firmware(S38 + "/2016-10-25/" + NAME);

        assertThatThrownBy(() -> pack(firmware)).isInstanceOf(PermanentException.class).hasMessageContaining("unsafe name");
    }

    @Test
    void refusesAFileThatIsNeitherAReleaseNoteNorAFirmware() throws Exception {
        DownloadedFile readme = firmware(S38 + "/readme.txt", "read me".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> pack(readme)).isInstanceOf(PermanentException.class)
                .hasMessageContaining("neither a ReleaseNote nor a firmware");
    }

    @Test
    void stagesFilesWithTheSamePermissionsAsAnyNewFile() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        note(S38, record("2016-10-25", "IPC_X_S38", BODY));

        pack(firmware(S38 + "/2016-10-25/" + NAME));

        Path reference = Files.createFile(staging.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(staged(MASKED + "/2016-10-25/" + NAME)))
                .isEqualTo(Files.getPosixFilePermissions(reference));
        assertThat(Files.getPosixFilePermissions(staged(MASKED + "/2016-10-25/Level_0.dat")))
                .isEqualTo(Files.getPosixFilePermissions(reference));
    }
}
