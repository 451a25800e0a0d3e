package io.upgradeclient.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;

/**
 * Not a test: prints how fast the history takes 1,000,000 events and answers the UI's first queries over them.
 * Excluded from the build; run it with
 * {@code mvn -B -o test -pl bundles/io.upgradeclient.store -Dgroups=benchmark -DexcludedGroups=none -Dtest=HistoryBenchmark}.
 * {@code -Dbenchmark.events=N} changes the number of events.
 */
@Tag("benchmark")
class HistoryBenchmark {
    private static final EventLevel[] LEVELS = {EventLevel.INFO, EventLevel.INFO, EventLevel.INFO, EventLevel.DEBUG,
            EventLevel.WARNING, EventLevel.ERROR};
    private static final String[] COMPONENTS = {"svn", "http", "default", "download", "xm", "rsync"};
    private static final String[] TYPES = {"General", "OEM", "Special", "海思平台", "Cloud"};

    @TempDir
    Path dir;

    @Test
    void insertOneMillionEventsAndQueryThem() throws Exception {
        int count = Integer.getInteger("benchmark.events", 1_000_000);
        Instant now = Instant.now();
        try (Database database = Database.open(dir.resolve("upgradeclient.db"));
                SqlHistory history = new SqlHistory(database, ZoneId.systemDefault(),
                        // waits for room in the queue instead of dropping: the rate printed is the writer's
                        new SqlHistory.Tuning(10_000, 1_000, Duration.ofMinutes(10), 4, Duration.ofMillis(500)))) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                history.record(event(i, count, now));
            }
            if (!history.flush(Duration.ofMinutes(30))) {
                throw new AssertionError("flush timed out");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("inserted %,d events in %.1f s: %,.0f events/s (dropped %d, failed writes %d)%n",
                    history.written(), seconds, history.written() / seconds, history.dropped(), history.failedWrites());
            System.out.printf("rows %,d, database file %,d MB%n", history.search(EventQuery.all()).total(),
                    (Files.size(database.file()) + walSize(database.file())) / (1024 * 1024));

            EventQuery errors = EventQuery.all().withLevels(Set.of(EventLevel.ERROR));
            time("first page, no filter (20 rows + total)", () -> history.search(EventQuery.all()));
            time("first page, level = error (20 rows + total)", () -> history.search(errors));
            time("first page, levels warning+error, check xm_7", () -> history.search(
                    EventQuery.all().withLevels(Set.of(EventLevel.WARNING, EventLevel.ERROR)).withCheck("xm_7")));
            long lastId = history.search(EventQuery.all().page(0, 20)).events().get(19).id();
            time("second page by keyset (before id), no filter", () -> history.search(EventQuery.all().before(lastId)));
            time("page 50 by offset, level = error", () -> history.search(errors.page(980, 20)));
            double search = time("text search 'fw-12345' (20 rows + total)", () -> history.search(EventQuery.all().withText("fw-12345")));
            double rare = time("text search 'FW-99999.BIN' (20 rows + total)", () -> history.search(EventQuery.all().withText("FW-99999.BIN")));
            time("text search 'xm', too short for the index", () -> history.search(EventQuery.all().withText("xm")));
            time("countBy component, level = error", () -> history.countBy(errors, EventField.COMPONENT));
            time("countBy check, all levels", () -> history.countBy(EventQuery.all(), EventField.CHECK));
            time("trend per day, 12 weeks, level = error", () -> history.trend(
                    errors.between(now.minus(Duration.ofDays(84)), null), Duration.ofDays(1)));
            double trend = time("trend per day, 12 weeks, all events", () -> history.trend(
                    EventQuery.all().between(now.minus(Duration.ofDays(84)), null), Duration.ofDays(1)));
            time("trend per day, all events", () -> history.trend(EventQuery.all(), Duration.ofDays(1)));
            System.out.printf("history search: %.1f ms first page of a text search at %,d rows (goal < 50)%n",
                    Math.max(search, rare), count);
            System.out.printf("history trend: %.1f ms per-day trend of all events over 12 weeks at %,d rows (goal < 100)%n",
                    trend, count);
        }
    }

    /** Spread over 180 days, oldest first as they would have been recorded; messages mostly distinct. */
    static Event event(int i, int count, Instant now) {
        Instant at = now.minus(Duration.ofDays(180)).plusMillis((long) ((double) i / count * Duration.ofDays(180).toMillis()));
        return Event.builder(LEVELS[i % LEVELS.length], "upload", COMPONENTS[i % COMPONENTS.length])
                .check("xm_" + (i % 20))
                .change(Events.change(TYPES[i % TYPES.length] + "/fw-" + i + ".bin", String.valueOf(i)))
                .message("upload of fw-" + i + ".bin to rsync://upgrade.example.com/firmware: exit code " + (i % 24))
                .createdTime(at)
                .jobId(i / 4)
                .duration(Duration.ofMillis(i % 5000))
                .build();
    }

    private static long walSize(Path file) throws java.io.IOException {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    /** Prints the first (cold) run and the median of five further runs; returns that median. */
    static double time(String what, Supplier<?> query) {
        long cold = System.nanoTime();
        query.get();
        double first = (System.nanoTime() - cold) / 1e6;
        double[] runs = new double[5];
        for (int i = 0; i < runs.length; i++) {
            long start = System.nanoTime();
            query.get();
            runs[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(runs);
        System.out.printf("%-50s first %8.1f ms, median %8.1f ms%n", what, first, runs[runs.length / 2]);
        return runs[runs.length / 2];
    }
}
