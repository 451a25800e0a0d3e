package io.upgradeclient.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;

/** What only the shared PostgreSQL store has to show: several nodes migrate one database, and outages end. */
class PostgresqlDatabaseTest {
    private static final int LATEST = Schema.MIGRATIONS.get(Schema.MIGRATIONS.size() - 1).version();

    private PostgresqlServer server;
    private PostgresqlConnections connections;

    @BeforeEach
    void create() throws Exception {
        server = PostgresqlServer.shared();
        connections = server.newDatabase();
    }

    @AfterEach
    void drop() throws Exception {
        server.drop(connections);
    }

    @Test
    void nodesStartingTogetherMigrateTheDatabaseOnce() throws Exception {
        int nodes = 4;
        ExecutorService starts = Executors.newFixedThreadPool(nodes);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Database>> opened = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Callable<Database> open = () -> {
                go.await();
                return Database.open(connections);
            };
            opened.add(starts.submit(open));
        }
        go.countDown();
        List<Database> databases = new ArrayList<>();
        for (Future<Database> database : opened) {
            databases.add(database.get());
        }
        starts.shutdown();

        Database any = databases.get(0);
        assertThat(any.schemaVersion()).isEqualTo(LATEST);
        assertThat(DatabaseTest.count(any, "SELECT count(*) FROM schema_version")).isEqualTo(Schema.MIGRATIONS.size());
        databases.forEach(Database::close);
    }

    @Test
    void onlyTheNewMigrationsRunAndNewerDatabasesAreRefused() throws SQLException {
        try (Database database = Database.open(connections)) {
            new SqlCheckpoints(database).save("xm_dvr", new Checkpoint("r1", Instant.ofEpochMilli(1)));
        }
        List<Migration> next = new ArrayList<>(Schema.MIGRATIONS);
        next.add(new Migration(LATEST + 1, "a test step", List.of("CREATE TABLE extra (x INTEGER)")));
        try (Database database = Database.open(connections, next)) {
            assertThat(database.schemaVersion()).isEqualTo(LATEST + 1);
            assertThat(DatabaseTest.count(database, "SELECT count(*) FROM extra")).isZero();
            assertThat(new SqlCheckpoints(database).load("xm_dvr").value()).isEqualTo("r1");
        }
        assertThatThrownBy(() -> Database.open(connections)).isInstanceOf(SQLException.class)
                .hasMessageContaining("schema version " + (LATEST + 1)).hasMessageContaining("newer");
    }

    @Test
    void failedWorkIsRolledBack() throws SQLException {
        try (Database database = Database.open(connections)) {
            assertThatThrownBy(() -> database.write(connection -> {
                connection.createStatement().executeUpdate(
                        "INSERT INTO checkpoints (check_name, value, taken_at) VALUES ('a', 'b', 0)");
                throw new SQLException("boom");
            })).hasMessage("boom");
            assertThat(DatabaseTest.count(database, "SELECT count(*) FROM checkpoints")).isZero();
        }
    }

    @Test
    void theStoreWorksAgainOnceTheServerIsBackWithoutReopening() throws Exception {
        try (Database database = Database.open(connections)) {
            SqlCheckpoints checkpoints = new SqlCheckpoints(database);
            checkpoints.save("xm_dvr", new Checkpoint("before", Instant.ofEpochMilli(1)));

            server.stop();
            try {
                assertThatThrownBy(() -> checkpoints.save("xm_dvr", new Checkpoint("during", Instant.ofEpochMilli(2))))
                        .isInstanceOf(StoreException.class);
            } finally {
                server.start();
            }

            checkpoints.save("xm_dvr", new Checkpoint("after", Instant.ofEpochMilli(3)));
            assertThat(checkpoints.load("xm_dvr").value()).isEqualTo("after");
        }
    }

    @Test
    void historyEventsRecordedWhileTheServerIsDownAreWrittenOnceItIsBack() throws Exception {
        // retries that would drop a failing batch within 0.1 s: an unreachable database must not count as one
        SqlHistory.Tuning quickToDrop = new SqlHistory.Tuning(1_000, 100, Duration.ofSeconds(1), 2, Duration.ofMillis(100));
        try (Database database = Database.open(connections);
                SqlHistory history = new SqlHistory(database, ZoneOffset.UTC, quickToDrop)) {
            server.stop();
            try {
                for (int i = 0; i < 50; i++) {
                    history.record(Events.event(EventLevel.INFO, "during the outage " + i, Events.T0.plusSeconds(i)));
                }
                assertThat(history.flush(Duration.ofSeconds(2))).as("nothing can be written yet").isFalse();
            } finally {
                server.start();
            }
            assertThat(history.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(history.search(EventQuery.all()).total()).isEqualTo(50);
            assertThat(history.dropped()).isZero();
        }
    }

    /**
     * The search box's ILIKE, as the history builds it, is one the trigram indexes of migration 8 answer; with the
     * sequential scan ruled out the plan must name both (which the planner picks on its own depends on the rows).
     */
    @Test
    void textSearchCanUseTheTrigramIndexes() throws SQLException {
        EventFilter filter = EventFilter.of(EventQuery.all().withText("fw-12345.bin"), Dialect.POSTGRESQL);
        try (Database database = Database.open(connections)) {
            String plan = database.write(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL enable_seqscan = off");
                }
                StringBuilder lines = new StringBuilder();
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN SELECT count(*) FROM upgradeclient" + filter.where())) {
                    filter.bind(explain, 1);
                    try (ResultSet rows = explain.executeQuery()) {
                        while (rows.next()) {
                            lines.append(rows.getString(1)).append('\n');
                        }
                    }
                }
                return lines.toString();
            });
            assertThat(plan).contains("upgradeclient_message_trigrams", "upgradeclient_file_name_trigrams");
        }
    }

    @Test
    void textWithNulRoundTripsThroughTheEncoding() {
        for (String text : List.of("", "plain", "nul\u0000inside", "\u0000", "\uE000", "\uE0000", "a\uE000\u0000b\uE000")) {
            assertThat(NulSafeText.decode(NulSafeText.encode(text))).isEqualTo(text);
            assertThat(NulSafeText.encode(text)).doesNotContain("\u0000");
        }
    }
}
