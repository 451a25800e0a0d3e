package io.upgradeclient.download.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import io.upgradeclient.api.DownloadedFile;

/**
 * Not a test: downloads a 1 GiB file generated on the fly by a local HTTP server and prints, per round, our
 * throughput (the whole {@code download}: transfer, SHA-256, write, fsync, rename) and the heap (peak used during
 * the download, and peak after garbage collections); when curl is installed, it times on the same URL
 * {@code curl -o <file in the cache folder>} (the fair peer: it writes the file too), the same followed by an fsync
 * of that file (what our download does before its rename), and {@code curl -o /dev/null}. Before each timed
 * transfer the dirty pages of the previous one are flushed, so that none pays for another's writes. Ends with the
 * median, over the rounds, of our throughput over that of curl + fsync (the same work, the same durability), and
 * the highest heap peak. Arguments: [rounds] (default 3) [size in MiB] (default 1024).
 */
public final class DownloadBenchmark {
    private DownloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 1024) * 1024 * 1024;
        Path cache = Files.createTempDirectory("download-benchmark");
        AtomicLong peakAfterGc = new AtomicLong();
        NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                long used = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
                        .getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                peakAfterGc.accumulateAndGet(used, Math::max);
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        HttpDownloader downloader = new HttpDownloader(Fixtures.config(8L << 30));
        try (FileServer server = FileServer.start()) {
            server.generated("/fw/big.bin", size, true);
            URI url = server.url("/fw/big.bin");
            System.out.printf("file: %d MiB over loopback into %s, %d CPUs, max heap %d MiB%n", size >> 20, cache,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            double[] ratios = new double[rounds];
            long peakHeap = 0;
            for (int round = 1; round <= rounds; round++) {
                sync();
                System.gc();
                long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                peakAfterGc.set(0);
                AtomicLong peakUsed = new AtomicLong();
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.setDaemon(true);
                sampler.start();
                long start = System.nanoTime();
                DownloadedFile file = downloader.download(Fixtures.check(Map.of(DownloadSettings.VERIFY_CHECKSUMS, "false")),
                        Fixtures.change(url, "round-" + round), cache);
                double seconds = (System.nanoTime() - start) / 1e9;
                sampler.interrupt();
                sampler.join();
                double ours = size / 1e6 / seconds;
                Files.delete(file.file());
                Files.deleteIfExists(file.file().resolveSibling(file.file().getFileName() + ".sha256"));
                Path curlFile = cache.resolve("curl.bin");
                sync();
                double toFile = curl(url, size, curlFile.toString(), false);
                Files.deleteIfExists(curlFile);
                sync();
                double toFileSynced = curl(url, size, curlFile.toString(), true);
                Files.deleteIfExists(curlFile);
                sync();
                double toNull = curl(url, size, "/dev/null", false);
                System.out.printf("round %d: upgradeclient %4.0f MB/s (%.2f s, sha256 %s…), heap before %d MiB, "
                        + "peak used %d MiB, peak after GC %d MiB%n", round, ours, seconds, file.sha256().substring(0, 12),
                        heapBefore >> 20, peakUsed.get() >> 20, peakAfterGc.get() >> 20);
                System.out.printf("         curl -o <file> %4.0f MB/s, ratio %.2f | curl -o <file> + fsync %4.0f MB/s, ratio %.2f"
                        + " | curl -o /dev/null %4.0f MB/s, ratio %.2f%n", toFile, ours / toFile, toFileSynced,
                        ours / toFileSynced, toNull, ours / toNull);
                ratios[round - 1] = ours / toFileSynced;
                peakHeap = Math.max(peakHeap, peakUsed.get());
            }
            Arrays.sort(ratios);
            System.out.printf("download: %.2fx curl -o file + fsync (goal >= 0.9; peak heap %d MiB, goal < 32)%n",
                    ratios[rounds / 2], peakHeap >> 20);
        } finally {
            downloader.deactivate();
            try (Stream<Path> files = Files.walk(cache)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Writes back every dirty page, so that the next timed transfer starts with a clean page cache. */
    private static void sync() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /** @return curl's MB/s, or NaN when curl is missing or fails */
    private static double curl(URI url, long size, String output, boolean fsync) throws Exception {
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder("curl", "-s", "-o", output, url.toString()).inheritIO().start();
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            return Double.NaN;
        }
        if (fsync) {
            try (FileChannel file = FileChannel.open(Path.of(output), StandardOpenOption.WRITE)) {
                file.force(true);
            }
        }
        return size / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
}
