package io.upgradeclient.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SafePathsTest {

    private static final URI BASE = URI.create("http://svn.example/fw/");

    @Test
    void keepsTheFoldersBelowTheBaseAndDecodesNames() throws Exception {
        Path relative = SafePaths.relativeBelow(Path.of("/staging"), BASE,
                URI.create("http://svn.example/fw/%E6%B5%B7%E6%80%9D/2016-10-25/a%20b.20161025.bin"));

        assertThat(relative).isEqualTo(Path.of("海思", "2016-10-25", "a b.20161025.bin"));
    }

    @Test
    void rejectsPathTraversalAndForeignHosts() {
        assertThatThrownBy(() -> SafePaths.relativeBelow(Path.of("/s"), BASE, URI.create("http://svn.example/fw/a/%2E%2E/%2E%2E/etc/passwd")))
                .isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> SafePaths.relativeBelow(Path.of("/s"), BASE, URI.create("http://svn.example/fw/a%2F..%2Fb")))
                .isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> SafePaths.relativeBelow(Path.of("/s"), BASE, URI.create("http://evil.example/fw/a.bin")))
                .isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> SafePaths.relativeBelow(Path.of("/s"), BASE, URI.create("http://svn.example/fwx/a.bin")))
                .isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> SafePaths.relativeBelow(Path.of("/s"), BASE, BASE)).isInstanceOf(PermanentException.class);
    }

    @Test
    void rejectsOverLongNamesCountingUtf8Bytes() throws Exception {
        assertThat(SafePaths.segment("a".repeat(255))).hasSize(255);
        assertThatThrownBy(() -> SafePaths.segment("a".repeat(256))).isInstanceOf(PermanentException.class)
                .hasMessageContaining("longer than 255 bytes");
        assertThatThrownBy(() -> SafePaths.segment("固".repeat(86))).as("258 bytes in UTF-8").isInstanceOf(PermanentException.class);
    }

    @Test
    void rejectsControlCharactersAndSeparatorsInNames() {
        assertThatThrownBy(() -> SafePaths.segment("a\u0000b")).isInstanceOf(PermanentException.class).hasMessageContaining("\\u0000");
        assertThatThrownBy(() -> SafePaths.segment("a\nb")).isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> SafePaths.segment("a\\b")).isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> SafePaths.segment("..")).isInstanceOf(PermanentException.class);
    }

    @Test
    void anOpaqueRcloneLocationIsResolvedByItsSchemeSpecificPart() throws Exception {
        assertThat(SafePaths.relativeBelow(Path.of("/s"), URI.create("vendor:releases/"), URI.create("vendor:releases/IPC/fw%201.bin")))
                .isEqualTo(Path.of("IPC", "fw 1.bin"));
        assertThatThrownBy(() -> SafePaths.relativeBelow(Path.of("/s"), URI.create("vendor:releases/"), URI.create("other:releases/fw.bin")))
                .isInstanceOf(PermanentException.class);
        assertThatThrownBy(() -> SafePaths.relativeBelow(Path.of("/s"), URI.create("vendor:releases/"), URI.create("vendor:releases/a/%2E%2E/%2E%2E/x")))
                .isInstanceOf(PermanentException.class);
    }
}
