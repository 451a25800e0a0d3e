package io.upgradeclient.upload.rsync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.testsupport.Eventually;
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

    /** Stages a file of incompressible bytes, written a block at a time. */
    private Path stageRandom(String relative, long size) throws Exception {
        Path file = staging.resolve(relative);
        Files.createDirectories(file.getParent());
        Random random = new Random(relative.hashCode());
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        return file;
    }

    /** @return the size of the largest file in the folder and below, hidden ones included; 0 if there is none */
    private static long largestFile(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            long largest = 0;
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                try {
                    largest = Math.max(largest, Files.size(file));
                } catch (NoSuchFileException renamedMeanwhile) {
                    // rsync renamed its temporary file while we looked: the next poll sees it under its new name
                }
            }
            return largest;
        }
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
    void thePasswordMayComeFromAFileAndTheTemporaryFolderIsMadeWhenMissing() throws Exception {
        stage("a/fw.bin", "x");
        Path secret = Files.writeString(folder.resolve("rsync.pass"), PASSWORD + "\n");
        temp = folder.resolve("home/var/tmp");
        uploader = new RsyncUploader(ProcessLauncher.DEFAULT, temp);
        Map<String, String> settings = new HashMap<>(target().settings());
        settings.remove("password");
        settings.put("password_file", secret.toString());

        uploader.upload(artifact("a/fw.bin"), new UploadTarget(new TargetRef("default", "rsync"), settings));

        assertThat(daemon.filesInModule()).containsExactly(Path.of("upgrade/a/fw.bin"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp))).isEqualTo("rwx------");
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
    void aDaemonThatIsDownIsTransientAndTheSameArtifactUploadsOnceItIsBack() throws Exception {
        stage("a/fw.bin", "firmware");
        daemon.close();

        assertThatThrownBy(() -> uploader.upload(artifact("a/fw.bin"), target()))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("exit code 10").hasMessageContaining("Connection refused")
                .hasMessageNotContaining(PASSWORD);
        assertThat(tempFiles()).isEmpty();

        daemon = RsyncDaemon.start(folder.resolve("daemon"), PASSWORD, daemon.port);
        UploadReceipt receipt = uploader.upload(artifact("a/fw.bin"), target());

        assertThat(daemon.module.resolve("upgrade/a/fw.bin")).hasContent("firmware");
        assertThat(receipt.detail()).startsWith("1 of 1 file(s)");
        assertThat(receipt.bytes()).isEqualTo("firmware".length());
    }

    @Test
    void anInterruptedUploadKeepsItsPartialFileAndTheNextUploadResumesFromIt() throws Exception {
        long size = 64L << 20;
        Path source = stageRandom("big/fw.bin", size);
        Path destination = daemon.module.resolve("upgrade/big");
        Path partial = destination.resolve(RsyncUploader.PARTIAL_DIR).resolve("fw.bin");
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        // 8 MiB/s: the 64 MiB take about 8 s, time enough to interrupt the transfer mid-way
        Thread slowUpload = new Thread(() -> {
            try {
                uploader.upload(artifact("big/fw.bin"), target(PASSWORD, Map.of("bwlimit", "8192")));
            } catch (Exception e) {
                failure.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        }, "slow-upload");
        slowUpload.start();
        // while it runs, rsync receives into a hidden temporary file next to the destination
        Eventually.await(Duration.ofSeconds(30), "a quarter of fw.bin received", () -> largestFile(destination) >= size / 4);

        slowUpload.interrupt();
        slowUpload.join(Duration.ofSeconds(30).toMillis());

        assertThat(slowUpload.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(TransientException.class).hasMessageContaining("interrupted")
                .hasMessageNotContaining(PASSWORD);
        assertThat(stillInterrupted).as("the interrupt is passed on to the caller").isTrue();
        // the daemon moves what it received into the partial dir once it notices the client is gone
        Eventually.await(Duration.ofSeconds(30), "the partial file kept in " + RsyncUploader.PARTIAL_DIR, () -> Files.isRegularFile(partial)
                && largestFile(destination.resolve(RsyncUploader.PARTIAL_DIR)) == largestFile(destination));
        long kept = Files.size(partial);
        assertThat(kept).isBetween(size / 4, size - 1);
        assertThat(destination.resolve("fw.bin")).doesNotExist();
        assertThat(tempFiles()).isEmpty();

        UploadReceipt receipt = uploader.upload(artifact("big/fw.bin"), target());

        assertThat(Files.mismatch(source, destination.resolve("fw.bin"))).as("identical to the staged file").isEqualTo(-1L);
        assertThat(destination.resolve(RsyncUploader.PARTIAL_DIR)).doesNotExist();
        assertThat(receipt.detail()).startsWith("1 of 1 file(s)");
        assertThat(daemon.received()).as("the daemon's transfer log").last().satisfies(received -> {
            assertThat(received.file()).isEqualTo("upgrade/big/fw.bin");
            assertThat(received.size()).isEqualTo(size);
            assertThat(received.bytes()).as("bytes sent by the resumed transfer, %d of them already kept", kept)
                    .isLessThan(size - kept / 2);
        });
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
