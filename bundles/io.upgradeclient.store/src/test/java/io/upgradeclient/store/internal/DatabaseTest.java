package io.upgradeclient.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import io.upgradeclient.api.Checkpoint;

class DatabaseTest {
    private static final int LATEST = Schema.MIGRATIONS.get(Schema.MIGRATIONS.size() - 1).version();

    @TempDir
    Path dir;

    @Test
    void freshDatabaseGetsEveryTableAndTheLatestVersion() throws SQLException {
        try (Database database = Database.open(dir.resolve("new/sub/upgradeclient.db"))) {
            assertThat(database.schemaVersion()).isEqualTo(LATEST);
            assertThat(tables(database)).contains("schema_version", "upgradeclient", "jobs", "job_targets", "checkpoints");
        }
    }

    @Test
    void reopeningKeepsTheDataAndRunsNoMigrationAgain() throws SQLException {
        Path file = dir.resolve("upgradeclient.db");
        try (Database database = Database.open(file)) {
            new SqlCheckpoints(database).save("xm_dvr", new Checkpoint("r42", Instant.ofEpochMilli(1000)));
        }
        try (Database database = Database.open(file)) {
            assertThat(database.schemaVersion()).isEqualTo(LATEST);
            assertThat(count(database, "SELECT count(*) FROM schema_version")).isEqualTo(Schema.MIGRATIONS.size());
            assertThat(new SqlCheckpoints(database).load("xm_dvr").value()).isEqualTo("r42");
        }
    }

    @Test
    void aStepThatLandsAfterAHigherOneIsStillApplied() throws SQLException {
        Path file = dir.resolve("upgradeclient.db");
        List<Migration> withoutSix = Schema.MIGRATIONS.stream().filter(migration -> migration.version() != 6).toList();
        try (Database database = Database.open(file, Duration.ofSeconds(5), withoutSix)) {
            assertThat(database.schemaVersion()).isEqualTo(LATEST);
            assertThat(tables(database)).doesNotContain("event_counters");
        }
        try (Database database = Database.open(file)) {
            assertThat(tables(database)).as("step 6, written on another branch than 7, applied all the same")
                    .contains("event_counters");
            assertThat(count(database, "SELECT count(*) FROM schema_version")).isEqualTo(Schema.MIGRATIONS.size());
        }
    }

    @Test
    void databaseAtVersionZeroIsMigrated() throws SQLException {
        Path file = dir.resolve("upgradeclient.db");
        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite:" + file);
        try (Connection connection = raw.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_time INTEGER NOT NULL)");
        }
        try (Database database = Database.open(file)) {
            assertThat(database.schemaVersion()).isEqualTo(LATEST);
            assertThat(tables(database)).contains("upgradeclient", "jobs", "job_targets", "checkpoints");
        }
    }

    @Test
    void onlyTheNewMigrationsRunOnAnExistingDatabase() throws SQLException {
        Path file = dir.resolve("upgradeclient.db");
        try (Database database = Database.open(file)) {
            new SqlCheckpoints(database).save("xm_dvr", new Checkpoint("r1", Instant.ofEpochMilli(1)));
        }
        List<Migration> next = new ArrayList<>(Schema.MIGRATIONS);
        next.add(new Migration(LATEST + 1, "a test step", List.of("CREATE TABLE extra (x INTEGER)")));
        try (Database database = Database.open(file, Database.DEFAULT_BUSY_TIMEOUT, next)) {
            assertThat(database.schemaVersion()).isEqualTo(LATEST + 1);
            assertThat(tables(database)).contains("extra");
            assertThat(new SqlCheckpoints(database).load("xm_dvr").value()).isEqualTo("r1");
        }
    }

    @Test
    void refusesADatabaseNewerThanItsMigrations() throws SQLException {
        Path file = dir.resolve("upgradeclient.db");
        try (Database database = Database.open(file)) {
            database.write(connection -> connection.createStatement()
                    .executeUpdate("INSERT INTO schema_version (version, applied_time) VALUES (99, 0)"));
        }
        assertThatThrownBy(() -> Database.open(file)).isInstanceOf(SQLException.class)
                .hasMessageContaining("schema version 99").hasMessageContaining("newer");
    }

    @Test
    void connectionsUseWalForeignKeysAndABusyTimeout() throws SQLException {
        try (Database database = Database.open(dir.resolve("upgradeclient.db"))) {
            String journal = database.write(connection -> pragma(connection, "journal_mode"));
            String writerKeys = database.write(connection -> pragma(connection, "foreign_keys"));
            String readerKeys = database.read(connection -> pragma(connection, "foreign_keys"));
            String busyTimeout = database.read(connection -> pragma(connection, "busy_timeout"));
            assertThat(journal).isEqualTo("wal");
            assertThat(writerKeys).isEqualTo("1");
            assertThat(readerKeys).isEqualTo("1");
            assertThat(busyTimeout).isEqualTo(String.valueOf(Database.DEFAULT_BUSY_TIMEOUT.toMillis()));
        }
    }

    @Test
    void failedWorkIsRolledBack() throws SQLException {
        try (Database database = Database.open(dir.resolve("upgradeclient.db"))) {
            assertThatThrownBy(() -> database.write(connection -> {
                connection.createStatement().executeUpdate(
                        "INSERT INTO checkpoints (check_name, value, taken_at) VALUES ('a', 'b', 0)");
                throw new SQLException("boom");
            })).hasMessage("boom");
            assertThat(count(database, "SELECT count(*) FROM checkpoints")).isZero();
            database.write(connection -> connection.createStatement().executeUpdate(
                    "INSERT INTO checkpoints (check_name, value, taken_at) VALUES ('a', 'b', 0)"));
            assertThat(count(database, "SELECT count(*) FROM checkpoints")).isEqualTo(1);
        }
    }

    @Test
    void closedDatabaseRefusesWork() throws SQLException {
        Database database = Database.open(dir.resolve("upgradeclient.db"), Duration.ofMillis(100), Schema.MIGRATIONS);
        database.close();
        assertThatThrownBy(() -> database.read(connection -> 1)).hasMessageContaining("closed");
    }

    @Test
    void fileIsResolvedAgainstTheHomeFolderUnlessAbsolute() {
        Path home = dir.resolve("home");
        assertThat(Database.file(home.toString(), "var/data")).isEqualTo(home.resolve("var/data/upgradeclient.db"));
        Path absolute = dir.resolve("elsewhere");
        assertThat(Database.file(home.toString(), absolute.toString())).isEqualTo(absolute.resolve("upgradeclient.db"));
        assertThat(Database.file(null, "var/data")).isEqualTo(Path.of("var/data/upgradeclient.db"));
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    private static List<String> tables(Database database) throws SQLException {
        return database.read(connection -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT name FROM sqlite_master WHERE type = 'table'");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }

    static long count(Database database, String sql) throws SQLException {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}
