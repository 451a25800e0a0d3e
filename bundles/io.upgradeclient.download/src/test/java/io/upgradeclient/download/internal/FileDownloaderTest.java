package io.upgradeclient.download.internal;

import static io.upgradeclient.download.internal.Fixtures.change;
import static io.upgradeclient.download.internal.Fixtures.check;
import static io.upgradeclient.download.internal.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PermanentException;

class FileDownloaderTest {
    @TempDir
    Path source;

    @TempDir
    Path cache;

    private final FileDownloader downloader = new FileDownloader(config(4L << 30));

    @Test
    void copiesALocalFileIntoTheCacheAndVerifiesTheChecksumBesideIt() throws Exception {
        byte[] bytes = FileServer.generatedBytes(2_500_000);
        Path file = Files.write(source.resolve("IPC_X.20161025.bin"), bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.writeString(source.resolve("SHA256SUMS"), sha + "  IPC_X.20161025.bin\n");

        DownloadedFile cached = downloader.download(check(Map.of()), change(file.toUri(), "1"), cache);

        assertThat(cached.sha256()).isEqualTo(sha);
        assertThat(cached.size()).isEqualTo(bytes.length);
        assertThat(Files.readAllBytes(cached.file())).isEqualTo(bytes);
        assertThat(cached.file().getParent()).isEqualTo(cache);
    }

    @Test
    void rejectsAFileWhosePublishedChecksumDiffersAndKeepsNothing() throws Exception {
        Path file = Files.write(source.resolve("IPC_X.20161025.bin"), FileServer.generatedBytes(100_000));
        Files.writeString(source.resolve("IPC_X.20161025.bin.md5"), "d41d8cd98f00b204e9800998ecf8427e  IPC_X.20161025.bin\n");

        assertThatThrownBy(() -> downloader.download(check(Map.of()), change(file.toUri(), "1"), cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("MD5 mismatch").hasMessageContaining(".md5");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMissingFileIsPermanent() {
        assertThatThrownBy(() -> downloader.download(check(Map.of()), change(source.resolve("gone.bin").toUri(), "1"), cache))
                .isInstanceOf(PermanentException.class).hasMessageContaining("gone.bin").hasMessageContaining("no such file");
    }

    @Test
    void checksFetchingTheSameFileAtOnceShareOneCacheEntryWithoutRacingOnItsPart() throws Exception {
        byte[] bytes = FileServer.generatedBytes(24_000_000);
        Path file = Files.write(source.resolve("IPC_X.20161025.bin"), bytes);
        int checks = 6;
        ExecutorService pool = Executors.newFixedThreadPool(checks);
        CyclicBarrier together = new CyclicBarrier(checks);
        try {
            List<Future<DownloadedFile>> downloads = new ArrayList<>();
            for (int i = 0; i < checks; i++) {
                downloads.add(pool.submit(() -> {
                    together.await();
                    return downloader.download(check(Map.of()), change(file.toUri(), "1"), cache);
                }));
            }
            for (Future<DownloadedFile> download : downloads) {
                DownloadedFile cached = download.get(60, TimeUnit.SECONDS);
                assertThat(cached.size()).isEqualTo(bytes.length);
                assertThat(Files.readAllBytes(cached.file())).isEqualTo(bytes);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }
}
