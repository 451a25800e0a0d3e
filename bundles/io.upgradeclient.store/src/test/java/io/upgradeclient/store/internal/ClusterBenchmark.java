package io.upgradeclient.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.testsupport.Eventually;

/**
 * Not a test: how many jobs per second 1, 2 and 3 nodes on one PostgreSQL database complete, and how long their
 * claims take. Each node is the assembled distribution run as an operator runs it ({@code bin/upgradeclient run},
 * a process of its own, its own {@code var/}); they share the database, one inbox folder (a {@code file} check) and
 * one published folder (a {@code dir} target). Each round drops the same small files into the inbox of a new
 * database and waits until every job is done; the jobs' own times in the database give the rate, from the first
 * job queued to the last one done. The claim times are what {@link SqlJobQueue} logs at DEBUG on each node: the
 * claim as the engine's workers make it.
 *
 * <p>Excluded from the build; {@code scripts/benchmark cluster} assembles the distribution and runs it with
 * {@code -Dbenchmark.distribution=<its folder>} ({@code -Dbenchmark.files=N} changes the number of files).
 */
@Tag("benchmark")
class ClusterBenchmark {
    private static final int FILE_SIZE = 16 * 1024;
    private static final Duration START_DEADLINE = Duration.ofMinutes(5);
    private static final Duration WORK_DEADLINE = Duration.ofMinutes(10);

    @TempDir
    Path work;

    @Test
    void jobsPerSecondWithOneTwoAndThreeNodes() throws Exception {
        Path distribution = Path.of(System.getProperty("benchmark.distribution", "../../distribution/target/upgradeclient"));
        if (!Files.isExecutable(distribution.resolve("bin/upgradeclient"))) {
            throw new IllegalStateException("No assembled distribution at " + distribution.toAbsolutePath()
                    + ": scripts/benchmark cluster builds it");
        }
        int files = Integer.getInteger("benchmark.files", 300);
        System.out.printf("%d files of %d KiB from one file check to one dir target; nodes of the distribution as "
                + "processes, engine.job_threads 2 each; PostgreSQL %s on loopback%n", files, FILE_SIZE / 1024,
                PostgresqlServer.shared().version());
        double[] rates = new double[4];
        for (int nodes = 1; nodes <= 3; nodes++) {
            rates[nodes] = round(distribution, nodes, files);
        }
        System.out.printf("cluster: %.2fx jobs/s with 2 nodes vs 1 (3 nodes %.2fx; goal >= 1.0)%n", rates[2] / rates[1],
                rates[3] / rates[1]);
    }

    /** Runs one round on a database of its own; returns its jobs per second. */
    private double round(Path distribution, int count, int files) throws Exception {
        Path round = Files.createDirectories(work.resolve(count + "-nodes"));
        Path inbox = Files.createDirectories(round.resolve("inbox"));
        Path published = round.resolve("published");
        PostgresqlConnections database = PostgresqlServer.shared().newDatabase();
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                ClusterNode node = new ClusterNode(distribution, round.resolve("node-" + i), "node-" + i);
                node.configure(database.url(), database.user(), inbox, published);
                nodes.add(node);
            }
            for (ClusterNode node : nodes) {
                node.start();
            }
            Eventually.await(START_DEADLINE, "every node to answer /health and beat in the database",
                    () -> allHealthy(nodes) && count(database, "SELECT count(*) FROM nodes") == count);
            drop(round, inbox, files);
            long dropped = System.nanoTime();
            Eventually.await(WORK_DEADLINE, "every job done", () -> count(database, "SELECT count(*) FROM jobs WHERE state = 'DONE'") == files);
            double wall = (System.nanoTime() - dropped) / 1e9;

            long jobs = count(database, "SELECT count(*) FROM jobs");
            long publishedFiles = countFiles(published);
            if (jobs != files || publishedFiles != files) {
                throw new AssertionError(jobs + " jobs and " + publishedFiles + " published files for " + files + " files");
            }
            double seconds = (count(database, "SELECT max(updated) FROM jobs") - count(database, "SELECT min(created) FROM jobs")) / 1e3;
            double rate = files / seconds;
            List<Long> claims = new ArrayList<>();
            List<Integer> perNode = new ArrayList<>();
            for (ClusterNode node : nodes) {
                List<Long> own = node.claimMicros();
                perNode.add(own.size());
                claims.addAll(own);
            }
            if (claims.size() < files) {
                throw new AssertionError("The nodes logged " + claims.size() + " claims for " + files + " jobs: is SqlJobQueue at DEBUG?");
            }
            claims.sort(null);
            System.out.printf("%d node%s: %d jobs in %.2f s from the first queued to the last done = %.1f jobs/s "
                    + "(%.1f s from the drop); jobs claimed per node %s; claim p50 %.2f ms, p99 %.2f ms (%d claims)%n",
                    count, count == 1 ? "" : "s", files, seconds, rate, wall, perNode, percentile(claims, 50) / 1e3,
                    percentile(claims, 99) / 1e3, claims.size());
            return rate;
        } finally {
            for (ClusterNode node : nodes) {
                node.close();
            }
            PostgresqlServer.shared().drop(database);
        }
    }

    private static boolean allHealthy(List<ClusterNode> nodes) throws InterruptedException {
        for (ClusterNode node : nodes) {
            if (!node.healthy()) {
                return false;
            }
        }
        return true;
    }

    /** Writes the files beside the inbox and moves each in whole, so the check never sees one half-written. */
    private static void drop(Path round, Path inbox, int files) throws IOException {
        Path outside = Files.createDirectories(round.resolve("outside"));
        Random random = new Random(42);
        byte[] content = new byte[FILE_SIZE];
        for (int i = 0; i < files; i++) {
            random.nextBytes(content);
            String name = String.format("fw-%04d.20161025.bin", i);
            Files.write(outside.resolve(name), content);
        }
        for (int i = 0; i < files; i++) {
            String name = String.format("fw-%04d.20161025.bin", i);
            Files.move(outside.resolve(name), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static long countFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".bin")).count();
        }
    }

    private static long count(PostgresqlConnections database, String sql) throws SQLException {
        try (Connection connection = database.open(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Nearest rank. */
    private static double percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
