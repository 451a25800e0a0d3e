package io.upgradeclient.upload.rsync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;

class RsyncUploaderTest {
    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path folder;

    RsyncDaemon daemon;
    Path staging;
    Path temp;
    /** Every command the uploader started, with what its password file held and its permissions at that moment. */
    final List<List<String>> commands = new ArrayList<>();
    final List<String> passwordFileContents = new ArrayList<>();
    final List<Set<PosixFilePermission>> passwordFileModes = new ArrayList<>();
    RsyncUploader uploader;

    @BeforeEach
    void setUp() throws Exception {
        daemon = RsyncDaemon.start(Files.createDirectories(folder.resolve("daemon")), PASSWORD);
        staging = Files.createDirectories(folder.resolve("staging/xm_upgradefiles"));
        temp = Files.createDirectories(folder.resolve("tmp"));
        uploader = new RsyncUploader((command, directory, environment) -> {
            commands.add(List.copyOf(command));
            Path passwordFile = Path.of(argument(command, "--password-file="));
            passwordFileContents.add(Files.readString(passwordFile));
            passwordFileModes.add(Files.getPosixFilePermissions(passwordFile));
            return ProcessLauncher.DEFAULT.start(command, directory, environment);
        }, temp);
    }

    @AfterEach
    void tearDown() throws Exception {
        daemon.close();
    }

    private static String argument(List<String> command, String prefix) {
        return command.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst().orElseThrow();
    }

    private void stage(String relative, String content) throws Exception {
        Path file = staging.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Artifact artifact(String... files) {
        return new Artifact("xm_dvr", staging, Stream.of(files).map(Path::of).toList(), List.of());
    }

    private UploadTarget target(String password, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("binpath", "", "username", RsyncDaemon.USER, "password", password,
                "serverip", "127.0.0.1", "serverport", String.valueOf(daemon.port), "localpath", "xm_upgradefiles",
                "remotepath", RsyncDaemon.MODULE + "/upgrade"));
        settings.putAll(extra);
        return new UploadTarget(new TargetRef("default", "rsync"), settings);
    }

    private UploadTarget target() {
        return target(PASSWORD, Map.of());
    }

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> list = Files.list(temp)) {
            return list.toList();
        }
    }

    @Test
    void sendsOnlyTheArtifactsFilesKeepingTheirLayout() throws Exception {
        stage("DEV1XXXXXXXXXXX12345/2016-10-25/fw.20161025.bin", "firmware bytes");
        stage("DEV1XXXXXXXXXXX12345/2016-10-25/Level_0.dat", "0");
        stage("#odd name.bin", "a name rsync could read as a comment");
        stage("extra-in-staging.bin", "not part of this job");

        UploadReceipt receipt = uploader.upload(artifact("DEV1XXXXXXXXXXX12345/2016-10-25/fw.20161025.bin",
                "DEV1XXXXXXXXXXX12345/2016-10-25/Level_0.dat", "#odd name.bin"), target());

        assertThat(daemon.filesInModule()).containsExactly(Path.of("upgrade/#odd name.bin"),
                Path.of("upgrade/DEV1XXXXXXXXXXX12345/2016-10-25/Level_0.dat"),
                Path.of("upgrade/DEV1XXXXXXXXXXX12345/2016-10-25/fw.20161025.bin"));
        assertThat(daemon.module.resolve("upgrade/DEV1XXXXXXXXXXX12345/2016-10-25/fw.20161025.bin")).hasContent("firmware bytes");
        assertThat(receipt.bytes()).isEqualTo("firmware bytes".length() + 1 + "a name rsync could read as a comment".length());
        assertThat(receipt.detail()).contains("3 of 3 file(s)").contains(RsyncDaemon.USER + "@127.0.0.1::files/upgrade/");
    }

    @Test
    void passesThePasswordOnlyThroughAPrivateFileThatIsDeletedAfterwards() throws Exception {
        stage("a/fw.bin", "x");

        uploader.upload(artifact("a/fw.bin"), target());

        assertThat(commands).hasSize(1);
        assertThat(commands.get(0)).noneMatch(argument -> argument.contains(PASSWORD));
        assertThat(passwordFileContents).containsExactly(PASSWORD + "\n");
        assertThat(passwordFileModes.get(0)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Path.of(argument(commands.get(0), "--password-file="))).doesNotExist();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void buildsTheSeedsOptionsWithPartialDirTimeoutAndNoDeleteByDefault() throws Exception {
        stage("a/fw.bin", "x");

        uploader.upload(artifact("a/fw.bin"), target());

        assertThat(commands.get(0)).contains("--compress", "--times", "--update", "--perms", "--links", "--stats",
                "--partial-dir=.rsync-partial", "--timeout=300", "--contimeout=300", "--port=" + daemon.port)
                .doesNotContain("--delete", "--recursive").noneMatch(a -> a.startsWith("--bwlimit"));
        assertThat(commands.get(0)).endsWith("--", ".", RsyncDaemon.USER + "@127.0.0.1::files/upgrade/");
    }

    @Test
    void honoursTimeoutBandwidthAndCompressionSettings() throws Exception {
        stage("a/fw.bin", "x");

        uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("timeout_seconds", "20", "bwlimit", "500", "compress", "false")));

        assertThat(commands.get(0)).contains("--timeout=20", "--bwlimit=500").doesNotContain("--compress");
        assertThat(daemon.filesInModule()).containsExactly(Path.of("upgrade/a/fw.bin"));
    }

    @Test
    void aWrongPasswordIsPermanentAndTheMessageNamesTheDaemonsError() throws Exception {
        stage("a/fw.bin", "x");

        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target("wrong-password", Map.of())))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining("exit code 5").hasMessageContaining("@ERROR: auth failed")
                .hasMessageNotContaining("wrong-password");
        assertThat(tempFiles()).as("password and list files deleted after a failure").isEmpty();
        assertThat(daemon.filesInModule()).isEmpty();
    }

    @Test
    void anUnknownModuleIsPermanent() throws Exception {
        stage("a/fw.bin", "x");

        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("remotepath", "nomodule"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("Unknown module");
    }

    @Test
    void aDaemonThatIsDownIsTransient() throws Exception {
        stage("a/fw.bin", "x");
        daemon.close();

        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target()))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("exit code 10").hasMessageContaining("Connection refused")
                .hasMessageNotContaining(PASSWORD);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aSecondUploadOfTheSameArtifactTransfersNothing() throws Exception {
        stage("DEV/2016-10-25/fw.bin", "firmware");
        uploader.upload(artifact("DEV/2016-10-25/fw.bin"), target());

        UploadReceipt again = uploader.upload(artifact("DEV/2016-10-25/fw.bin"), target());

        assertThat(again.bytes()).isZero();
        assertThat(again.detail()).startsWith("0 of 1 file(s)");
    }

    @Test
    void aNewerFileOnTheTargetIsNotOverwritten() throws Exception {
        stage("a/fw.bin", "staged");
        Path remote = Files.createDirectories(daemon.module.resolve("upgrade/a")).resolve("fw.bin");
        Files.writeString(remote, "newer on target");
        Files.setLastModifiedTime(remote, FileTime.fromMillis(System.currentTimeMillis() + 3_600_000));

        uploader.upload(artifact("a/fw.bin"), target());

        assertThat(remote).hasContent("newer on target");
    }

    @Test
    void deleteMirrorsTheArtifactsFoldersOnlyWhenEnabled() throws Exception {
        stage("DEV/2016-10-25/fw.20161025.bin", "new firmware");
        Path stale = Files.createDirectories(daemon.module.resolve("upgrade/DEV/2016-10-25")).resolve("fw.20161001.bin");
        Files.writeString(stale, "old firmware");
        Path otherFolder = Files.createDirectories(daemon.module.resolve("upgrade/OTHER")).resolve("keep.bin");
        Files.writeString(otherFolder, "untouched");

        uploader.upload(artifact("DEV/2016-10-25/fw.20161025.bin"), target());
        assertThat(stale).exists();

        uploader.upload(artifact("DEV/2016-10-25/fw.20161025.bin"), target(PASSWORD, Map.of("delete", "true")));
        assertThat(stale).doesNotExist();
        assertThat(otherFolder).exists();
        assertThat(daemon.module.resolve("upgrade/DEV/2016-10-25/fw.20161025.bin")).hasContent("new firmware");
    }

    @Test
    void readsLargeOutputWithoutDeadlock() throws Exception {
        List<String> names = IntStream.range(0, 5000).mapToObj(i -> String.format("bulk/d%02d/firmware-file-number-%05d.bin", i % 50, i)).toList();
        for (String name : names) {
            stage(name, name);
        }

        UploadReceipt receipt = uploader.upload(artifact(names.toArray(String[]::new)), target());

        assertThat(daemon.filesInModule()).hasSize(5000);
        assertThat(receipt.detail()).startsWith("5000 of 5000");
    }

    @Test
    void invalidSettingsArePermanentAndNameTheField() throws Exception {
        stage("a/fw.bin", "x");

        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("serverip", ""))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("'serverip'");
        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("serverport", "abc"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("'serverport'");
        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("remotepath", "files/../etc"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("'remotepath'");
        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("serverip", "-oProxyCommand=x"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("'serverip'");
        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("delete", "yes"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("'delete'");
        assertThat(commands).isEmpty();
    }

    @Test
    void aMissingRsyncProgramIsPermanent() throws Exception {
        stage("a/fw.bin", "x");

        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("binpath", folder.resolve("no/rsync").toString()))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("cannot run rsync");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void acceptsTheFolderHoldingRsyncAsBinpath() throws Exception {
        stage("a/fw.bin", "x");
        Path bin = Stream.of(System.getenv("PATH").split(":")).map(Path::of)
                .filter(dir -> Files.isExecutable(dir.resolve("rsync"))).findFirst().orElseThrow();

        uploader.upload(artifact("a/fw.bin"), target(PASSWORD, Map.of("binpath", bin.toString())));

        assertThat(commands.get(0).get(0)).isEqualTo(bin.resolve("rsync").toString());
        assertThat(daemon.filesInModule()).containsExactly(Path.of("upgrade/a/fw.bin"));
    }
}
