package io.upgradeclient.web.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/**
 * The keys of PID {@code io.upgradeclient.web} the README documents are the keys the component reads. The effect of
 * each is observed on the running distribution, each key set through a {@code .cfg} file as the README writes it
 * ({@code SecurityEndToEndIT}).
 */
class WebConfigKeysTest {
    @Test
    void everyKeyTheReadmeDocumentsIsReadUnderThatName() {
        assertThat(DsConfig.keys(WebSecurity.Config.class))
                .isEqualTo(ReadmeKeys.table(Path.of("README.md"), "## Configuration: PID `io.upgradeclient.web`", 0));
    }
}
