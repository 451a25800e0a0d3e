package io.upgradeclient.upload.rclone.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.UploadTarget;

/**
 * The rclone uploader's overhead: 200 small files, then one 1 GiB file, sent to a loopback {@code rclone serve sftp}
 * by the plugin and by {@code rclone copy} run by hand with the same flags, each into an empty destination, in
 * alternating order (15 rounds of the small files, 5 of the big one); the medians are compared. Both are timed the
 * same way: wall clock around a whole run of an rclone process. Prints one line per case, then
 * {@code rclone upload: <ratio>x rclone copy (goal <= 1.1)} with the larger of the two ratios.
 */
public final class RcloneUploadBenchmark {
    /** Small runs take about two seconds and vary most on a loaded machine: more rounds for them. */
    private static final int SMALL_ROUNDS = 15;
    private static final int BIG_ROUNDS = 5;
    private static final String PASSWORD = "bench-S3cret";

    private RcloneUploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("rclone-bench");
        try (RclonePeer sftp = RclonePeer.start("sftp", work, PASSWORD)) {
            Path home = Files.createDirectories(work.resolve("home/config")).getParent();
            Files.writeString(home.resolve("config/rclone.conf"), sftp.configSection("bench"));
            Path staging = Files.createDirectories(work.resolve("staging"));
            List<Path> small = new ArrayList<>();
            Random random = new Random(1);
            for (int i = 0; i < 200; i++) {
                Path file = Path.of("small", "d" + (i % 10), "fw-" + i + ".bin");
                write(staging.resolve(file), 16 * 1024, random);
                small.add(file);
            }
            Path big = Path.of("big", "fw-1GiB.bin");
            write(staging.resolve(big), 1024 * 1024 * 1024, random);

            RcloneUploader uploader = new RcloneUploader(home, work, Map.of());
            double smallRatio = compare("200 files of 16 KiB", SMALL_ROUNDS, uploader, home, sftp, staging, small);
            double bigRatio = compare("1 file of 1 GiB", BIG_ROUNDS, uploader, home, sftp, staging, List.of(big));
            System.out.printf("rclone upload: %.2fx rclone copy (goal <= 1.1)%n", Math.max(smallRatio, bigRatio));
        } finally {
            delete(work);
        }
    }

    private static double compare(String label, int rounds, RcloneUploader uploader, Path home, RclonePeer sftp, Path staging,
            List<Path> files) throws Exception {
        Artifact artifact = new Artifact("bench", staging, files, List.of());
        UploadTarget target = new UploadTarget(new TargetRef("bench", "rclone"), Map.of("remote", "bench:dest"));
        RcloneSettings settings = RcloneSettings.of(target, Map.of(), home);
        Path list = staging.resolveSibling("by-hand.lst");
        Files.write(list, files.stream().map(Path::toString).toList());
        List<String> byHand = settings.rclone().command(RcloneUploader.copy(settings, list));
        List<Long> plugin = new ArrayList<>();
        List<Long> manual = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (boolean pluginFirst : new boolean[] {round % 2 == 0, round % 2 != 0}) {
                delete(sftp.root.resolve("dest"));
                long start = System.nanoTime();
                if (pluginFirst) {
                    uploader.upload(artifact, target, TransferProgress.NONE);
                    plugin.add(System.nanoTime() - start);
                } else {
                    Path errors = staging.resolveSibling("by-hand.err");
                    Process process = new ProcessBuilder(byHand).directory(staging.toFile())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile()).start();
                    if (process.waitFor() != 0) {
                        throw new IllegalStateException("rclone copy by hand failed: " + byHand + "\n" + Files.readString(errors));
                    }
                    manual.add(System.nanoTime() - start);
                }
            }
        }
        double ratio = (double) median(plugin) / median(manual);
        System.out.printf("%s: plugin %d ms, rclone copy %d ms (medians of %d), ratio %.2f%n  by hand: %s%n", label,
                median(plugin) / 1_000_000, median(manual) / 1_000_000, rounds, ratio, String.join(" ", byHand));
        return ratio;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void write(Path file, long size, Random random) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] buffer = new byte[(int) Math.min(size, 1024 * 1024)];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(left, buffer.length));
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
