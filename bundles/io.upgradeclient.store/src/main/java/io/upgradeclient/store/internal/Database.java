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
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite database file: a single write connection guarded by a lock (SQLite allows one writer at a time, and
 * serialising in Java is fairer than spinning in SQLite's busy handler), and a few read connections, which WAL
 * mode lets run next to the writer. Opening it brings the schema up to date.
 *
 * <p>Connections come from {@link SQLiteDataSource} directly: {@code DriverManager} cannot see a driver that lives
 * in another bundle's class loader.
 *
 * <p>As a component it is a service of this bundle only (its class is not exported): the history, the job queue
 * and the checkpoints share it, and with it the one write connection.
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
    private static final int MAX_IDLE_READERS = 4;

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

    private final Path file;
    private final SQLiteDataSource source;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * Opens (creating it and its folder if needed) and migrates {@code <paths.data>/upgradeclient.db}.
     *
     * @param context this bundle's context, for the framework property {@value #HOME_PROPERTY}
     * @param settings the data folder
     * @throws SQLException if it cannot be opened or migrated
     */
    @Activate
    public Database(BundleContext context, StoreSettings settings) throws SQLException {
        this(file(context.getProperty(HOME_PROPERTY), settings.paths_data()), DEFAULT_BUSY_TIMEOUT, Schema.MIGRATIONS);
        LOG.info("Store database opened: {}", file);
    }

    private Database(Path file, Duration busyTimeout, List<Migration> migrations) throws SQLException {
        this.file = file;
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
        source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        writer = source.getConnection();
        try {
            migrate(migrations);
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens (creating it and its folder if needed) and migrates the database with the project's schema.
     *
     * @param file the database file
     * @return the open database
     * @throws SQLException if it cannot be opened or migrated
     */
    public static Database open(Path file) throws SQLException {
        return new Database(file, DEFAULT_BUSY_TIMEOUT, Schema.MIGRATIONS);
    }

    /**
     * @param file the database file
     * @param busyTimeout how long a statement waits for another process's lock before failing
     * @param migrations the schema steps, in version order starting at 1
     * @return the open database, at the last migration's version
     * @throws SQLException if it cannot be opened, or is newer than the migrations know
     */
    static Database open(Path file, Duration busyTimeout, List<Migration> migrations) throws SQLException {
        return new Database(file, busyTimeout, migrations);
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

    @Modified
    void modified(BundleContext context, StoreSettings settings) {
        Path wanted = file(context.getProperty(HOME_PROPERTY), settings.paths_data());
        if (!wanted.equals(file)) {
            // Switching files under running jobs would strand them; the operator moves the file and restarts.
            LOG.warn("paths.data now names {}; the store keeps using {} until upgradeclient restarts", wanted, file);
        }
    }

    /** @return the database file */
    public Path file() {
        return file;
    }

    /**
     * Runs work in one write transaction ({@code BEGIN IMMEDIATE}), committed when it returns and rolled back when
     * it throws. Callers wait for each other.
     *
     * @param work what to do
     * @param <T> its result
     * @return the result
     * @throws SQLException if a statement or the commit fails, or the database is closed
     */
    public <T> T write(Work<T> work) throws SQLException {
        writeLock.lock();
        try {
            requireOpen();
            execute(writer, "BEGIN IMMEDIATE");
            T result;
            try {
                result = work.run(writer);
                execute(writer, "COMMIT");
            } catch (SQLException | RuntimeException | Error e) {
                rollback(e);
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
        Connection connection = idleReaders.pollFirst();
        if (connection == null) {
            connection = source.getConnection();
        }
        boolean healthy = false;
        try {
            T result = work.run(connection);
            healthy = true;
            return result;
        } finally {
            release(connection, healthy);
        }
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
        writeLock.lock();
        try {
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
        for (Connection idle = idleReaders.pollFirst(); idle != null; idle = idleReaders.pollFirst()) {
            closeQuietly(idle);
        }
    }

    private void migrate(List<Migration> migrations) throws SQLException {
        write(connection -> {
            execute(connection, "CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, applied_time INTEGER NOT NULL)");
            return null;
        });
        int current = read(Database::version);
        int latest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        if (current > latest) {
            throw new SQLException("Database " + file + " has schema version " + current
                    + ", newer than this version of upgradeclient knows (" + latest + ")");
        }
        for (Migration migration : migrations) {
            if (migration.version() <= current) {
                continue;
            }
            write(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : migration.statements()) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, applied_time) VALUES (?, ?)")) {
                    insert.setInt(1, migration.version());
                    insert.setLong(2, System.currentTimeMillis());
                    insert.executeUpdate();
                }
                return null;
            });
            LOG.info("Database {} migrated to schema version {}: {}", file, migration.version(), migration.description());
        }
    }

    private static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void release(Connection connection, boolean healthy) {
        if (healthy && !closed && idleReaders.size() < MAX_IDLE_READERS) {
            idleReaders.offerFirst(connection);
            // close() may have drained the pool between the check and the offer
            if (closed && idleReaders.remove(connection)) {
                closeQuietly(connection);
            }
        } else {
            closeQuietly(connection);
        }
    }

    private void rollback(Throwable failure) {
        try {
            execute(writer, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors; then there is no transaction left to end.
            failure.addSuppressed(e);
        }
    }

    private void requireOpen() throws SQLException {
        if (closed) {
            throw new SQLException("Database " + file + " is closed");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing a database connection failed: {}", e.getMessage());
        }
    }
}
