package io.upgradeclient.store.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the tests, from the machine's {@code postgresql} package: a new cluster
 * ({@code initdb}) in a temporary folder, started with {@code pg_ctl} on a free loopback port, as the
 * {@code postgres} user when the tests run as root (PostgreSQL refuses to run as root). One server serves every
 * test of the JVM, each test in a database of its own; it is stopped and deleted when the JVM exits.
 *
 * <p>Public, and packed into the store's test jar, for the end-to-end tests ({@code itests/}) that run several nodes
 * on one database.
 */
public final class PostgresqlServer {
    /** The server's superuser, who connects without a password (loopback, {@code trust}). */
    public static final String SUPERUSER = "postgres";
    private static PostgresqlServer shared;

    private final Path folder;
    private final Path data;
    private final Path bin;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresqlServer(Path folder, Path bin, int port) {
        this.folder = folder;
        this.data = folder.resolve("data");
        this.bin = bin;
        this.port = port;
    }

    /**
     * @return the JVM's server, started on first use
     * @throws IOException if it cannot be set up or started
     */
    public static synchronized PostgresqlServer shared() throws IOException {
        if (shared == null) {
            PostgresqlServer server = new PostgresqlServer(Files.createTempDirectory("upgradeclient-pg"), binaries(), freePort());
            server.initialise();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "postgresql-test-server-stop"));
            shared = server;
        }
        return shared;
    }

    /**
     * @return connection settings for a new, empty database on this server
     * @throws SQLException if it cannot be created
     */
    PostgresqlConnections newDatabase() throws SQLException {
        return new PostgresqlConnections(newDatabaseUrl(), SUPERUSER, "", 4, "test-node");
    }

    /**
     * @return the JDBC URL of a new, empty database on this server, for {@link #SUPERUSER}
     * @throws SQLException if it cannot be created
     */
    public String newDatabaseUrl() throws SQLException {
        String name = "test" + databases.incrementAndGet();
        try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
            // the name is ours, not input: SQL has no placeholder for a database name
            statement.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /**
     * Drops a database made by {@link #newDatabase()}, ending connections still open to it.
     *
     * @param connections its connection settings
     * @throws SQLException if it cannot be dropped
     */
    void drop(PostgresqlConnections connections) throws SQLException {
        String name = connections.url().substring(connections.url().lastIndexOf('/') + 1);
        try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /**
     * Starts the server (again, after {@link #stop()}), waiting until it accepts connections. Without fsync: the
     * tests stop the server, never the machine, and the shared test machine's disk is slow.
     */
    public void start() throws IOException {
        run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops the server at once, ending open connections, as an outage would. */
    public void stop() throws IOException {
        run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-m", "immediate", "stop");
    }

    /** Stops the server as an operator or a service manager does ({@code -m fast}): it ends open connections cleanly. */
    public void stopFast() throws IOException {
        run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-m", "fast", "stop");
    }

    /** @return the server's major version, as its binaries' folder names it */
    String version() {
        return bin.getParent().getFileName().toString();
    }

    /**
     * @param database a database name
     * @return its JDBC URL
     */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private Connection superuser(String database) throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url(database));
        source.setUser(SUPERUSER);
        return source.getConnection();
    }

    private void initialise() throws IOException {
        if (runsAsRoot()) {
            UserPrincipal owner = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            Files.setOwner(folder, owner);
        }
        run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                "--locale=C", "--no-sync");
    }

    private void destroy() {
        try {
            stop();
        } catch (IOException e) {
            System.err.println("Stopping the test PostgreSQL server failed: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Deleting " + folder + " failed: " + e.getMessage());
        }
    }

    private void run(String... command) throws IOException {
        List<String> full = new ArrayList<>();
        if (runsAsRoot()) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(List.of(command));
        Path output = Files.createTempFile(folder, "command", ".log");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ": "
                    + Files.readString(output));
        }
        Files.delete(output);
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest installed major version's binaries (Debian keeps them out of the PATH). */
    private static Path binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> installed = Files.list(versions)) {
                return installed.filter(version -> Files.isExecutable(version.resolve("bin/pg_ctl")))
                        .max(Comparator.comparing(version -> Integer.parseInt(version.getFileName().toString().replaceAll("\\D", "0"))))
                        .map(version -> version.resolve("bin"))
                        .orElseThrow(() -> new IOException("No PostgreSQL under /usr/lib/postgresql: scripts/test installs it"));
            }
        }
        throw new IOException("No PostgreSQL under /usr/lib/postgresql: scripts/test installs the postgresql package");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
