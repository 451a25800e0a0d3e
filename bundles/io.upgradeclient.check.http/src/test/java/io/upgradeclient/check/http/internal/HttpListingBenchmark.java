package io.upgradeclient.check.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;

/**
 * Not a test: times a full check and a no-change check of a generated tree of 10,000 files in 100 folders served
 * by a local HTTP server (nginx autoindex pages). The DESIGN target is "faster than {@code rclone lsf -R}".
 * Arguments: [rounds] (default 5); each round runs both checks on a fresh checker and prints the times.
 */
public final class HttpListingBenchmark {
    private static final int FOLDERS = 100;
    private static final int FILES_PER_FOLDER = 100;

    private HttpListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Instant time = Instant.parse("2016-10-25T08:00:00Z");
        try (ListingServer server = ListingServer.start()) {
            List<String> folders = new ArrayList<>();
            for (int f = 0; f < FOLDERS; f++) {
                String folder = "IPC_MODEL_" + f;
                folders.add(folder);
                Map<String, Long> files = new LinkedHashMap<>();
                for (int i = 0; i < FILES_PER_FOLDER; i++) {
                    files.put(folder + "_V4.02.R11." + (20160000 + i) + "_all.bin", 8_000_000L + f * 1000L + i);
                }
                server.page("/fw/" + folder + "/", "text/html", ListingServer.nginxPage("/fw/" + folder + "/", List.of(), files, time));
            }
            server.page("/fw/", "text/html", ListingServer.nginxPage("/fw/", folders, Map.of(), time));
            CheckDefinition check = new CheckDefinition("bench", "http", server.url("/fw/"), Credentials.NONE, "",
                    Duration.ofDays(36500), Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "", Map.of());
            System.out.printf("tree: %d files in %d folders (+ base), max_parallel 4%n", FOLDERS * FILES_PER_FOLDER, FOLDERS);
            for (int round = 1; round <= rounds; round++) {
                HttpListingChecker checker = new HttpListingChecker();
                server.clearRequests();
                long start = System.nanoTime();
                CheckResult full = checker.check(check, Checkpoint.NONE);
                long fullMillis = (System.nanoTime() - start) / 1_000_000;
                int fullRequests = server.requests().size();
                server.clearRequests();
                start = System.nanoTime();
                CheckResult again = checker.check(check, full.checkpoint());
                long againMillis = (System.nanoTime() - start) / 1_000_000;
                long notModified = server.requests().stream().filter(r -> r.status() == 304).count();
                System.out.printf("round %d: full check %d ms (%d changes, %d requests, checkpoint %d KiB); "
                        + "no-change check %d ms (%d changes, %d requests, %d answered 304)%n", round, fullMillis,
                        full.changes().size(), fullRequests, full.checkpoint().value().length() / 1024, againMillis,
                        again.changes().size(), server.requests().size(), notModified);
            }
        }
    }
}
