package io.upgradeclient.download.internal;

import static io.upgradeclient.download.internal.Fixtures.change;
import static io.upgradeclient.download.internal.Fixtures.check;
import static io.upgradeclient.download.internal.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;

class HttpDownloaderTest {
    private static final int SIZE = 3 * 1024 * 1024 + 17;
    private static final String FILE = "/fw/General/IPC_X.20161025.bin";

    @TempDir
    Path cache;

    private FileServer server;
    private HttpDownloader downloader;

    @BeforeEach
    void start() throws Exception {
        server = FileServer.start();
        downloader = new HttpDownloader(config(4L << 30));
    }

    @AfterEach
    void stop() {
        downloader.deactivate();
        server.close();
    }

    private List<String> cacheFiles() throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void streamsTheFileIntoTheCacheUnderASafeNameWithItsSha256() throws Exception {
        server.generated(FILE, SIZE, true);
        RemoteChange change = change(server.url(FILE), "3145745:1477382400");

        DownloadedFile file = downloader.download(check(Map.of()), change, cache);

        assertThat(file.size()).isEqualTo(SIZE);
        assertThat(file.sha256()).isEqualTo(FileServer.sha256OfGenerated(SIZE));
        assertThat(Files.readAllBytes(file.file())).isEqualTo(FileServer.generatedBytes(SIZE));
        assertThat(file.file().getParent()).isEqualTo(cache);
        assertThat(file.file().getFileName().toString()).matches("[0-9a-f]{16}-IPC_X\\.20161025\\.bin");
        assertThat(cacheFiles()).containsExactly(file.file().getFileName().toString(), file.file().getFileName() + ".sha256");
        assertThat(Files.readString(cache.resolve(file.file().getFileName() + ".sha256"))).startsWith(file.sha256() + "  ");
    }

    @Test
    void returnsTheCachedFileWhenTheSameRevisionIsAskedForAgain() throws Exception {
        server.generated(FILE, SIZE, true);
        RemoteChange change = change(server.url(FILE), "r1");
        DownloadedFile first = downloader.download(check(Map.of(DownloadSettings.VERIFY_CHECKSUMS, "false")), change, cache);
        int requests = server.requests().size();

        DownloadedFile again = downloader.download(check(Map.of(DownloadSettings.VERIFY_CHECKSUMS, "false")), change, cache);

        assertThat(again).isEqualTo(first);
        assertThat(server.requests()).hasSize(requests);
        DownloadedFile other = downloader.download(check(Map.of(DownloadSettings.VERIFY_CHECKSUMS, "false")),
                change(server.url(FILE), "r2"), cache);
        assertThat(other.file()).isNotEqualTo(first.file());
        assertThat(server.requests()).hasSize(requests + 1);
    }

    @Test
    void neverCachesAnErrorPageAsFirmware() throws Exception {
        RemoteChange change = change(server.url(FILE), "1");
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change, cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining(FILE).hasMessageContaining("404");
        server.error(FILE, 500, "<html><body>Internal Server Error</body></html>", Map.of());
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change, cache))
                .isInstanceOf(TransientException.class).hasMessageContaining("500");
        server.error(FILE, 403, "<html><body>Forbidden</body></html>", Map.of());
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change, cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("403");

        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void passesRetryAfterOf429On() throws Exception {
        server.error(FILE, 429, "<html><body>Slow down</body></html>", Map.of("Retry-After", "90"));

        assertThatThrownBy(() -> downloader.download(check(Map.of()), change(server.url(FILE), "1"), cache))
                .isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(90)));
    }

    @Test
    void resumesAConnectionCutMidwayWithRangeAndIfRange() throws Exception {
        server.generated(FILE, SIZE, true);
        server.cutAfter(FILE, 1_000_000);
        RemoteChange change = change(server.url(FILE), "1");

        assertThatThrownBy(() -> downloader.download(check(Map.of()), change, cache))
                .isInstanceOf(TransientException.class).hasMessageContaining(FILE);
        String part = CacheWriter.fileName(change) + ".part";
        long kept = Files.size(cache.resolve(part));
        assertThat(kept).as("bytes kept from the cut transfer").isPositive().isLessThanOrEqualTo(1_000_000);

        DownloadedFile file = downloader.download(check(Map.of()), change, cache);

        List<FileServer.Request> requests = server.requests(FILE);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).range()).isEqualTo("bytes=" + kept + "-");
        assertThat(requests.get(1).ifRange()).isEqualTo("\"" + SIZE + "-gen\"");
        assertThat(requests.get(1).status()).isEqualTo(206);
        assertThat(file.sha256()).isEqualTo(FileServer.sha256OfGenerated(SIZE));
        assertThat(file.size()).isEqualTo(SIZE);
        assertThat(cacheFiles()).doesNotContain(part);
    }

    @Test
    void aFileCutAfterTheBackgroundWritebackBeganResumesToTheRightChecksum() throws Exception {
        int size = (int) (3 * CacheWriter.WRITEBACK_BYTES) + 4099;
        int cut = (int) (CacheWriter.WRITEBACK_BYTES + CacheWriter.WRITEBACK_BYTES / 2);
        server.generated(FILE, size, true);
        server.cutAfter(FILE, cut);
        RemoteChange change = change(server.url(FILE), "1");

        assertThatThrownBy(() -> downloader.download(check(Map.of()), change, cache)).isInstanceOf(TransientException.class);
        long kept = Files.size(cache.resolve(CacheWriter.fileName(change) + ".part"));
        assertThat(kept).as("bytes kept, some already written back").isGreaterThan(CacheWriter.WRITEBACK_BYTES)
                .isLessThanOrEqualTo(cut);

        DownloadedFile file = downloader.download(check(Map.of()), change, cache);

        assertThat(server.requests(FILE).get(1).range()).isEqualTo("bytes=" + kept + "-");
        assertThat(file.size()).isEqualTo(size);
        assertThat(file.sha256()).isEqualTo(FileServer.sha256OfGenerated(size)).isEqualTo(sha256(file.file()));
    }

    @Test
    void startsAgainFromZeroWhenTheServerIgnoresRange() throws Exception {
        server.generated(FILE, SIZE, false);
        server.cutAfter(FILE, 1_000_000);
        RemoteChange change = change(server.url(FILE), "1");
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change, cache)).isInstanceOf(TransientException.class);
        long kept = Files.size(cache.resolve(CacheWriter.fileName(change) + ".part"));
        assertThat(kept).isPositive();

        DownloadedFile file = downloader.download(check(Map.of()), change, cache);

        List<FileServer.Request> requests = server.requests(FILE);
        assertThat(requests.get(1).range()).isEqualTo("bytes=" + kept + "-");
        assertThat(requests.get(1).status()).isEqualTo(200);
        assertThat(file.sha256()).isEqualTo(FileServer.sha256OfGenerated(SIZE));
        assertThat(file.size()).isEqualTo(SIZE);
    }

    @Test
    void aStalledTransferTimesOutAndIsResumedLater() throws Exception {
        server.generated(FILE, SIZE, true);
        server.stallAfter(FILE, 500_000);
        RemoteChange change = change(server.url(FILE), "1");
        Map<String, String> options = Map.of(DownloadSettings.READ_TIMEOUT, "1");

        assertThatThrownBy(() -> downloader.download(check(options), change, cache))
                .isInstanceOf(TransientException.class).hasMessageContaining("read_timeout_seconds");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();

        assertThat(Files.size(cache.resolve(CacheWriter.fileName(change) + ".part"))).isEqualTo(500_000);

        DownloadedFile file = downloader.download(check(options), change, cache);
        assertThat(server.requests(FILE).get(1).range()).isEqualTo("bytes=500000-");
        assertThat(file.sha256()).isEqualTo(FileServer.sha256OfGenerated(SIZE));
    }

    @Test
    void refusesFilesOverTheSizeLimit() throws Exception {
        server.generated(FILE, SIZE, true);
        assertThatThrownBy(() -> downloader.download(check(Map.of(DownloadSettings.MAX_SIZE, "1M")), change(server.url(FILE), "1"), cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("size limit of 1048576 bytes");

        server.generatedChunked("/fw/chunked.bin", SIZE);
        HttpDownloader limited = new HttpDownloader(config(2 * 1024 * 1024));
        try {
            assertThatThrownBy(() -> limited.download(check(Map.of()), change(server.url("/fw/chunked.bin"), "1"), cache))
                    .isInstanceOf(PermanentException.class).hasMessageContaining("size limit of 2097152 bytes");
        } finally {
            limited.deactivate();
        }
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void verifiesAPublishedSha256AndRejectsAMismatch() throws Exception {
        server.generated(FILE, SIZE, true);
        String sha = FileServer.sha256OfGenerated(SIZE);
        server.text(FILE + ".sha256", sha.toUpperCase() + "  IPC_X.20161025.bin\n", "text/plain");
        DownloadedFile file = downloader.download(check(Map.of()), change(server.url(FILE), "1"), cache);
        assertThat(file.sha256()).isEqualTo(sha);

        String wrong = sha.substring(1) + (sha.charAt(0) == '0' ? "1" : "0");
        server.text(FILE + ".sha256", wrong + "  IPC_X.20161025.bin\n", "text/plain");
        RemoteChange second = change(server.url(FILE), "2");
        assertThatThrownBy(() -> downloader.download(check(Map.of()), second, cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("SHA-256 mismatch")
                .hasMessageContaining(FILE + ".sha256").hasMessageContaining(sha);
        assertThat(cacheFiles()).noneMatch(name -> name.startsWith(CacheWriter.fileName(second)));
    }

    @Test
    void readsSha256SumsAndMd5WhenNoSha256FileIsPublished() throws Exception {
        server.generated(FILE, SIZE, true);
        String sha = FileServer.sha256OfGenerated(SIZE);
        server.text("/fw/General/SHA256SUMS", "0".repeat(64) + "  other.bin\n" + sha + " *IPC_X.20161025.bin\n", "text/plain");
        assertThat(downloader.download(check(Map.of()), change(server.url(FILE), "1"), cache).sha256()).isEqualTo(sha);
        assertThat(server.requests("/fw/General/SHA256SUMS")).hasSize(1);

        server.text("/fw/General/SHA256SUMS", "0".repeat(64) + "  IPC_X.20161025.bin\n", "text/plain");
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change(server.url(FILE), "2"), cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("SHA256SUMS");

        server.text("/fw/General/SHA256SUMS", "", "text/plain");
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(FileServer.generatedBytes(SIZE)));
        server.text(FILE + ".md5", md5 + "\n", "text/plain");
        assertThat(downloader.download(check(Map.of()), change(server.url(FILE), "3"), cache).sha256()).isEqualTo(sha);
        server.text(FILE + ".md5", "d41d8cd98f00b204e9800998ecf8427e\n", "text/plain");
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change(server.url(FILE), "4"), cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("MD5 mismatch");
    }

    @Test
    void looksForNoChecksumWhenVerificationIsOff() throws Exception {
        server.generated(FILE, SIZE, true);
        server.text(FILE + ".sha256", "0".repeat(64), "text/plain");

        downloader.download(check(Map.of(DownloadSettings.VERIFY_CHECKSUMS, "false")), change(server.url(FILE), "1"), cache);

        assertThat(server.requests()).extracting(FileServer.Request::path).containsExactly(FILE);
    }

    @Test
    void sendsCredentialsToTheFileHostOnlyNotToWhereItRedirects() throws Exception {
        try (FileServer mirror = FileServer.start()) {
            mirror.generated(FILE, SIZE, true);
            server.error(FILE, 302, "", Map.of("Location", mirror.url(FILE).toString()));
            String secret = "pa55-w0rd";
            Credentials credentials = new Credentials("fw", secret);

            DownloadedFile file = downloader.download(check(Map.of(DownloadSettings.VERIFY_CHECKSUMS, "false"), credentials),
                    change(server.url(FILE), "1"), cache);

            assertThat(file.sha256()).isEqualTo(FileServer.sha256OfGenerated(SIZE));
            assertThat(server.requests(FILE)).singleElement().extracting(FileServer.Request::authorization)
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("fw:" + secret).getBytes(StandardCharsets.UTF_8)));
            assertThat(mirror.requests(FILE)).singleElement().extracting(FileServer.Request::authorization).isNull();
        }
    }

    /**
     * Downloads 512 MiB generated on the fly while a thread samples the heap in use every few milliseconds: a
     * downloader that held the file, or a tenth of it, in memory would show it there, and so would one that made
     * garbage in proportion to the file faster than the collector clears it up.
     */
    @Test
    void memoryStaysFlatWhateverTheFileSize() throws Exception {
        long size = 512L * 1024 * 1024;
        server.generated(FILE, size, true);
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        AtomicLong samples = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                samples.incrementAndGet();
                LockSupport.parkNanos(2_000_000);
            }
        });
        sampler.start();
        DownloadedFile file;
        try {
            file = downloader.download(check(Map.of(DownloadSettings.VERIFY_CHECKSUMS, "false")), change(server.url(FILE), "1"), cache);
        } finally {
            sampler.interrupt();
            sampler.join();
        }

        assertThat(file.size()).isEqualTo(size);
        assertThat(file.sha256()).isEqualTo(FileServer.sha256OfGenerated(size));
        assertThat(samples.get()).as("heap samples during the download").isGreaterThan(10);
        assertThat(peak.get() - before).as("heap growth during the download, in bytes").isLessThan(64L * 1024 * 1024);
    }

    /** @return the SHA-256 of the bytes on disk, not the one the downloader computed on the way */
    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
