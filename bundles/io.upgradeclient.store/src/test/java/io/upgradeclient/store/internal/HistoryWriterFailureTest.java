package io.upgradeclient.store.internal;

import static io.upgradeclient.store.internal.Events.T0;
import static io.upgradeclient.store.internal.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import io.upgradeclient.testsupport.Eventually;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;

/**
 * The writer against a real failure: another connection holds SQLite's write lock (as the sqlite3 shell or a
 * backup would), so the writer's transactions fail with SQLITE_BUSY until it lets go.
 */
class HistoryWriterFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Database database;
    private SqlHistory history;
    private Connection locker;

    @BeforeEach
    void open() throws SQLException {
        Path file = dir.resolve("upgradeclient.db");
        database = Database.open(file, Duration.ofMillis(20), Schema.MIGRATIONS);
        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite:" + file);
        locker = raw.getConnection();
    }

    @AfterEach
    void close() throws InterruptedException, SQLException {
        if (history != null) {
            history.close();
        }
        locker.close();
        database.close();
    }

    @Test
    void writerRetriesAFailedBatchAndStoresItOnceTheDatabaseIsFree() throws Exception {
        history = new SqlHistory(database, ZoneOffset.UTC,
                new SqlHistory.Tuning(100, 100, Duration.ofSeconds(1), 10_000, Duration.ofMillis(5)));
        lock();
        history.record(event(EventLevel.ERROR, "kept", T0));
        Eventually.await(WAIT, "two failed writes", () -> history.failedWrites() >= 2);
        unlock();

        assertThat(history.flush(WAIT)).isTrue();
        assertThat(history.search(EventQuery.all()).events()).extracting(Event::message).containsExactly("kept");
        assertThat(history.dropped()).isZero();
    }

    @Test
    void writerDropsABatchThatKeepsFailingAndGoesOn() throws Exception {
        history = new SqlHistory(database, ZoneOffset.UTC,
                new SqlHistory.Tuning(100, 100, Duration.ofSeconds(1), 2, Duration.ofMillis(1)));
        lock();
        history.record(event(EventLevel.ERROR, "lost", T0));
        Eventually.await(WAIT, "the batch to be dropped", () -> history.dropped() == 1);
        unlock();
        history.record(event(EventLevel.ERROR, "after", T0));

        assertThat(history.flush(WAIT)).isTrue();
        assertThat(history.search(EventQuery.all()).events()).extracting(Event::message).containsExactly("after");
        assertThat(history.failedWrites()).isEqualTo(2);
    }

    @Test
    void recordDropsWhenTheQueueStaysFullAndAccountsForEveryEvent() throws Exception {
        history = new SqlHistory(database, ZoneOffset.UTC,
                new SqlHistory.Tuning(2, 1, Duration.ofMillis(50), 100_000, Duration.ofMillis(1)));
        lock();
        for (int i = 0; i < 10; i++) {
            history.record(event(EventLevel.INFO, "m" + i, T0));
        }
        assertThat(history.dropped()).isPositive();
        unlock();

        assertThat(history.flush(WAIT)).isTrue();
        assertThat(history.search(EventQuery.all()).total() + history.dropped()).isEqualTo(10);
    }

    @Test
    void aThreadBeingInterruptedStillRecordsItsEventWhenThereIsRoom() throws Exception {
        history = new SqlHistory(database, ZoneOffset.UTC, SqlHistory.Tuning.DEFAULTS);

        Thread.currentThread().interrupt();
        try {
            history.record(event(EventLevel.INFO, "stopped while scanning", T0));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }

        assertThat(history.dropped()).isZero();
        assertThat(history.flush(WAIT)).isTrue();
        assertThat(history.search(EventQuery.all()).total()).isEqualTo(1);
    }

    @Test
    void eventsRecordedAfterCloseAreDroppedAtOnce() throws Exception {
        history = new SqlHistory(database, ZoneOffset.UTC, SqlHistory.Tuning.DEFAULTS);
        history.close();
        history.record(event(EventLevel.INFO, "late", T0));
        assertThat(history.dropped()).isEqualTo(1);
    }

    private void lock() throws SQLException {
        try (Statement statement = locker.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
        }
    }

    private void unlock() throws SQLException {
        try (Statement statement = locker.createStatement()) {
            statement.execute("COMMIT");
        }
    }
}
