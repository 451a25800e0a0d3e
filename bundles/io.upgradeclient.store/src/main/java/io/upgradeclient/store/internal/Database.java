package io.upgradeclient.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.upgradeclient.api.InstanceInfo;

/**
 * The store's database: by default one SQLite file, or a PostgreSQL database that several nodes share
 * ({@code store.type: postgresql}). Opening it brings the schema up to date, with the same migrations for both.
 *
 * <p>SQLite: a single write connection guarded by a lock (SQLite allows one writer at a time, and serialising in
 * Java is fairer than spinning in SQLite's busy handler), and a few read connections, which WAL mode lets run next
 * to the writer. PostgreSQL: a pool of {@code store.pool_size} connections, each write one transaction on one of
 * them; the server's row locks order concurrent writers, of this node and of others.
 *
 * <p>Connections come from the drivers' data sources directly: {@code DriverManager} cannot see a driver that lives
 * in another bundle's class loader.
 *
 * <p>As a component it is a service of this bundle only (its class is not exported): the history, the job queue
 * and the checkpoints share it.
 */
@Component(name = "io.upgradeclient.store.database", service = Database.class,
        configurationPid = Database.SETTINGS_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class Database implements AutoCloseable {
    /** The shared settings PID that names the data folder. */
    public static final String SETTINGS_PID = "io.upgradeclient.settings";
    /** The framework property naming the distribution folder, against which relative paths are resolved. */
    public static final String HOME_PROPERTY = "upgradeclient.home";
    /** The database file's name within the data folder. */
    public static final String FILE_NAME = "upgradeclient.db";
    /** How long a statement waits for a lock held by another process (e.g. the sqlite3 shell) by default. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int SQLITE_IDLE_READERS = 4;
    /** Beside the database file: the extracted copies of sqlite-jdbc's native library ({@link SqliteNativeLibrary}). */
    private static final String NATIVE_FOLDER = "sqlite-native";

    /**
     * Work done with a connection.
     *
     * @param <T> the result
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param connection the connection to use; not to be closed or kept
         * @return the result
         * @throws SQLException if a statement fails
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * One open database.
     *
     * @param dialect which kind
     * @param file the SQLite file, {@code null} on PostgreSQL
     * @param name the PostgreSQL URL (it holds no password), or the SQLite file's: for messages
     * @param pool read connections (SQLite), all connections (PostgreSQL)
     * @param writer SQLite's one write connection, {@code null} on PostgreSQL
     * @param lease this node, as it works on this database
     */
    private record Backend(Dialect dialect, Path file, String name, ConnectionPool pool, Connection writer, NodeLease lease) {
        /** Which database, for comparing the settings before and after a change. */
        String where() {
            return dialect + " " + name + " " + lease;
        }
    }

    /** The installation, for the default node name; {@code null} outside OSGi. */
    private final InstanceInfo instance;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** Replaced when the settings name another database; work in progress finishes on the one it started on. */
    private volatile Backend backend;
    private volatile boolean closed;

    /**
     * Opens the database {@code store.type} names: SQLite's {@code <paths.data>/upgradeclient.db} (created with its
     * folder if needed), or PostgreSQL's {@code store.url}; then migrates it.
     *
     * @param context this bundle's context, for the framework property {@value #HOME_PROPERTY}
     * @param settings the store's settings
     * @param instance this installation, whose name is part of the default node name
     * @throws SQLException if it cannot be opened or migrated
     * @throws IOException if the password file cannot be read
     */
    @Activate
    public Database(BundleContext context, StoreSettings settings, @Reference InstanceInfo instance)
            throws SQLException, IOException {
        this.instance = instance;
        String node = NodeName.of(settings.node_name(), instance.name());
        this.backend = open(context.getProperty(HOME_PROPERTY), settings, node);
        LOG.info("Store database opened: {} (node {})", backend.name(), node);
    }

    private Database(Dialect dialect, Path file, PostgresqlConnections postgresql, NodeLease lease, Duration busyTimeout,
            List<Migration> migrations) throws SQLException {
        this.instance = null;
        this.backend = open(dialect, file, postgresql, lease, busyTimeout, migrations);
    }

    private static Backend open(String home, StoreSettings settings, String node) throws SQLException, IOException {
        NodeLease lease = new NodeLease(node, Duration.ofSeconds(settings.store_lease__seconds()));
        return Dialect.of(settings.store_type()) == Dialect.POSTGRESQL
                ? open(Dialect.POSTGRESQL, null, PostgresqlConnections.of(home, settings, node), lease, DEFAULT_BUSY_TIMEOUT,
                        Schema.MIGRATIONS)
                : openSqlite(file(home, settings.paths_data()), lease);
    }

    private static Backend openSqlite(Path file, NodeLease lease) throws SQLException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            SqliteNativeLibrary.useCopyIn(folder.resolve(NATIVE_FOLDER));
        }
        return open(Dialect.SQLITE, file, null, lease, DEFAULT_BUSY_TIMEOUT, Schema.MIGRATIONS);
    }

    private static Backend open(Dialect dialect, Path file, PostgresqlConnections postgresql, NodeLease lease,
            Duration busyTimeout, List<Migration> migrations) throws SQLException {
        Backend opened;
        if (dialect == Dialect.POSTGRESQL) {
            opened = new Backend(dialect, null, postgresql.url(),
                    new ConnectionPool(postgresql::open, postgresql.poolSize(), postgresql.poolSize()), null, lease);
        } else {
            SQLiteDataSource source = sqlite(file, busyTimeout);
            opened = new Backend(dialect, file, file.toString(),
                    new ConnectionPool(source::getConnection, Integer.MAX_VALUE, SQLITE_IDLE_READERS), source.getConnection(),
                    lease);
        }
        try {
            migrate(opened, migrations);
        } catch (SQLException | RuntimeException e) {
            close(opened);
            throw e;
        }
        return opened;
    }

    private static SQLiteDataSource sqlite(Path file, Duration busyTimeout) throws SQLException {
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
        } catch (IOException e) {
            throw new SQLException("Cannot create the folder of database " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
        config.enforceForeignKeys(true);
        // FULL: a job queue write must survive a power cut once the call returned, not only a process crash.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source;
    }

    /**
     * Opens (creating it and its folder if needed) and migrates the database with the project's schema.
     *
     * @param file the database file
     * @return the open database
     * @throws SQLException if it cannot be opened or migrated
     */
    public static Database open(Path file) throws SQLException {
        return open(file, NodeLease.of("local"));
    }

    /**
     * Opens (creating it and its folder if needed) and migrates the database with the project's schema.
     *
     * @param file the database file
     * @param lease the node that works on it
     * @return the open database
     * @throws SQLException if it cannot be opened or migrated
     */
    public static Database open(Path file, NodeLease lease) throws SQLException {
        return new Database(Dialect.SQLITE, file, null, lease, DEFAULT_BUSY_TIMEOUT, Schema.MIGRATIONS);
    }

    /**
     * Opens and migrates a PostgreSQL database.
     *
     * @param connections where it is and how to log in
     * @return the open database
     * @throws SQLException if it cannot be reached or migrated
     */
    public static Database open(PostgresqlConnections connections) throws SQLException {
        return new Database(Dialect.POSTGRESQL, null, connections, NodeLease.of(connections.node()), DEFAULT_BUSY_TIMEOUT,
                Schema.MIGRATIONS);
    }

    /**
     * @param connections a PostgreSQL database
     * @param migrations the schema steps, in version order starting at 1
     * @return the open database, at the last migration's version
     * @throws SQLException if it cannot be reached or migrated, or is newer than the migrations know
     */
    static Database open(PostgresqlConnections connections, List<Migration> migrations) throws SQLException {
        return new Database(Dialect.POSTGRESQL, null, connections, NodeLease.of(connections.node()), DEFAULT_BUSY_TIMEOUT,
                migrations);
    }

    /**
     * @param file the database file
     * @param busyTimeout how long a statement waits for another process's lock before failing
     * @param migrations the schema steps, in version order starting at 1
     * @return the open database, at the last migration's version
     * @throws SQLException if it cannot be opened, or is newer than the migrations know
     */
    static Database open(Path file, Duration busyTimeout, List<Migration> migrations) throws SQLException {
        return new Database(Dialect.SQLITE, file, null, NodeLease.of("local"), busyTimeout, migrations);
    }

    /**
     * @param home the distribution folder, or {@code null} for the working directory
     * @param data the data folder, relative to {@code home} unless absolute
     * @return the database file
     */
    static Path file(String home, String data) {
        Path folder = Path.of(data);
        if (!folder.isAbsolute() && home != null) {
            folder = Path.of(home).resolve(folder);
        }
        return folder.resolve(FILE_NAME);
    }

    /**
     * Opens the database the settings name now, when it is another one (or this node's name or lease changed), and
     * closes the one used so far. Config Admin may deliver {@code upgradeclient.yaml} just after the store started
     * with the defaults; later, jobs that were running on the previous database stay there (requeued when it is
     * used again). If the new database cannot be opened the store keeps the previous one.
     *
     * @param context this bundle's context
     * @param settings the changed settings
     */
    @Modified
    void modified(BundleContext context, StoreSettings settings) {
        Backend current = backend;
        String home = context.getProperty(HOME_PROPERTY);
        String node = NodeName.of(settings.node_name(), instance.name());
        try {
            String wanted = wanted(home, settings, node);
            if (wanted.equals(current.where())) {
                return;
            }
            Backend next = open(home, settings, node);
            backend = next;
            LOG.info("Store database switched from {} to {} (node {})", current.name(), next.name(), node);
            closeUnderLock(current);
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.error("The store settings name a database that cannot be opened ({}); the store keeps using {}", e.getMessage(),
                    current.name());
        }
    }

    /** @return what {@link Backend#where()} is for the database the settings name, without opening it */
    private static String wanted(String home, StoreSettings settings, String node) {
        Dialect dialect = Dialect.of(settings.store_type());
        NodeLease lease = new NodeLease(node, Duration.ofSeconds(settings.store_lease__seconds()));
        String name = dialect == Dialect.POSTGRESQL ? settings.store_url() : file(home, settings.paths_data()).toString();
        return dialect + " " + name + " " + lease;
    }

    /** @return the SQLite database file, or {@code null} on PostgreSQL */
    public Path file() {
        return backend.file();
    }

    /** @return this node and how long its claims hold */
    public NodeLease lease() {
        return backend.lease();
    }

    /** @return which database this is */
    Dialect dialect() {
        return backend.dialect();
    }

    /**
     * Runs work in one write transaction, committed when it returns and rolled back when it throws. On SQLite
     * ({@code BEGIN IMMEDIATE} on the one write connection) callers wait for each other; on PostgreSQL they run
     * side by side, each on a pooled connection.
     *
     * @param work what to do
     * @param <T> its result
     * @return the result
     * @throws SQLException if a statement or the commit fails, or the database is closed
     */
    public <T> T write(Work<T> work) throws SQLException {
        requireOpen();
        return write(backend, writeLock, work);
    }

    private static <T> T write(Backend backend, ReentrantLock writeLock, Work<T> work) throws SQLException {
        Connection writer = backend.writer();
        if (writer == null) {
            return backend.pool().transaction(work);
        }
        writeLock.lock();
        try {
            if (writer.isClosed()) {
                throw new SQLException("Database " + backend.name() + " is closed");
            }
            execute(writer, "BEGIN IMMEDIATE");
            T result;
            try {
                result = work.run(writer);
                execute(writer, "COMMIT");
            } catch (SQLException | RuntimeException | Error e) {
                rollback(writer, e);
                throw e;
            }
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs read-only work on a read connection, next to the writer.
     *
     * @param work what to read
     * @param <T> its result
     * @return the result
     * @throws SQLException if a statement fails or the database is closed
     */
    public <T> T read(Work<T> work) throws SQLException {
        requireOpen();
        return backend.pool().autoCommit(work);
    }

    /**
     * @return the schema version: the highest migration applied
     * @throws SQLException if it cannot be read
     */
    public int schemaVersion() throws SQLException {
        return read(Database::version);
    }

    /** Closes every connection; work running on a read connection finishes first, on its own. */
    @Override
    @Deactivate
    public void close() {
        closed = true;
        closeUnderLock(backend);
    }

    /** Closes a database once the write in progress on it (if any) is done. */
    private void closeUnderLock(Backend closing) {
        writeLock.lock();
        try {
            close(closing);
        } finally {
            writeLock.unlock();
        }
    }

    private static void close(Backend closing) {
        if (closing.writer() != null) {
            closeQuietly(closing.writer());
        }
        closing.pool().close();
    }

    /** One transaction for all steps: nodes starting together on a new database never apply a step twice. */
    private static void migrate(Backend backend, List<Migration> migrations) throws SQLException {
        Dialect dialect = backend.dialect();
        String name = backend.name();
        int latest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        // a database not shared yet: no other thread writes to it
        List<Migration> applied = write(backend, new ReentrantLock(), connection -> {
            dialect.lockMigrations(connection);
            execute(connection, dialect.ddl("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, applied_time INTEGER NOT NULL)"));
            int current = version(connection);
            if (current > latest) {
                throw new SQLException("Database " + name + " has schema version " + current
                        + ", newer than this version of upgradeclient knows (" + latest + ")");
            }
            List<Migration> steps = migrations.stream().filter(migration -> migration.version() > current).toList();
            for (Migration migration : steps) {
                if (migration.appliesTo(dialect)) {
                    try (Statement statement = connection.createStatement()) {
                        for (String sql : migration.statements()) {
                            statement.execute(dialect.ddl(sql));
                        }
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, applied_time) VALUES (?, ?)")) {
                    insert.setInt(1, migration.version());
                    insert.setLong(2, System.currentTimeMillis());
                    insert.executeUpdate();
                }
            }
            return steps;
        });
        for (Migration migration : applied) {
            LOG.info("Database {} migrated to schema version {}: {}", name, migration.version(), migration.description());
        }
    }

    private static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void rollback(Connection writer, Throwable failure) {
        try {
            execute(writer, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors; then there is no transaction left to end.
            failure.addSuppressed(e);
        }
    }

    private void requireOpen() throws SQLException {
        if (closed) {
            throw new SQLException("Database " + backend.name() + " is closed");
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing a database connection failed: {}", e.getMessage());
        }
    }
}
