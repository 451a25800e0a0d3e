package io.upgradeclient.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedFilesTest {

    @TempDir
    Path folder;

    @Test
    void theRetryAfterACrashMidWriteTakesOverTheLeftover() throws Exception {
        Path target = folder.resolve("fw.bin");
        Files.writeString(folder.resolve(StagedFiles.temporaryName(target)), "half of the");
        Path source = Files.writeString(folder.resolve("source"), "the whole firmware");

        assertThat(StagedFiles.copy(source, target)).isTrue();

        assertThat(target).hasContent("the whole firmware");
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactlyInAnyOrder(source, target);
        }
    }

    @Test
    void aNameThatFillsTheFileSystemsLimitCanBeStaged() throws Exception {
        Path target = folder.resolve("x".repeat(SafePaths.MAX_NAME_BYTES - 4) + ".bin");
        Path source = Files.writeString(folder.resolve("source"), "firmware");

        assertThat(StagedFiles.copy(source, target)).isTrue();

        assertThat(target).hasContent("firmware");
        assertThat(StagedFiles.temporaryName(target).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
        assertThat(StagedFiles.temporaryName(target)).startsWith(".").endsWith(".staging.part");
    }

    @Test
    void identicalContentIsLeftAloneWithItsTime() throws Exception {
        Path target = folder.resolve("Level_0.dat");
        StagedFiles.write(target, new byte[] {'0'});
        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(target, old);

        assertThat(StagedFiles.write(target, new byte[] {'0'})).isFalse();
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(old);
        assertThat(StagedFiles.write(target, new byte[] {'1'})).isTrue();
        assertThat(target).hasContent("1");
    }

    @Test
    void stagedFilesAreReadableByOthers() throws Exception {
        Path target = folder.resolve("ChangeLog_English.dat");

        StagedFiles.write(target, "1. Fixed".getBytes());

        assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OTHERS_READ);
    }
}
