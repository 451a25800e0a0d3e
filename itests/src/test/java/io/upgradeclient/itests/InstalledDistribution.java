package io.upgradeclient.itests;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A copy of the assembled distribution in a test's own folder, run the way an operator runs it: through
 * {@code bin/upgradeclient} as a separate process, from another working folder, on a free loopback port.
 */
final class InstalledDistribution implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    /**
     * @param test an end-to-end test class
     * @return the absolute folder its distributions are installed under (system property
     *         {@code upgradeclient.itests.work}, default {@code target/itests}, then the class's simple name)
     */
    static Path workFolder(Class<?> test) {
        return Path.of(System.getProperty("upgradeclient.itests.work", "target/itests")).resolve(test.getSimpleName()).toAbsolutePath();
    }

    private final Path home;
    private final Path elsewhere;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int runs;

    /**
     * Copies the distribution as shipped (the state of any earlier run in its var/ stays behind).
     *
     * @param work the test's folder, emptied first
     */
    private final java.util.Set<String> unset = new java.util.HashSet<>();

    InstalledDistribution(Path work) throws IOException {
        TestSupport.deleteRecursively(work);
        home = work.resolve("upgradeclient");
        Path skipped = TestSupport.DISTRIBUTION.resolve("var");
        try (Stream<Path> paths = Files.walk(TestSupport.DISTRIBUTION)) {
            List<Path> all = paths.filter(path -> !path.startsWith(skipped)).toList();
            for (Path source : all) {
                Path target = home.resolve(TestSupport.DISTRIBUTION.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        base = URI.create("http://127.0.0.1:" + TestSupport.freePort());
    }

    /**
     * Keeps a variable of the test's environment from the distribution's, e.g. a machine's {@code AWS_CA_BUNDLE}
     * that would make rclone's S3 client refuse the plain-HTTP S3 server on loopback.
     */
    void unsetEnvironment(String name) {
        unset.add(name);
    }

    Path home() {
        return home;
    }

    /** @return where the distribution's web server listens */
    URI baseUrl() {
        return base;
    }

    /** Starts {@code bin/upgradeclient run} and waits until {@code /health} answers 200. */
    Process start() throws IOException, InterruptedException {
        File console = home.resolve("console-" + ++runs + ".out").toFile();
        ProcessBuilder run = new ProcessBuilder(home.resolve("bin/upgradeclient").toString(), "run")
                .directory(elsewhere.toFile()).redirectErrorStream(true).redirectOutput(console);
        run.environment().put("JAVA_OPTS", "-Dorg.osgi.service.http.port=" + base.getPort());
        unset.forEach(run.environment()::remove);
        process = run.start();
        Eventually.await(START_DEADLINE, "/health to answer 200", () -> get("/health").statusCode() == 200);
        return process;
    }

    /** @return the exit code of {@code bin/upgradeclient <command>} */
    int command(String command) throws IOException, InterruptedException {
        return new ProcessBuilder(home.resolve("bin/upgradeclient").toString(), command).directory(elsewhere.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** @return everything the runs so far wrote to their console */
    String console() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= runs; i++) {
            all.append(Files.readString(home.resolve("console-" + i + ".out")));
        }
        return all.toString();
    }

    /** @return the log file's content */
    String log() throws IOException {
        return Files.readString(home.resolve("var/log/upgradeclient.log"), StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET as the built-in admin, whose password the launcher generated on first start. */
    HttpResponse<String> getAsAdmin(String path) throws IOException, InterruptedException {
        return getAs(path, "admin", Files.readString(home.resolve("var/webconsole-password")).strip());
    }

    HttpResponse<String> getAs(String path, String user, String password) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Reads counts from the distribution's database, read-only, while it runs or after.
     *
     * @param sql a query giving a name and a count per row, e.g. {@code SELECT state, COUNT(*) FROM jobs GROUP BY state}
     * @return the counts by name; empty before the database exists
     */
    Map<String, Integer> counts(String sql) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        Path database = home.resolve("var/data/upgradeclient.db");
        if (!Files.exists(database)) {
            return counts;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + database);
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    /** @return how many jobs are in each state */
    Map<String, Integer> jobStates() throws SQLException {
        return counts("SELECT state, COUNT(*) FROM jobs GROUP BY state");
    }

    /** @return the console of every run so far and every file in {@code var/log}, in one text */
    String logsAndConsole() throws IOException {
        StringBuilder all = new StringBuilder(console());
        try (Stream<Path> logs = Files.list(home.resolve("var/log"))) {
            for (Path log : logs.toList()) {
                all.append(Files.readString(log, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    /**
     * Starts watching every process's command line as {@code ps} shows them to any user of the machine (every 20 ms),
     * to show that no secret ever stands in the arguments of a process the distribution starts.
     *
     * @param keep which lines to keep
     * @return the sampler; close it to stop, then read what it saw
     */
    static CommandLines sampleCommandLines(Predicate<String> keep) {
        return new CommandLines(keep);
    }

    /** The command lines seen by {@link #sampleCommandLines}, collected on a thread of their own until closed. */
    static final class CommandLines implements AutoCloseable {
        private final List<String> seen = new CopyOnWriteArrayList<>();
        private final AtomicBoolean watching = new AtomicBoolean(true);
        private final Thread thread;

        private CommandLines(Predicate<String> keep) {
            thread = new Thread(() -> sample(keep), "ps-sampler");
            thread.start();
        }

        /** @return the kept lines seen so far, in the order seen */
        List<String> seen() {
            return seen;
        }

        @Override
        public void close() throws InterruptedException {
            watching.set(false);
            thread.join();
        }

        private void sample(Predicate<String> keep) {
            while (watching.get()) {
                try {
                    Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
                    String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    ps.waitFor();
                    out.lines().filter(keep).forEach(seen::add);
                    Thread.sleep(20);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot run ps", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
