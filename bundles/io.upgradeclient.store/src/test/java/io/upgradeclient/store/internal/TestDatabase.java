package io.upgradeclient.store.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A test's own, empty store database of one dialect: an SQLite file in the test's folder, or a database of its
 * own on the {@linkplain PostgresqlServer shared PostgreSQL server}. It can be opened again, as after a restart.
 */
final class TestDatabase {
    private final Dialect dialect;
    private final Path file;
    private final PostgresqlConnections postgresql;

    private TestDatabase(Dialect dialect, Path file, PostgresqlConnections postgresql) {
        this.dialect = dialect;
        this.file = file;
        this.postgresql = postgresql;
    }

    /**
     * @param dialect which database
     * @param folder the test's folder, for the SQLite file
     * @return a new, empty database
     */
    static TestDatabase create(Dialect dialect, Path folder) throws IOException, SQLException {
        return dialect == Dialect.SQLITE ? new TestDatabase(dialect, folder.resolve(Database.FILE_NAME), null)
                : new TestDatabase(dialect, null, PostgresqlServer.shared().newDatabase());
    }

    /** @return the database, opened and migrated */
    Database open() throws SQLException {
        return dialect == Dialect.SQLITE ? Database.open(file) : Database.open(postgresql);
    }

    /**
     * @param node a node's name
     * @return the database, opened by that node (with the default lease)
     */
    Database open(String node) throws SQLException {
        return dialect == Dialect.SQLITE ? Database.open(file, NodeLease.of(node)) : Database.open(postgresql.withNode(node));
    }

    /** Drops a PostgreSQL database; an SQLite file goes with the test's folder. */
    void drop() throws IOException, SQLException {
        if (postgresql != null) {
            PostgresqlServer.shared().drop(postgresql);
        }
    }

    /** @return the PostgreSQL connection settings, {@code null} for SQLite */
    PostgresqlConnections postgresql() {
        return postgresql;
    }
}
