package io.upgradeclient.upload.rclone.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TransientException;

class RcloneFailureTest {
    @Test
    void startUpErrorsAreTransientOnlyWhenTheNetworkIsToBlame() {
        assertThat(RcloneFailure.of("x", 1, "Failed to create file system for \"s:\": NewFs: couldn't connect SSH: dial tcp 127.0.0.1:1: connect: connection refused"))
                .isInstanceOf(TransientException.class);
        assertThat(RcloneFailure.of("x", 1, "Failed to create file system for \"u:dst\": didn't find section in config file"))
                .isInstanceOf(PermanentException.class).hasMessage("x: rclone exit code 1 (usage or start-up error): "
                        + "Failed to create file system for \"u:dst\": didn't find section in config file");
    }

    @Test
    void codesThatRetriesCannotFixArePermanent() {
        assertThat(RcloneFailure.of("x", 3, "")).isInstanceOf(PermanentException.class);
        assertThat(RcloneFailure.of("x", 7, "")).isInstanceOf(PermanentException.class);
        assertThat(RcloneFailure.of("x", 5, "")).isInstanceOf(TransientException.class);
        assertThat(RcloneFailure.of("x", 2, "fw.bin: Failed to copy: unexpected EOF")).isInstanceOf(TransientException.class);
        assertThat(RcloneFailure.of("x", 2, "fw.bin: Failed to copy: permission denied")).isInstanceOf(PermanentException.class);
    }
}
