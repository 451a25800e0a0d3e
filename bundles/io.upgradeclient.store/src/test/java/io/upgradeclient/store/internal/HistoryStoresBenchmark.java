package io.upgradeclient.store.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;

/**
 * Not a test: the history page's first pages and the dashboard's history queries at 1,000,000 events on
 * PostgreSQL against the same on SQLite, the same events written through {@code History.record} into each.
 * Excluded from the build; {@code scripts/benchmark history_pg} runs it ({@code -Dbenchmark.events=N} changes the
 * number of events). PostgreSQL is the tests' own server ({@link PostgresqlServer}) on loopback, so each of its
 * queries pays a network round trip that SQLite, in the process, does not.
 */
@Tag("benchmark")
class HistoryStoresBenchmark {
    private static final String FIRST_PAGE = "history first page, no filter (20 rows + total)";
    private static final String DASHBOARD = "dashboard: its 7 history queries";

    @TempDir
    java.nio.file.Path dir;

    @Test
    void firstPagesAndDashboardOnPostgresqlAgainstSqlite() throws Exception {
        int count = Integer.getInteger("benchmark.events", 1_000_000);
        Instant now = Instant.now();
        System.out.println("-- SQLite");
        Map<String, Double> sqlite;
        try (Database database = Database.open(dir.resolve(Database.FILE_NAME))) {
            sqlite = measure(database, count, now);
        }
        System.out.println("-- PostgreSQL " + PostgresqlServer.shared().version() + " (loopback)");
        Map<String, Double> postgresql;
        PostgresqlConnections connections = PostgresqlServer.shared().newDatabase();
        try (Database database = Database.open(connections)) {
            postgresql = measure(database, count, now);
        } finally {
            PostgresqlServer.shared().drop(connections);
        }
        System.out.println("-- PostgreSQL / SQLite, medians");
        sqlite.forEach((what, ms) -> System.out.printf("%-50s %8.1f ms vs %8.1f ms: %5.2fx%n", what, postgresql.get(what), ms,
                postgresql.get(what) / ms));
        double firstPage = postgresql.get(FIRST_PAGE) / sqlite.get(FIRST_PAGE);
        double dashboard = postgresql.get(DASHBOARD) / sqlite.get(DASHBOARD);
        System.out.printf("history_pg: %.2fx SQLite, the slower of the history's first page (%.2fx) and the dashboard "
                + "(%.2fx) at %,d rows (goal <= 2.0)%n", Math.max(firstPage, dashboard), firstPage, dashboard, count);
    }

    /** Fills the history, then times the queries; returns their medians by name. */
    private static Map<String, Double> measure(Database database, int count, Instant now) throws InterruptedException, java.sql.SQLException {
        try (SqlHistory history = new SqlHistory(database, ZoneId.systemDefault(),
                // waits for room in the queue instead of dropping: every store gets every event
                new SqlHistory.Tuning(10_000, 1_000, Duration.ofMinutes(10), 4, Duration.ofMillis(500)))) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                history.record(HistoryBenchmark.event(i, count, now));
            }
            if (!history.flush(Duration.ofMinutes(60))) {
                throw new AssertionError("flush timed out");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("inserted %,d events in %.1f s: %,.0f events/s (dropped %d, failed writes %d)%n",
                    history.written(), seconds, history.written() / seconds, history.dropped(), history.failedWrites());
            if (history.written() != count) {
                throw new AssertionError("written " + history.written() + " of " + count);
            }
            if (database.dialect() == Dialect.POSTGRESQL) {
                // what autovacuum does after a table grew this much; done now so the plans do not depend on when it woke up
                database.write(connection -> connection.createStatement().execute("ANALYZE upgradeclient"));
            }
            Map<String, Double> medians = new LinkedHashMap<>();
            medians.put(FIRST_PAGE, HistoryBenchmark.time(FIRST_PAGE, () -> history.search(EventQuery.all())));
            medians.put("history first page, level = error", HistoryBenchmark.time("history first page, level = error",
                    () -> history.search(EventQuery.all().withLevels(Set.of(EventLevel.ERROR)))));
            medians.put("history text search 'fw-12345'", HistoryBenchmark.time("history text search 'fw-12345'",
                    () -> history.search(EventQuery.all().withText("fw-12345"))));
            medians.put("history text search 'FW-99999.BIN'", HistoryBenchmark.time("history text search 'FW-99999.BIN'",
                    () -> history.search(EventQuery.all().withText("FW-99999.BIN"))));
            medians.put("dashboard: error trend per day, 1 week", HistoryBenchmark.time("dashboard: error trend per day, 1 week",
                    () -> history.trend(errorsSince(now, 7), Duration.ofDays(1))));
            medians.put("dashboard: errors by check, 1 week", HistoryBenchmark.time("dashboard: errors by check, 1 week",
                    () -> history.countBy(errorsSince(now, 7), EventField.CHECK)));
            medians.put(DASHBOARD, HistoryBenchmark.time(DASHBOARD, dashboard(history, now)));
            medians.put("trend per day, 12 weeks, all events", HistoryBenchmark.time("trend per day, 12 weeks, all events",
                    () -> history.trend(EventQuery.all().between(now.minus(Duration.ofDays(84)), null), Duration.ofDays(1))));
            return medians;
        }
    }

    private static EventQuery errorsSince(Instant now, int days) {
        return EventQuery.all().withLevels(Set.of(EventLevel.ERROR)).between(now.minus(Duration.ofDays(days)), null);
    }

    /** The history queries the web UI's dashboard makes with its defaults (last week, latest events from info up). */
    private static Supplier<Object> dashboard(History history, Instant now) {
        return () -> {
            Instant midnight = now.atZone(ZoneId.systemDefault()).toLocalDate().atStartOfDay(ZoneId.systemDefault()).toInstant();
            EventQuery week = errorsSince(now, 7);
            return new Object[] {
                history.countBy(EventQuery.all().between(midnight, null), EventField.LEVEL),
                history.countBy(EventQuery.all().between(now.minus(Duration.ofDays(7)), null), EventField.LEVEL),
                history.countBy(week, EventField.COMPONENT),
                history.countBy(week, EventField.CHECK),
                history.countBy(week, EventField.FILE_TYPE),
                history.trend(week, Duration.ofDays(1)),
                history.search(EventQuery.all().withLevels(EnumSet.range(EventLevel.INFO, EventLevel.ERROR)).page(0, 20)),
            };
        };
    }
}
