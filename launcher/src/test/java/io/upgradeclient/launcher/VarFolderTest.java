package io.upgradeclient.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VarFolderTest {
    @TempDir
    Path home;

    @Test
    void varIsTheOwnersOnlyAndACrashedRunsTemporarySecretsAreGone() throws Exception {
        Path var = Files.createDirectories(home.resolve("var"));
        Files.setPosixFilePermissions(var, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = Files.createDirectories(var.resolve("framework/bundle3/data/config"));
        Path persisted = Files.writeString(config.resolve("rsync.config"), "password=\"s3cret\"\n");
        Files.setPosixFilePermissions(persisted, PosixFilePermissions.fromString("rw-r--r--"));
        Path leftover = Files.writeString(Files.createDirectories(var.resolve("tmp/sub")).resolve("rsync-pass-1.tmp"), "s3cret\n");

        VarFolder.secure(var);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(var))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(persisted))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rwx------");
        assertThat(leftover).doesNotExist();
        assertThat(var.resolve("tmp")).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(var.resolve("tmp")))).isEqualTo("rwx------");
    }
}
