package io.upgradeclient.store.internal;

import static io.upgradeclient.store.internal.Events.T0;
import static io.upgradeclient.store.internal.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;

class HistoryRetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Database database;
    private SqlHistory history;
    private HistoryRetention retention;

    @BeforeEach
    void open() throws SQLException {
        database = Database.open(dir.resolve("upgradeclient.db"));
        // room for every event of a test at once: retention is under test here, not the write queue's back-pressure
        history = new SqlHistory(database, ZoneOffset.UTC, new SqlHistory.Tuning(30_000, 1_000, Duration.ofSeconds(1), 4,
                Duration.ofMillis(500)));
        retention = new HistoryRetention(database);
    }

    @AfterEach
    void close() throws InterruptedException {
        history.close();
        database.close();
    }

    @Test
    void deletesEventsOlderThanTheRetentionPeriod() throws Exception {
        history.record(event(EventLevel.ERROR, "old", T0.minus(Duration.ofDays(181))));
        history.record(event(EventLevel.ERROR, "edge", T0.minus(Duration.ofDays(180))));
        history.record(event(EventLevel.ERROR, "recent", T0.minus(Duration.ofDays(1))));
        history.flush(WAIT);

        assertThat(retention.prune(T0, 180, 0)).isEqualTo(1);
        assertThat(history.search(EventQuery.all()).events()).extracting(Event::message).containsExactly("recent", "edge");
    }

    @Test
    void deletesTheOldestEventsBeyondTheRowLimit() throws Exception {
        for (int i = 0; i < 25; i++) {
            history.record(event(EventLevel.INFO, "m" + i, T0.plusSeconds(i)));
        }
        history.flush(WAIT);

        assertThat(retention.prune(T0, 0, 10)).isEqualTo(15);
        assertThat(history.search(EventQuery.all()).events()).extracting(Event::message)
                .containsExactly("m24", "m23", "m22", "m21", "m20", "m19", "m18", "m17", "m16", "m15");
        assertThat(retention.prune(T0, 0, 10)).isZero();
    }

    @Test
    void deletesMoreRowsThanOneChunk() throws Exception {
        for (int i = 0; i < 25_100; i++) {
            history.record(event(EventLevel.INFO, "m" + i, T0.plusMillis(i)));
        }
        history.flush(WAIT);

        assertThat(retention.prune(T0, 0, 100)).isEqualTo(25_000);
        assertThat(history.search(EventQuery.all()).total()).isEqualTo(100);
        assertThat(history.search(EventQuery.all().page(0, 1)).events().get(0).message()).isEqualTo("m25099");
    }

    @Test
    void zeroSettingsKeepEverything() throws Exception {
        history.record(event(EventLevel.INFO, "ancient", T0.minus(Duration.ofDays(10_000))));
        history.flush(WAIT);

        assertThat(retention.prune(T0, 0, 0)).isZero();
        assertThat(history.search(EventQuery.all()).total()).isEqualTo(1);
    }
}
