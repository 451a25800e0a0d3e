package io.upgradeclient.upload.dir.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;

class DirUploaderTest {

    @TempDir
    Path home;

    Path staging;
    DirUploader uploader;

    @BeforeEach
    void setUp() throws Exception {
        staging = Files.createDirectories(home.resolve("staging/xm_upgradefiles"));
        uploader = new DirUploader(home);
    }

    private Path stage(String relative, String content) throws Exception {
        Path file = staging.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private Artifact artifact(String... files) {
        return new Artifact("xm_dvr", staging, Stream.of(files).map(Path::of).toList(), List.of());
    }

    private static UploadTarget target(String path) {
        return new UploadTarget(new TargetRef("mirror", "dir"), path == null ? Map.of() : Map.of("path", path));
    }

    private static List<Path> filesBelow(Path folder) throws Exception {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(folder::relativize).sorted().toList();
        }
    }

    @Test
    void copiesOnlyTheArtifactsFilesKeepingTheirLayoutBelowHome() throws Exception {
        stage("DEV1/2016-10-25/fw.20161025.bin", "firmware");
        stage("DEV1/2016-10-25/Level_0.dat", "0");
        stage("unrelated.txt", "not part of the job");

        UploadReceipt receipt = uploader.upload(artifact("DEV1/2016-10-25/fw.20161025.bin", "DEV1/2016-10-25/Level_0.dat"),
                target("var/published"));

        Path published = home.resolve("var/published");
        assertThat(filesBelow(published)).containsExactly(Path.of("DEV1/2016-10-25/Level_0.dat"), Path.of("DEV1/2016-10-25/fw.20161025.bin"));
        assertThat(published.resolve("DEV1/2016-10-25/fw.20161025.bin")).hasContent("firmware");
        assertThat(receipt.bytes()).isEqualTo("firmware".length() + 1);
        assertThat(receipt.detail()).contains("copied 2 of 2");
    }

    @Test
    void acceptsAnAbsoluteTargetPath() throws Exception {
        stage("a/b.bin", "x");
        Path elsewhere = home.resolve("mnt/share");

        uploader.upload(artifact("a/b.bin"), target(elsewhere.toString()));

        assertThat(elsewhere.resolve("a/b.bin")).hasContent("x");
    }

    @Test
    void leavesAnIdenticalFileAloneAndCountsZeroBytes() throws Exception {
        stage("a/fw.bin", "same bytes");
        Path out = home.resolve("out");
        uploader.upload(artifact("a/fw.bin"), target("out"));
        Path copy = out.resolve("a/fw.bin");
        FileTime marker = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(copy, marker);

        UploadReceipt again = uploader.upload(artifact("a/fw.bin"), target("out"));

        assertThat(again.bytes()).isZero();
        assertThat(Files.getLastModifiedTime(copy)).isEqualTo(marker);
    }

    @Test
    void replacesAFileWithTheSameSizeButDifferentContent() throws Exception {
        stage("a/fw.bin", "new-bytes");
        Path copy = Files.createDirectories(home.resolve("out/a")).resolve("fw.bin");
        Files.writeString(copy, "old-bytes");

        UploadReceipt receipt = uploader.upload(artifact("a/fw.bin"), target("out"));

        assertThat(copy).hasContent("new-bytes");
        assertThat(receipt.bytes()).isEqualTo(9);
    }

    @Test
    void leavesNoTemporaryFilesBehindAndKeepsTheModificationTime() throws Exception {
        Path source = stage("a/fw.bin", "content");
        FileTime stamp = FileTime.from(Instant.parse("2016-10-25T08:00:00Z"));
        Files.setLastModifiedTime(source, stamp);

        uploader.upload(artifact("a/fw.bin"), new UploadTarget(new TargetRef("m", "dir"), Map.of("path", "out", "fsync", "true")));

        assertThat(filesBelow(home.resolve("out"))).containsExactly(Path.of("a/fw.bin"));
        assertThat(Files.getLastModifiedTime(home.resolve("out/a/fw.bin"))).isEqualTo(stamp);
    }

    @Test
    void theRetryAfterACrashMidCopyTakesOverTheLeftoverTemporaryFile() throws Exception {
        stage("a/fw.bin", "the whole firmware");
        Path leftover = Files.createDirectories(home.resolve("out/a")).resolve(DirUploader.temporaryName(Path.of("fw.bin")));
        Files.writeString(leftover, "the who");

        uploader.upload(artifact("a/fw.bin"), target("out"));

        assertThat(filesBelow(home.resolve("out"))).containsExactly(Path.of("a/fw.bin"));
        assertThat(home.resolve("out/a/fw.bin")).hasContent("the whole firmware");
    }

    @Test
    void aSecondCheckPublishingTheSameNameIntoTheTargetIsAnErrorNotAnOverwrite() throws Exception {
        stage("a/fw.bin", "from xm_dvr");
        uploader.upload(artifact("a/fw.bin"), target("out"));
        Path other = Files.createDirectories(home.resolve("staging/other/a"));
        Files.writeString(other.resolve("fw.bin"), "from xm_ipc");
        Artifact fromIpc = new Artifact("xm_ipc", home.resolve("staging/other"), List.of(Path.of("a/fw.bin")), List.of());

        assertThatThrownBy(() -> uploader.upload(fromIpc, target("out")))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining("check 'xm_ipc' would overwrite a/fw.bin (published by check 'xm_dvr')")
                .hasMessageContaining("target 'mirror'");
        assertThat(home.resolve("out/a/fw.bin")).hasContent("from xm_dvr");

        Files.writeString(other.resolve("fw.bin"), "from xm_dvr");
        assertThat(uploader.upload(fromIpc, target("out")).bytes()).as("the same bytes overwrite nothing").isZero();
        stage("a/fw.bin", "xm_dvr's next build");
        uploader.upload(artifact("a/fw.bin"), target("out"));
        assertThat(home.resolve("out/a/fw.bin")).as("the owner replaces its own file").hasContent("xm_dvr's next build");
        assertThat(filesBelow(home.resolve("out"))).containsExactly(Path.of("a/fw.bin"));
    }

    @Test
    void aNameThatFillsTheFileSystemsLimitIsPublished() throws Exception {
        String name = "x".repeat(SafePathsLimit.BYTES - 4) + ".bin";
        stage("a/" + name, "firmware");

        uploader.upload(artifact("a/" + name), target("out"));

        assertThat(filesBelow(home.resolve("out"))).containsExactly(Path.of("a", name));
    }

    @Test
    void aNameLongerThanTheFileSystemsLimitIsAPermanentErrorNamingTheLimit() {
        String name = "x".repeat(SafePathsLimit.BYTES - 3) + ".bin";

        assertThatThrownBy(() -> uploader.upload(artifact("a/" + name), target("out")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("256 bytes").hasMessageContaining("at most 255 bytes");
    }

    /** The limit of one file name, as {@link io.upgradeclient.api.SafePaths} states it. */
    private static final class SafePathsLimit {
        static final int BYTES = io.upgradeclient.api.SafePaths.MAX_NAME_BYTES;
    }

    @Test
    void missingPathSettingIsPermanent() throws Exception {
        stage("a.bin", "x");

        assertThatThrownBy(() -> uploader.upload(artifact("a.bin"), target(null)))
                .isInstanceOf(PermanentException.class).hasMessageContaining("'path'").hasMessageContaining("mirror");
        assertThatThrownBy(() -> uploader.upload(artifact("a.bin"), target("  ")))
                .isInstanceOf(PermanentException.class);
    }

    @Test
    void rejectsPathTraversalEvenWhenTheArtifactDidNotCatchIt() throws Exception {
        Path target = Files.createDirectories(home.resolve("out")).toRealPath();

        assertThatThrownBy(() -> DirUploader.resolveInside(target, Path.of("a/../../escaped.bin")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("escape");
        assertThatThrownBy(() -> DirUploader.resolveInside(target, Path.of("/etc/passwd")))
                .isInstanceOf(PermanentException.class);
        assertThat(DirUploader.resolveInside(target, Path.of("a/b.bin"))).isEqualTo(target.resolve("a/b.bin"));
    }

    @Test
    void rejectsControlCharactersInFileNames() throws Exception {
        stage("bad\nname.bin", "x");

        assertThatThrownBy(() -> uploader.upload(artifact("bad\nname.bin"), target("out")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("bad?name.bin");
        assertThat(filesBelow(home.resolve("out"))).isEmpty();
    }

    @Test
    void refusesToFollowASymbolicLinkOutOfTheTarget() throws Exception {
        stage("link/fw.bin", "x");
        Path outside = Files.createDirectories(home.resolve("outside"));
        Files.createDirectories(home.resolve("out"));
        Files.createSymbolicLink(home.resolve("out/link"), outside);

        assertThatThrownBy(() -> uploader.upload(artifact("link/fw.bin"), target("out")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("symbolic link");
        assertThat(filesBelow(outside)).isEmpty();
    }

    @Test
    void aMissingStagedFileIsPermanent() {
        assertThatThrownBy(() -> uploader.upload(artifact("gone.bin"), target("out")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("gone.bin");
    }

    @Test
    void anUnwritableTargetIsTransient() throws Exception {
        stage("a.bin", "x");
        Files.writeString(home.resolve("blocker"), "a file where the folder should be");

        assertThatThrownBy(() -> uploader.upload(artifact("a.bin"), target("blocker/sub")))
                .isInstanceOf(TransientException.class).hasMessageContaining("mirror");
    }

    @Test
    void stopsWhenTheThreadIsInterrupted() throws Exception {
        stage("a.bin", "x");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> uploader.upload(artifact("a.bin"), target("out")))
                    .isInstanceOf(TransientException.class).hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted();
        }
        assertThat(home.resolve("out/a.bin")).doesNotExist();
    }
}
