package io.upgradeclient.check.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;

/**
 * Not a test: times a no-change check of a real nginx autoindex listing of 10,000 files in 100 folders against
 * rclone listing the same server recursively, and prints the medians and their ratio.
 *
 * <p>nginx sends no validators for autoindex pages, so both tools fetch and parse all 101 pages every time; ours
 * then compares them with the checkpoint. Like for like: rclone with {@code --http-no-head} does the same 101 GETs
 * and no HEAD per file, and both are timed warm, as calls into a running process: ours in this JVM after warm-up
 * runs (the checker runs in a long-lived service), rclone as {@code operations/list} with {@code recurse} on a
 * running {@code rclone rcd} (what {@code rclone lsf -R} does, without the process start), timed from here as one
 * HTTP call. Both make at most 8 requests at a time: {@code max_parallel 8} against rclone's default of 8 checkers
 * (our default of 4 is printed too). The cold {@code rclone lsf -R} process, with and without the HEADs, is printed
 * for reference. The access log is read after every series and fails the run when the requests are not the ones
 * expected.
 * Arguments: [rounds] (default 9).
 */
public final class NginxListingBenchmark {
    private static final int FOLDERS = 100;
    private static final int FILES_PER_FOLDER = 100;
    private static final int FILES = FOLDERS * FILES_PER_FOLDER;
    private static final int PAGES = FOLDERS + 1;
    private static final int WARM_UP = 20;
    private static final Duration LOG_WAIT = Duration.ofSeconds(30);

    private NginxListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Path folder = Files.createTempDirectory("nginx-listing-benchmark");
        try (Nginx nginx = Nginx.start(folder)) {
            createTree(nginx.root().resolve("fw"));
            System.out.printf("nginx autoindex on 127.0.0.1:%d: %d files in %d folders (+ base), median of %d runs%n",
                    nginx.port(), FILES, FOLDERS, rounds);
            long ours4 = upgradeclient(nginx, 4, rounds);
            long ours8 = upgradeclient(nginx, 8, rounds);
            long rclone = rclone(nginx, rounds, folder, List.of(), PAGES + FILES);
            long rcloneNoHead = rclone(nginx, rounds, folder, List.of("--http-no-head"), PAGES);
            long rcloneWarm = rcloneWarm(nginx, rounds, WARM_UP);
            if (rclone > 0) {
                System.out.printf("cold processes: upgradeclient (warm) / rclone lsf -R: %.2f (max_parallel 4), %.2f (max_parallel 8); "
                        + "/ rclone lsf -R --http-no-head: %.2f, %.2f%n", (double) ours4 / rclone, (double) ours8 / rclone,
                        (double) ours4 / rcloneNoHead, (double) ours8 / rcloneNoHead);
                System.out.printf("listing: %.2fx rclone lsf -R --http-no-head, both warm, 8 requests at a time (goal <= 1.0)%n",
                        (double) ours8 / rcloneWarm);
            }
        } finally {
            delete(folder);
        }
    }

    private static void createTree(Path base) throws IOException {
        FileTime time = FileTime.from(Instant.parse("2016-10-25T08:00:00Z"));
        for (int f = 0; f < FOLDERS; f++) {
            String model = "IPC_MODEL_" + f;
            Path dir = Files.createDirectories(base.resolve(model));
            for (int i = 0; i < FILES_PER_FOLDER; i++) {
                Path file = dir.resolve(model + "_V4.02.R11." + (20160000 + i) + "_all.bin");
                Files.writeString(file, "x".repeat(1 + i), StandardCharsets.US_ASCII);
                Files.setLastModifiedTime(file, time);
            }
        }
    }

    /** @return the median no-change check time in microseconds */
    private static long upgradeclient(Nginx nginx, int parallel, int rounds) throws Exception {
        CheckDefinition check = new CheckDefinition("bench", "http", nginx.url("/fw/"), Credentials.NONE, "",
                Duration.ofDays(36500), Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "",
                Map.of(CheckOptions.MAX_PARALLEL, Integer.toString(parallel)));
        HttpListingChecker checker = new HttpListingChecker();
        CheckResult full = checker.check(check, Checkpoint.NONE);
        require(full.changes().size() == FILES, "full check found " + full.changes().size() + " files");
        for (int i = 0; i < WARM_UP; i++) {
            checker.check(check, full.checkpoint());
        }
        nginx.nextRequests((1 + WARM_UP) * PAGES, LOG_WAIT);
        List<Long> times = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            CheckResult again = checker.check(check, full.checkpoint());
            times.add((System.nanoTime() - start) / 1000);
            require(again.changes().isEmpty(), "no-change check reported " + again.changes().size() + " changes");
        }
        long median = median(times);
        System.out.printf("upgradeclient no-change check, max_parallel %d: median %.1f ms of %s ms (after %d warm-up runs); %s%n",
                parallel, median / 1000.0, millis(times), WARM_UP, requests(nginx, rounds, PAGES));
        return median;
    }

    /** @return the median {@code rclone lsf -R} time in microseconds, or 0 when rclone is not installed */
    private static long rclone(Nginx nginx, int rounds, Path folder, List<String> options, int requestsPerRun) throws Exception {
        Path config = Files.writeString(folder.resolve("rclone.conf"), "");
        Path output = folder.resolve("rclone.out");
        List<String> shown = new ArrayList<>(List.of("rclone", "lsf", "-R"));
        shown.addAll(options);
        shown.addAll(List.of("--http-url", nginx.url("/fw/").toString(), ":http:"));
        List<String> command = new ArrayList<>(shown);
        command.addAll(1, List.of("--config", config.toString()));
        List<Long> times = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                System.out.println("rclone is not installed (Debian: apt-get install rclone): no comparison");
                return 0;
            }
            require(process.waitFor(120, TimeUnit.SECONDS), "rclone did not finish within 120 s");
            times.add((System.nanoTime() - start) / 1000);
            List<String> lines = Files.readAllLines(output);
            require(process.exitValue() == 0 && lines.size() == FILES + FOLDERS,
                    "rclone exited with " + process.exitValue() + " after " + lines.size() + " lines: "
                            + lines.subList(0, Math.min(5, lines.size())));
        }
        long median = median(times);
        System.out.printf("[%s] median %.1f ms of %s ms; %s%n", String.join(" ", shown), median / 1000.0, millis(times),
                requests(nginx, rounds, requestsPerRun));
        return median;
    }

    /**
     * @return the median time of a recursive listing by a running {@code rclone rcd} (HTTP backend, no HEADs), in
     *         microseconds, after warm-up calls
     */
    private static long rcloneWarm(Nginx nginx, int rounds, int warmUp) throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process rcd = new ProcessBuilder("rclone", "rcd", "--config", "/dev/null", "--rc-no-auth",
                "--rc-addr", "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            String body = "{\"fs\": \":http,url='" + nginx.url("/fw/") + "',no_head=true:\", \"remote\": \"\", "
                    + "\"opt\": {\"recurse\": true, \"noModTime\": false}}";
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/operations/list"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
                    break;
                } catch (IOException e) {
                    require(System.nanoTime() < deadline, "rclone rcd did not answer within 30 s");
                    Thread.sleep(50);
                }
            }
            for (int i = 1; i < warmUp; i++) {
                client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
            }
            nginx.nextRequests(warmUp * PAGES, LOG_WAIT);
            List<Long> times = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                java.net.http.HttpResponse<String> reply = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                times.add((System.nanoTime() - start) / 1000);
                long entries = reply.body().split("\"Path\"", -1).length - 1;
                require(reply.statusCode() == 200 && entries == FILES + FOLDERS,
                        "rclone rcd answered " + reply.statusCode() + " with " + entries + " entries");
            }
            long median = median(times);
            System.out.printf("[rclone rcd: operations/list recurse, no_head] median %.1f ms of %s ms (after %d warm-up calls); %s%n",
                    median / 1000.0, millis(times), warmUp, requests(nginx, rounds, PAGES));
            return median;
        } finally {
            rcd.destroy();
            rcd.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Reads the runs' requests from nginx's access log: it fails when fewer arrived than expected. */
    private static String requests(Nginx nginx, int rounds, int perRun) throws Exception {
        List<Nginx.Request> requests = nginx.nextRequests(rounds * perRun, LOG_WAIT);
        Map<String, Long> methods = new TreeMap<>(requests.stream().collect(
                Collectors.groupingBy(Nginx.Request::method, Collectors.counting())));
        methods.replaceAll((method, count) -> count / rounds);
        return "requests per run " + methods;
    }

    private static long median(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<String> millis(List<Long> micros) {
        return micros.stream().map(t -> String.format("%.1f", t / 1000.0)).toList();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
