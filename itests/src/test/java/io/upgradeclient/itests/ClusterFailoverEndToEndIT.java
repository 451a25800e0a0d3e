package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;

import io.upgradeclient.store.internal.PostgresqlServer;

/**
 * Two assembled distributions, run as separate processes, share one PostgreSQL database (a real server from the
 * machine's {@code postgresql} package, the one the store's tests use) and one inbox folder published to one {@code dir}
 * target. One node is killed with SIGKILL while it runs a job; or the database is stopped for 20 s under load. Either
 * way every file is published exactly once and byte for byte, no job is left running or orphaned, and no check ever
 * ran on both nodes at once.
 *
 * <p>The check's runs are read from each node's log (the engine logs each run's start and end at DEBUG, turned on
 * here), since history events do not name their node yet.
 */
public class ClusterFailoverEndToEndIT {
    private static final int FILES = 40;
    private static final int FILE_SIZE = 64 * 1024;
    private static final int LEASE_SECONDS = 5;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** Generous: two JVMs and a database on a machine that other builds share. */
    private static final Duration DEADLINE = Duration.ofSeconds(240);
    private static final String CHECK = "inbox";
    private static final Pattern RUN = Pattern.compile(
            "^(\\S+) \\|.*Check '" + CHECK + "' run (starts|ends) on node (\\S+)$", Pattern.MULTILINE);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");

    @Rule
    public final TestName test = new TestName();

    private PostgresqlServer server;
    private String url;
    private boolean databaseStopped;
    private Path work;
    private Path incoming;
    private Path inbox;
    private Path published;
    private InstalledDistribution nodeA;
    private InstalledDistribution nodeB;
    private final Random random = new Random(14);

    @Before
    public void install() throws Exception {
        work = InstalledDistribution.workFolder(getClass())
                .resolve(test.getMethodName()).toAbsolutePath();
        TestSupport.deleteRecursively(work);
        incoming = Files.createDirectories(work.resolve("incoming"));
        inbox = Files.createDirectories(work.resolve("inbox"));
        published = work.resolve("published");
        server = PostgresqlServer.shared();
        url = server.newDatabaseUrl();
        nodeA = node("node-a");
        nodeB = node("node-b");
    }

    @After
    public void stopEverything() throws IOException {
        nodeA.close();
        nodeB.close();
        if (databaseStopped) {
            server.start();
        }
    }

    /** A distribution on the shared database, with the shared inbox and target and a short lease. */
    private InstalledDistribution node(String name) throws IOException {
        InstalledDistribution node = new InstalledDistribution(work.resolve(name));
        Path config = node.home().resolve("config");
        Files.writeString(config.resolve("upgradeclient.yaml"), """

                store:
                  type: postgresql
                  url: %s
                  user: %s
                  lease_seconds: %d
                node:
                  name: %s
                """.formatted(url, PostgresqlServer.SUPERUSER, LEASE_SECONDS, name), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(config.resolve("upload/upload.json"),
                "{\"published\": {\"dir\": {\"path\": \"" + published + "\"}}}", StandardCharsets.UTF_8);
        Files.writeString(config.resolve("check/inbox.json"), """
                {"name": "%s", "check_type": "file", "base_url": "%s", "summarize_interval": "1",
                 "revision_seconds": "86400", "check_filter": ["glob"], "include": "*.bin", "stable_seconds": "0",
                 "upload": [{"relation_name": "published", "relation_type": "dir"}]}""".formatted(CHECK, inbox.toUri()),
                StandardCharsets.UTF_8);
        Files.writeString(config.resolve("org.ops4j.pax.logging.cfg"), """

                log4j2.logger.checkruns.name = io.upgradeclient.core.internal.engine.Engine
                log4j2.logger.checkruns.level = DEBUG
                """, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return node;
    }

    @Test
    public void aNodeKilledWhilePublishingIsTakenOverAndEveryFileIsPublishedOnce() throws Exception {
        Process a = startNodeAOwningTheCheckThenNodeB();
        assertThat(a.info().command().orElse("")).as("the JVM itself, not a wrapper script, gets the SIGKILL").endsWith("java");
        dropFirmware();

        // with jobs still pending, node-a's workers claim the next one at once: the kill lands inside a job
        Eventually.await(DEADLINE, "node-a running a job, some files published and at least 5 jobs still pending",
                () -> publishedCount() >= 3 && count("SELECT count(*) FROM jobs WHERE state = 'PENDING'") >= 5
                        && !jobsRunningOn("node-a").isEmpty());
        long killed = System.nanoTime();
        LocalDateTime killedAt = LocalDateTime.now();
        a.destroyForcibly();
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(publishedCount()).as("killed before the end").isLessThan(FILES);
        // what node-a left running, frozen by its death: the jobs node-b must take over
        List<Long> orphaned = jobsRunningOn("node-a");
        assertThat(orphaned).as("node-a was killed in the middle of a job").isNotEmpty();

        String orphans = orphaned.stream().map(String::valueOf).collect(Collectors.joining(", "));
        double[] checkMoved = {-1};
        double[] jobsResumed = {-1};
        Eventually.await(DEADLINE, "node-b owning the check, resuming node-a's jobs " + orphaned + " and finishing every job", () -> {
            if (checkMoved[0] < 0 && "node-b".equals(checkOwner())) {
                checkMoved[0] = seconds(killed);
            }
            if (jobsResumed[0] < 0 && count("SELECT count(*) FROM jobs WHERE id IN (" + orphans + ") AND lease_epoch > 1")
                    == orphaned.size()) {
                jobsResumed[0] = seconds(killed);
            }
            return checkMoved[0] >= 0 && jobsResumed[0] >= 0 && count("SELECT count(*) FROM jobs WHERE state = 'DONE'") == FILES;
        });
        System.out.printf("fail-over after SIGKILL (lease %d s): check owned by node-b after %.1f s, node-a's %d running job(s) "
                + "claimed by node-b after %.1f s, all %d jobs done after %.1f s%n", LEASE_SECONDS, checkMoved[0], orphaned.size(),
                jobsResumed[0], FILES, seconds(killed));

        stopGracefully(nodeB);
        assertEverythingPublishedOnce();
        assertChecksNeverRanOnBothNodes(killedAt);
        assertThat(nodeB.log()).doesNotContain("| ERROR |");
    }

    @Test
    public void theDatabaseStoppedFor20sUnderLoadLosesNothingAndBothNodesRecoverWithoutARestart() throws Exception {
        Process a = startNodeAOwningTheCheckThenNodeB();
        dropFirmware();
        Eventually.await(DEADLINE, "publishing under way", () -> publishedCount() >= 5);

        server.stopFast();
        databaseStopped = true;
        int publishedAtStop = publishedCount();
        // the outage itself is what is specified: 20 s without the database
        Thread.sleep(OUTAGE.toMillis());
        int publishedDuringOutage = publishedCount() - publishedAtStop;
        server.start();
        databaseStopped = false;
        long restarted = System.nanoTime();
        long restartedMillis = System.currentTimeMillis();
        assertThat(publishedAtStop).as("stopped under load").isLessThan(FILES);

        Eventually.await(DEADLINE, "every job done", () -> count("SELECT count(*) FROM jobs WHERE state = 'DONE'") == FILES);
        double allDone = seconds(restarted);
        Eventually.await(DEADLINE, "both nodes beating again", () -> count("SELECT count(*) FROM nodes WHERE heartbeat > "
                + restartedMillis) == 2);
        System.out.printf("database stopped for %d s: %d file(s) published during the outage (work started before it), "
                + "all %d jobs done %.1f s after the database was back%n", OUTAGE.toSeconds(), publishedDuringOutage, FILES, allDone);
        assertThat(a.isAlive()).as("node-a was not restarted").isTrue();

        stopGracefully(nodeA);
        stopGracefully(nodeB);
        assertEverythingPublishedOnce();
        assertChecksNeverRanOnBothNodes(null);
        for (InstalledDistribution node : List.of(nodeA, nodeB)) {
            String log = node.log();
            System.out.printf("%s: %d stack-trace lines, %d WARN and %d ERROR lines in its log%n", node.home().getParent().getFileName(),
                    stackTraceLines(log), log.lines().filter(line -> line.contains("| WARN ")).count(),
                    log.lines().filter(line -> line.contains("| ERROR ")).count());
            assertThat(log).as("the outage is logged clearly").contains("The store cannot be reached")
                    .contains("The store is reachable again");
            // a stack trace per try would be dozens (job workers and the check try every second); a stray one is no flood
            assertThat(stackTraceLines(log)).as("no stack-trace flood in " + node.home()).isLessThanOrEqualTo(10);
        }
    }

    /** Node A first, so that it owns the check (and a kill moves it); then node B, once both beat in the database. */
    private Process startNodeAOwningTheCheckThenNodeB() throws Exception {
        Process a = nodeA.start();
        Eventually.await(DEADLINE, "node-a owning the check", () -> "node-a".equals(checkOwner()));
        nodeB.start();
        Eventually.await(DEADLINE, "both nodes in the nodes table", () -> count("SELECT count(*) FROM nodes") == 2);
        return a;
    }

    /** Files appear whole (written aside, then moved in), as a vendor's upload into a watched folder should. */
    private void dropFirmware() throws IOException {
        byte[] content = new byte[FILE_SIZE];
        for (int i = 0; i < FILES; i++) {
            random.nextBytes(content);
            String name = name(i);
            Files.write(incoming.resolve(name), content);
            Files.move(incoming.resolve(name), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void assertEverythingPublishedOnce() throws Exception {
        assertThat(states()).as("no job left running or orphaned").containsExactly(Map.entry("DONE", FILES));
        assertThat(count("SELECT count(DISTINCT job_key) FROM jobs")).as("each file queued once").isEqualTo(FILES);
        assertThat(count("SELECT count(*) FROM jobs WHERE lease_node <> ''")).as("no lease left behind").isZero();
        assertThat(count("SELECT count(*) FROM job_targets WHERE state <> 'DONE'")).isZero();
        try (Stream<Path> files = Files.list(published)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted().toList())
                    .as("exactly the inbox's files, no temporary ones left behind")
                    .isEqualTo(names());
        }
        for (String name : names()) {
            assertThat(Files.mismatch(inbox.resolve(name), published.resolve(name))).as(name).isEqualTo(-1L);
        }
        // A target is redone only when its node could not record it (killed, or cut off from the database); the
        // dir target then finds the identical file and copies nothing.
        Map<String, Integer> copies = counts("SELECT file_name, count(*) FROM upgradeclient WHERE log_name = 'upload' "
                + "AND log_message LIKE '%: copied 1 of 1 %' GROUP BY file_name");
        assertThat(copies.values()).as("no file copied twice: " + copies).allMatch(copied -> copied == 1);
    }

    /** Each node's runs of the check, from its log, never overlap the other node's. */
    private void assertChecksNeverRanOnBothNodes(LocalDateTime nodeAKilledAt) throws IOException {
        Map<String, List<LocalDateTime[]>> runs = new HashMap<>();
        for (InstalledDistribution node : List.of(nodeA, nodeB)) {
            Matcher line = RUN.matcher(node.log());
            LocalDateTime start = null;
            String name = null;
            while (line.find()) {
                LocalDateTime at = LocalDateTime.parse(line.group(1), LOG_TIME);
                name = line.group(3);
                if (line.group(2).equals("starts")) {
                    start = at;
                } else if (start != null) {
                    runs.computeIfAbsent(name, key -> new ArrayList<>()).add(new LocalDateTime[] {start, at});
                    start = null;
                }
            }
            if (start != null) {
                // the node was killed during this run
                assertThat(nodeAKilledAt).as("an unfinished run in the log of a node that was not killed").isNotNull();
                runs.computeIfAbsent(name, key -> new ArrayList<>()).add(new LocalDateTime[] {start, nodeAKilledAt});
            }
        }
        if (nodeAKilledAt != null) {
            assertThat(runs.keySet()).as("the check moved to node-b after the kill").containsExactlyInAnyOrder("node-a", "node-b");
        }
        for (LocalDateTime[] onA : runs.getOrDefault("node-a", List.of())) {
            for (LocalDateTime[] onB : runs.getOrDefault("node-b", List.of())) {
                assertThat(onA[0].isBefore(onB[1]) && onB[0].isBefore(onA[1]))
                        .as("run on node-a %s..%s overlaps run on node-b %s..%s", onA[0], onA[1], onB[0], onB[1]).isFalse();
            }
        }
        System.out.printf("check runs: node-a %d, node-b %d, none overlapping%n", runs.getOrDefault("node-a", List.of()).size(),
                runs.getOrDefault("node-b", List.of()).size());
    }

    private static void stopGracefully(InstalledDistribution node) throws IOException, InterruptedException {
        assertThat(node.command("stop")).isEqualTo(0);
    }

    private static long stackTraceLines(String log) {
        return log.lines().filter(line -> line.startsWith("\tat ")).count();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private int publishedCount() throws IOException {
        if (!Files.isDirectory(published)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(published)) {
            return (int) files.filter(file -> file.toString().endsWith(".bin")).count();
        }
    }

    private List<Long> jobsRunningOn(String node) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM jobs WHERE state = 'RUNNING' AND lease_node = '" + node + "'")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private String checkOwner() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT node FROM check_leases WHERE check_name = '" + CHECK + "'")) {
            return row.next() ? row.getString(1) : "";
        }
    }

    private Map<String, Integer> states() throws SQLException {
        return counts("SELECT state, count(*) FROM jobs GROUP BY state");
    }

    private int count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private Map<String, Integer> counts(String sql) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, PostgresqlServer.SUPERUSER, "");
    }

    /** @return the firmware files' names, in order */
    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            names.add(name(i));
        }
        return names;
    }

    private static String name(int i) {
        return String.format("fw-%02d.20161025.bin", i);
    }
}
