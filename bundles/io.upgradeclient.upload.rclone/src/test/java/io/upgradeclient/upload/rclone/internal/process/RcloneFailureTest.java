package io.upgradeclient.upload.rclone.internal.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TransientException;

class RcloneFailureTest {
    @Test
    void startUpErrorsAreTransientOnlyWhenTheNetworkIsToBlame() {
        assertThatThrownBy(() -> RcloneFailure.raise("x", 1, "Failed to create file system for \"s:\": NewFs: couldn't connect SSH: dial tcp 127.0.0.1:1: connect: connection refused"))
                .isInstanceOf(TransientException.class);
        assertThatThrownBy(() -> RcloneFailure.raise("x", 1, "Failed to create file system for \"u:dst\": didn't find section in config file"))
                .isInstanceOf(PermanentException.class).hasMessage("x: rclone exit code 1 (usage or start-up error): "
                        + "Failed to create file system for \"u:dst\": didn't find section in config file");
    }

    @Test
    void codesThatRetriesCannotFixArePermanent() {
        assertThatThrownBy(() -> RcloneFailure.raise("x", 3, "")).isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> RcloneFailure.raise("x", 7, "")).isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> RcloneFailure.raise("x", 5, "")).isInstanceOf(TransientException.class);
        assertThatThrownBy(() -> RcloneFailure.raise("x", 2, "fw.bin: Failed to copy: unexpected EOF")).isInstanceOf(TransientException.class);
        assertThatThrownBy(() -> RcloneFailure.raise("x", 2, "fw.bin: Failed to copy: permission denied")).isInstanceOf(PermanentException.class);
    }
}
