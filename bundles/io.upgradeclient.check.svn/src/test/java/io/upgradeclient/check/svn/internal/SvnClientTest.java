package io.upgradeclient.check.svn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginException;
import io.upgradeclient.api.TransientException;

class SvnClientTest {

    private static SvnClient client(Credentials credentials, String proxy) throws Exception {
        return new SvnClient("/usr/bin/svn", Duration.ofSeconds(5), credentials, proxy, args -> { });
    }

    @Test
    void passesTheUserButNeverThePasswordAndReadsItFromStdin() throws Exception {
        try (SvnClient svn = client(new Credentials("alice", "top-secret"), "")) {
            List<String> args = svn.command(List.of("info", "--xml", "svn://h/r"));

            assertThat(args).startsWith("/usr/bin/svn", "info", "--xml", "svn://h/r")
                    .contains("--non-interactive", "--no-auth-cache")
                    .containsSequence("--username", "alice", "--password-from-stdin")
                    .doesNotContain("--password");
            assertThat(String.join(" ", args)).doesNotContain("top-secret");
        }
    }

    @Test
    void anonymousChecksPassNoUser() throws Exception {
        try (SvnClient svn = client(Credentials.NONE, "")) {
            assertThat(svn.command(List.of("info"))).doesNotContain("--username", "--password-from-stdin", "--config-option");
        }
    }

    @Test
    void usesAPrivateConfigFolderAndDeletesItOnClose() throws Exception {
        Path workDir;
        try (SvnClient svn = client(Credentials.NONE, "")) {
            workDir = svn.workDir();
            assertThat(Files.getPosixFilePermissions(workDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(svn.command(List.of("info"))).containsSequence("--config-dir", workDir.resolve("config").toString());
        }
        assertThat(workDir).doesNotExist();
    }

    @Test
    void mapsProxyHostAndPortToServersOptions() throws Exception {
        try (SvnClient svn = client(Credentials.NONE, "proxy.example.com:3128")) {
            assertThat(svn.command(List.of("info")))
                    .containsSequence("--config-option", "servers:global:http-proxy-host=proxy.example.com",
                            "--config-option", "servers:global:http-proxy-port=3128");
        }
    }

    @Test
    void acceptsProxyWithoutPortWithSchemeOrAsIpv6() throws Exception {
        assertThat(SvnClient.proxyOptions("proxy")).containsExactly("servers:global:http-proxy-host=proxy");
        assertThat(SvnClient.proxyOptions("http://proxy:8080/"))
                .containsExactly("servers:global:http-proxy-host=proxy", "servers:global:http-proxy-port=8080");
        assertThat(SvnClient.proxyOptions("[::1]:8080"))
                .containsExactly("servers:global:http-proxy-host=[::1]", "servers:global:http-proxy-port=8080");
        assertThat(SvnClient.proxyOptions(" ")).isEmpty();
    }

    @Test
    void rejectsAMalformedProxyNamingTheField() {
        assertThatThrownBy(() -> client(Credentials.NONE, "proxy:port"))
                .isInstanceOf(PermanentException.class).hasMessageContaining("proxy_host");
        assertThatThrownBy(() -> SvnClient.proxyOptions("a b:80"))
                .isInstanceOf(PermanentException.class).hasMessageContaining("host[:port]");
    }

    @Test
    void classifiesTimeoutsAndServerErrorsAsTransientAndMissingRevisionsAsPermanent() {
        PluginException timeout = SvnClient.failure("svn log http://h/r", 1,
                "svn: E170013: Unable to connect to a repository at URL 'http://h/r'\nsvn: E175012: Connection timed out\n");
        PluginException noRevision = SvnClient.failure("svn log http://h/r", 1, "svn: E160006: No such revision 9\n");
        PluginException unexplained = SvnClient.failure("svn log http://h/r", 1, "\nKilled\n");

        assertThat(timeout).isInstanceOf(TransientException.class).hasMessage("svn log http://h/r failed: E175012: Connection timed out");
        assertThat(noRevision).isInstanceOf(PermanentException.class).hasMessageEndingWith("E160006: No such revision 9");
        assertThat(unexplained).isInstanceOf(TransientException.class).hasMessageEndingWith("failed: Killed");
    }
}
