package io.upgradeclient.check.rclone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.upload.rclone.internal.RclonePeer;

/** Watches and downloads from real {@code rclone serve sftp|ftp|webdav} servers on loopback. */
class RcloneCheckerTest {
    private static final String PASSWORD = "source-S3cret-unit";

    @TempDir
    Path work;
    private RclonePeer peer;
    private Path home;

    @AfterEach
    void stop() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    private void serve(String protocol) throws Exception {
        peer = RclonePeer.start(protocol, work, PASSWORD);
        home = Files.createDirectories(work.resolve("home/config")).getParent();
        Files.writeString(home.resolve("config/rclone.conf"), peer.configSection("vendor"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sftp", "ftp", "webdav"})
    void reportsNewAndChangedFilesOnceAndDownloadsThemIntact(String protocol) throws Exception {
        serve(protocol);
        write("releases/IPC/fw 1.bin", 200_000, Instant.now().minusSeconds(60));
        write("releases/old.bin", 10, Instant.now().minus(Duration.ofDays(30)));
        RcloneChecker checker = new RcloneChecker(home, Clock.systemUTC(), Map.of());
        CheckDefinition check = check("vendor:releases/", Map.of());

        CheckResult first = checker.check(check, Checkpoint.NONE);
        assertThat(first.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(ChangeAction.ADDED);
            assertThat(change.url()).isEqualTo(URI.create("vendor:releases/IPC/fw%201.bin"));
            assertThat(change.fileName()).isEqualTo("fw 1.bin");
            assertThat(change.fileType()).isEqualTo("IPC");
            assertThat(change.size()).isEqualTo(200_000);
        });
        assertThat(checker.check(check, first.checkpoint()).changes()).as("nothing new").isEmpty();

        List<long[]> progress = new ArrayList<>();
        Path cache = work.resolve("cache");
        DownloadedFile file = new RcloneDownloader(home, Map.of()).download(check, first.changes().get(0), cache,
                (done, total) -> progress.add(new long[] {done, total}));
        assertThat(Files.mismatch(file.file(), peer.root.resolve("releases/IPC/fw 1.bin"))).isEqualTo(-1);
        assertThat(file.size()).isEqualTo(200_000);
        assertThat(progress.get(progress.size() - 1)).containsExactly(200_000, 200_000);
        try (var left = Files.list(cache)) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void aChangeIsReportedAsModifiedAndANewFileAsAdded() throws Exception {
        serve("sftp");
        write("releases/fw.bin", 100, Instant.now().minusSeconds(60));
        RcloneChecker checker = new RcloneChecker(home, Clock.systemUTC(), Map.of());
        CheckDefinition check = check("vendor:releases", Map.of("hash", "true"));
        CheckResult first = checker.check(check, Checkpoint.NONE);
        assertThat(first.changes()).hasSize(1);
        assertThat(first.changes().get(0).revision()).contains("md5:");

        write("releases/fw.bin", 100, Instant.now().minusSeconds(60));
        write("releases/sub/new.bin", 5, Instant.now().minusSeconds(20));
        CheckResult second = checker.check(check, first.checkpoint());
        assertThat(second.changes()).extracting(RemoteChange::action, RemoteChange::fileName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ChangeAction.MODIFIED, "fw.bin"),
                        org.assertj.core.groups.Tuple.tuple(ChangeAction.ADDED, "new.bin"));
    }

    @Test
    void aResumedDownloadKeepsThePartAndYieldsTheWholeFile() throws Exception {
        serve("sftp");
        byte[] bytes = write("releases/fw.bin", 300_000, Instant.now().minusSeconds(60));
        CheckDefinition check = check("vendor:releases/", Map.of());
        RemoteChange change = new RcloneChecker(home, Clock.systemUTC(), Map.of()).check(check, Checkpoint.NONE).changes().get(0);
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path part = cache.resolve(RcloneDownloader.fileName(change) + ".part");
        Files.write(part, java.util.Arrays.copyOf(bytes, 100_000));
        List<Long> progress = new ArrayList<>();

        DownloadedFile file = new RcloneDownloader(home, Map.of()).download(check, change, cache, (done, total) -> progress.add(done));

        assertThat(Files.readAllBytes(file.file())).isEqualTo(bytes);
        assertThat(progress.get(0)).as("started after the part").isGreaterThan(100_000);
        assertThat(file.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(part).doesNotExist();
    }

    @Test
    void aStoppedServerIsTransientAMissingFolderOrRemoteIsPermanent() throws Exception {
        serve("sftp");
        Files.createDirectories(peer.root.resolve("releases"));
        RcloneChecker checker = new RcloneChecker(home, Clock.systemUTC(), Map.of());
        assertThatThrownBy(() -> checker.check(check("vendor:nothing-here/", Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("directory not found");
        assertThatThrownBy(() -> checker.check(check("nosuch:releases/", Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("didn't find section");
        peer.stop();
        assertThatThrownBy(() -> checker.check(check("vendor:releases/", Map.of("timeout_seconds", "5")), Checkpoint.NONE))
                .isInstanceOf(TransientException.class);
    }

    private CheckDefinition check(String baseUrl, Map<String, String> options) {
        return new CheckDefinition("vendor-fw", "rclone", URI.create(baseUrl), Credentials.NONE, "", Duration.ofDays(7),
                Duration.ofMinutes(5), List.of(), List.of(), "", List.of(), "", options);
    }

    private byte[] write(String name, int size, Instant modified) throws Exception {
        byte[] bytes = new byte[size];
        new Random(System.nanoTime()).nextBytes(bytes);
        Path file = peer.root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return bytes;
    }
}
