package io.upgradeclient.download.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Not a test: downloads a 1 GiB file generated on the fly by a local HTTP server, prints the throughput and the
 * heap (peak used, and peak after garbage collections), and, when curl is installed, times
 * {@code curl -o /dev/null} and {@code curl -o <file>} (which, like us, writes to disk) on the same URL. Arguments: [rounds] (default 3) [size in MiB] (default 1024).
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
            System.out.printf("file: %d MiB over loopback, max heap %d MiB%n", size >> 20, Runtime.getRuntime().maxMemory() >> 20);
            for (int round = 1; round <= rounds; round++) {
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
                System.out.printf("round %d: upgradeclient %.0f MB/s (%.2f s, sha256 %s…); heap before %d MiB, peak used %d MiB, "
                        + "peak after GC %d MiB%n", round, ours, seconds, file.sha256().substring(0, 12), heapBefore >> 20,
                        peakUsed.get() >> 20, peakAfterGc.get() >> 20);
                Files.delete(file.file());
                Files.deleteIfExists(file.file().resolveSibling(file.file().getFileName() + ".sha256"));
                curl(url, size, ours, "/dev/null");
                Path curlFile = cache.resolve("curl.bin");
                curl(url, size, ours, curlFile.toString());
                Files.deleteIfExists(curlFile);
            }
        } finally {
            downloader.deactivate();
            try (Stream<Path> files = Files.walk(cache)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void curl(URI url, long size, double ours, String output) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("curl", "-s", "-o", output, url.toString()).inheritIO().start();
        } catch (java.io.IOException e) {
            System.out.println("         curl not installed: no comparison");
            return;
        }
        long start = System.nanoTime();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            System.out.println("         curl failed");
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double curl = size / 1e6 / seconds;
        System.out.printf("         curl -o %s %.0f MB/s (%.2f s); ratio upgradeclient/curl %.2f%n",
                output.equals("/dev/null") ? output : "<file beside the cache>", curl, seconds, ours / curl);
    }
}
