package io.upgradeclient.upload.rclone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

/** Uploads to a real {@code rclone serve sftp} (and, for a backend without hashes, {@code rclone serve webdav}) on loopback. */
class RcloneUploaderTest {
    private static final String PASSWORD = "sftp-S3cret-unit";

    @TempDir
    Path work;
    private RclonePeer sftp;
    private Path home;
    private Path staging;
    private RcloneUploader uploader;

    @BeforeEach
    void start() throws Exception {
        sftp = RclonePeer.start("sftp", work, PASSWORD);
        home = Files.createDirectories(work.resolve("home"));
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/rclone.conf"), sftp.configSection("fwstore")
                + "[broken]\ntype = sftp\nhost = 127.0.0.1\nport = " + sftp.port + "\nuser = " + RclonePeer.USER
                + "\npass = " + RclonePeer.obscure("wrong") + "\n");
        staging = Files.createDirectories(work.resolve("staging"));
        uploader = new RcloneUploader(home, work, Map.of("timeout_seconds", "600"));
    }

    @AfterEach
    void stop() throws Exception {
        sftp.close();
    }

    @Test
    void sendsExactlyTheArtifactsFilesKeepingTheirLayoutAndOnlyOnce() throws Exception {
        write("IPC/fw.bin", 3 * 1024 * 1024);
        write("IPC/notes.txt", 100);
        write("other/not-in-artifact.bin", 10);
        Artifact artifact = new Artifact("fw", staging, List.of(Path.of("IPC/fw.bin"), Path.of("IPC/notes.txt")), List.of());
        List<long[]> progress = new ArrayList<>();

        UploadReceipt first = uploader.upload(artifact, target("fwstore:firmware"), (done, total) -> progress.add(new long[] {done, total}));

        assertThat(first.bytes()).isEqualTo(3 * 1024 * 1024 + 100);
        assertThat(first.detail()).startsWith("2 of 2 file(s)");
        assertThat(Files.mismatch(staging.resolve("IPC/fw.bin"), sftp.root.resolve("firmware/IPC/fw.bin"))).isEqualTo(-1);
        assertThat(Files.mismatch(staging.resolve("IPC/notes.txt"), sftp.root.resolve("firmware/IPC/notes.txt"))).isEqualTo(-1);
        assertThat(sftp.root.resolve("firmware/other")).doesNotExist();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(3 * 1024 * 1024 + 100, 3 * 1024 * 1024 + 100);

        UploadReceipt second = uploader.upload(artifact, target("fwstore:firmware"));
        assertThat(second.bytes()).isZero();
        assertThat(second.detail()).startsWith("0 of 2 file(s)");
    }

    @Test
    void aChangedFileOfTheSameSizeIsSentAgainBecauseTheHashDiffers() throws Exception {
        write("fw.bin", 4096);
        Artifact artifact = new Artifact("fw", staging, List.of(Path.of("fw.bin")), List.of());
        uploader.upload(artifact, target("fwstore:fw"));
        byte[] changed = Files.readAllBytes(staging.resolve("fw.bin"));
        changed[0] ^= 1;
        Files.write(staging.resolve("fw.bin"), changed);

        assertThat(uploader.upload(artifact, target("fwstore:fw")).bytes()).isEqualTo(4096);
        assertThat(Files.readAllBytes(sftp.root.resolve("fw/fw.bin"))).isEqualTo(changed);
    }

    /**
     * rclone's WebDAV backend has no hash (vendor {@code other}), so {@code --checksum} falls back to comparing sizes:
     * a file of the same size at the target counts as identical, one of another size is sent again.
     */
    @Test
    void aBackendWithoutHashesComparesBySizeSoOnlyAFileOfAnotherSizeIsSentAgain() throws Exception {
        try (RclonePeer webdav = RclonePeer.start("webdav", work, "webdav-S3cret-unit")) {
            Files.writeString(home.resolve("config/rclone.conf"), webdav.configSection("dav"), StandardOpenOption.APPEND);
            write("IPC/fw.bin", 200_000);
            write("IPC/notes.txt", 100);
            write("other/not-in-artifact.bin", 10);
            Artifact artifact = new Artifact("fw", staging, List.of(Path.of("IPC/fw.bin"), Path.of("IPC/notes.txt")), List.of());

            UploadReceipt first = uploader.upload(artifact, target("dav:firmware"));
            assertThat(first.bytes()).isEqualTo(200_000 + 100);
            assertThat(first.detail()).startsWith("2 of 2 file(s)");
            assertThat(Files.mismatch(staging.resolve("IPC/fw.bin"), webdav.root.resolve("firmware/IPC/fw.bin"))).isEqualTo(-1);
            assertThat(Files.mismatch(staging.resolve("IPC/notes.txt"), webdav.root.resolve("firmware/IPC/notes.txt"))).isEqualTo(-1);
            assertThat(webdav.root.resolve("firmware/other")).doesNotExist();

            UploadReceipt second = uploader.upload(artifact, target("dav:firmware"));
            assertThat(second.bytes()).isZero();
            assertThat(second.detail()).startsWith("0 of 2 file(s)");

            byte[] sameSize = Files.readAllBytes(staging.resolve("IPC/notes.txt"));
            sameSize[0] ^= 1;
            Files.write(staging.resolve("IPC/notes.txt"), sameSize);
            assertThat(uploader.upload(artifact, target("dav:firmware")).detail()).as("no hash to tell them apart")
                    .startsWith("0 of 2 file(s)");
            assertThat(Files.readAllBytes(webdav.root.resolve("firmware/IPC/notes.txt"))).isNotEqualTo(sameSize);

            write("IPC/notes.txt", 150);
            UploadReceipt changed = uploader.upload(artifact, target("dav:firmware"));
            assertThat(changed.bytes()).isEqualTo(150);
            assertThat(changed.detail()).startsWith("1 of 2 file(s)");
            assertThat(Files.mismatch(staging.resolve("IPC/notes.txt"), webdav.root.resolve("firmware/IPC/notes.txt"))).isEqualTo(-1);
        }
    }

    @Test
    void aServerThatIsDownIsTransientAndAWrongPasswordOrUnknownRemoteIsPermanent() throws Exception {
        write("fw.bin", 10);
        Artifact artifact = new Artifact("fw", staging, List.of(Path.of("fw.bin")), List.of());
        assertThatThrownBy(() -> uploader.upload(artifact, target("broken:fw")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("upload 'cloud' to broken:fw");
        assertThatThrownBy(() -> uploader.upload(artifact, target("nosuch:fw")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("didn't find section");

        sftp.stop();
        assertThatThrownBy(() -> uploader.upload(artifact, target("fwstore:fw")))
                .isInstanceOf(TransientException.class).hasMessageContaining("connection refused");
        sftp.start();
        assertThat(uploader.upload(artifact, target("fwstore:fw")).bytes()).isEqualTo(10);
    }

    @Test
    void invalidSettingsNameTheField() {
        Artifact artifact = new Artifact("fw", staging, List.of(Path.of("fw.bin")), List.of());
        assertThatThrownBy(() -> uploader.upload(artifact, target("no-colon")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'remote'");
        assertThatThrownBy(() -> uploader.upload(artifact, target("fwstore:a/../b")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'remote'");
        assertThatThrownBy(() -> uploader.upload(artifact, new UploadTarget(new TargetRef("cloud", "rclone"),
                Map.of("remote", "fwstore:x", "config", "missing.conf"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("missing.conf does not exist");
    }

    private UploadTarget target(String remote) {
        return new UploadTarget(new TargetRef("cloud", "rclone"), Map.of("remote", remote, "timeout_seconds", "20"));
    }

    private void write(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(name.hashCode()).nextBytes(bytes);
        Files.createDirectories(staging.resolve(name).getParent());
        Files.write(staging.resolve(name), bytes);
    }
}
