package io.upgradeclient.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCredentialsTest {

    @TempDir
    Path home;

    @Test
    void hashesTheWayTheWebConsoleChecks() {
        // Vector computed with the Web Console 5.0.18's own Password class.
        assertThat(ConsoleCredentials.hash("s3cret", "0011223344556677", 1000))
                .isEqualTo("{sha-256}0011223344556677-1000-/wwdufUgIJOKvmAL+tL6n8vnTExvrBI3hMo83MdfehU=");
    }

    @Test
    void generatesAPasswordOnFirstStartAndKeepsItForTheOwnerOnly() throws Exception {
        Map<String, String> settings = new HashMap<>();

        Path file = new ConsoleCredentials().apply(home, settings);

        assertThat(file).isEqualTo(home.resolve("var/webconsole-password"));
        String password = Files.readString(file).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo("admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(settings.get("felix.webconsole.password")).startsWith("{sha-256}").doesNotContain(password);
    }

    @Test
    void reusesTheStoredPasswordOnLaterStarts() throws Exception {
        ConsoleCredentials credentials = new ConsoleCredentials();
        Path file = credentials.apply(home, new HashMap<>());
        String first = Files.readString(file);

        credentials.apply(home, new HashMap<>());

        assertThat(Files.readString(file)).isEqualTo(first);
    }

    @Test
    void leavesAPasswordConfiguredInConfigAlone() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/org.apache.felix.webconsole.internal.servlet.OsgiManager.cfg"),
                "username=ops\npassword={sha-256}abc\n");
        Map<String, String> settings = new HashMap<>();

        assertThat(new ConsoleCredentials().apply(home, settings)).isNull();
        assertThat(settings).doesNotContainKey("felix.webconsole.password");
        assertThat(home.resolve("var/webconsole-password")).doesNotExist();
    }
}
