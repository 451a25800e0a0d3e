package io.upgradeclient.download.internal;

import static io.upgradeclient.download.internal.Fixtures.change;
import static io.upgradeclient.download.internal.Fixtures.check;
import static io.upgradeclient.download.internal.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PermanentException;

/** Runs against a real repository made with svnadmin and read through file://. */
class SvnDownloaderTest {
    @TempDir
    Path work;

    @TempDir
    Path cache;

    private final SvnDownloader downloader = new SvnDownloader(config(4L << 30));
    private URI firmware;
    private byte[] revision1;
    private byte[] revision2;

    @BeforeEach
    void createRepository() throws Exception {
        Path repository = work.resolve("repo");
        run(work, "svnadmin", "create", repository.toString());
        Path tree = Files.createDirectories(work.resolve("import/General/IPC_X_S38"));
        revision1 = FileServer.generatedBytes(700_000);
        Files.write(tree.resolve("IPC_X.20161025.bin"), revision1);
        Files.writeString(tree.resolve("IPC_X.20161025.bin.sha256"), sha256(revision1) + "  IPC_X.20161025.bin\n");
        String root = repository.toUri().toString().replaceFirst("^file:/+", "file:///");
        run(work, "svn", "import", "-q", "-m", "firmware", work.resolve("import").toString(), root);
        run(work, "svn", "checkout", "-q", root, work.resolve("wc").toString());
        revision2 = "a different firmware".getBytes(StandardCharsets.UTF_8);
        Files.write(work.resolve("wc/General/IPC_X_S38/IPC_X.20161025.bin"), revision2);
        run(work.resolve("wc"), "svn", "commit", "-q", "-m", "new build without a new checksum");
        firmware = URI.create(root + "/General/IPC_X_S38/IPC_X.20161025.bin");
    }

    @AfterEach
    void stop() {
        downloader.deactivate();
    }

    @Test
    void catsTheFileAtItsRevisionAndVerifiesTheChecksumBesideIt() throws Exception {
        DownloadedFile file = downloader.download(check(Map.of()), change(firmware, "1"), cache);

        assertThat(Files.readAllBytes(file.file())).isEqualTo(revision1);
        assertThat(file.sha256()).isEqualTo(sha256(revision1));
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder(file.file().getFileName().toString(), file.file().getFileName() + ".sha256");
        }
    }

    @Test
    void acceptsAFileUrlWithoutItsEmptyAuthorityAsUriResolveWritesIt() throws Exception {
        URI resolved = firmware.resolve("IPC_X.20161025.bin");
        assertThat(resolved.toString()).as("what URI.resolve makes of file:///").startsWith("file:/").doesNotStartWith("file://");

        DownloadedFile file = downloader.download(check(Map.of()), change(resolved, "1"), cache);

        assertThat(Files.readAllBytes(file.file())).isEqualTo(revision1);
    }

    @Test
    void rejectsARevisionThatDoesNotMatchItsPublishedChecksum() throws Exception {
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change(firmware, "2"), cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("SHA-256 mismatch")
                .hasMessageContaining("IPC_X.20161025.bin.sha256@2");

        DownloadedFile unchecked = downloader.download(check(Map.of(DownloadSettings.VERIFY_CHECKSUMS, "false")), change(firmware, "2"), cache);
        assertThat(Files.readAllBytes(unchecked.file())).isEqualTo(revision2);
    }

    @Test
    void aPathMissingFromTheRepositoryIsPermanent() {
        URI missing = URI.create(firmware.toString().replace("IPC_X.20161025", "gone"));
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change(missing, "1"), cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("gone.bin@1").hasMessageContaining("no such file");
    }

    @Test
    void rejectsARevisionThatIsNoNumber() {
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change(firmware, "1;rm -rf /"), cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("revision");
    }

    @Test
    void givesThePasswordOnStandardInputNeverAsAnArgument() throws Exception {
        String secret = "s3cret-pass";
        List<String> command = SvnDownloader.command(check(Map.of(), new Credentials("fw", secret)),
                DownloadSettings.of(config(1), check(Map.of())), work, firmware.toString(), "1");

        assertThat(command).containsSubsequence("--username", "fw", "--password-from-stdin")
                .contains("--non-interactive", "--no-auth-cache", "--config-dir").noneMatch(arg -> arg.contains(secret));
        DownloadedFile file = downloader.download(check(Map.of(), new Credentials("fw", secret)), change(firmware, "1"), cache);
        assertThat(file.sha256()).isEqualTo(sha256(revision1));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
