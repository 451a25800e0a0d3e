package io.upgradeclient.store.internal;

import static io.upgradeclient.store.internal.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.RemoteChange;

/**
 * The full-text index and the hourly roll-up answer exactly what a scan of the table answers, on hostile input and
 * after rows are merged (the daily upsert) and deleted (retention).
 */
class HistoryIndexesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant DAY = Instant.parse("2024-05-01T00:00:00Z");

    /** Texts stored and searched: LIKE and FTS5 syntax, quotes, case beyond ASCII, CJK, emoji, controls, SQL. */
    private static final List<String> HOSTILE = List.of("100% done", "file_a", "back\\slash", "say \"hi\" now",
            "it's O'Brien", "a*b*c", "NEAR(fw bin)", "fw AND bin OR NOT x", "col:value", "^start", "{log_message} : x",
            "- minus -", "İstanbul firmware", "istanbul FIRMWARE", "STRASSE straße", "海思平台 失败", "emoji 🚀 rocket",
            "tab\there", "nul\u0000byte", "'); DROP TABLE upgradeclient; --", "ÄÖÜ äöü", "fw-12345.bin", "FW-12345.BIN",
            "x", "xy");

    private static final List<String> QUERIES = List.of("100%", "0% d", "e_a", "_", "%", "\\", "k\\s", "\"hi\"", "\"",
            "'s O'", "*b*", "NEAR(", "AND bin OR", "OR", "col:", "^st", "{log_message}", "- m", "İst", "ist", "IST",
            "stanbul", "straße", "STRASSE", "海思", "思平台", "🚀", "🚀 r", "\there", "\u0000", "DROP TABLE", "--",
            "äöü", "ÄÖÜ", "fw-12345", "FW-1234", ".bin", "x", "xy", "xyz", "no such text anywhere", "e");

    @TempDir
    Path dir;

    private Database database;
    private SqlHistory history;

    @BeforeEach
    void open() throws SQLException {
        database = Database.open(dir.resolve("upgradeclient.db"));
        history = new SqlHistory(database, ZoneOffset.UTC, SqlHistory.Tuning.DEFAULTS);
    }

    @AfterEach
    void close() throws InterruptedException {
        history.close();
        database.close();
    }

    @Test
    void textSearchFindsWhatALikeScanFindsOnHostileStrings() throws Exception {
        for (int i = 0; i < HOSTILE.size(); i++) {
            history.record(Event.builder(EventLevel.INFO, "upload", "rsync").check("c")
                    .change(new RemoteChange(ChangeAction.ADDED, URI.create("http://svn.example.com/fw/" + i),
                            HOSTILE.get(HOSTILE.size() - 1 - i), "General", "alice", DAY, "r" + i, 1))
                    .message(HOSTILE.get(i)).createdTime(DAY.plusSeconds(i)).build());
        }
        assertThat(history.flush(WAIT)).isTrue();
        assertSearchEqualsLikeScan();

        // merged into the same day's row (created_time moves), then deleted as retention does
        history.record(event(EventLevel.INFO, "again: fw-12345 İstanbul", DAY.plusSeconds(5)));
        history.record(event(EventLevel.INFO, "again: fw-12345 İstanbul", DAY.plusSeconds(50)));
        assertThat(history.flush(WAIT)).isTrue();
        database.write(connection -> {
            try (Statement delete = connection.createStatement()) {
                return delete.executeUpdate("DELETE FROM upgradeclient WHERE id % 3 = 0");
            }
        });
        assertSearchEqualsLikeScan();
        database.read(connection -> {
            try (Statement check = connection.createStatement()) {
                // raises an error when the index and the table disagree
                return check.execute("INSERT INTO upgradeclient_text (upgradeclient_text, rank) VALUES ('integrity-check', 1)");
            }
        });
    }

    @Test
    void trendFromTheHourlyRollUpEqualsCountingTheEvents() throws Exception {
        EventLevel[] levels = {EventLevel.INFO, EventLevel.ERROR, EventLevel.WARNING};
        for (int i = 0; i < 600; i++) {
            // spread over 5 days at uneven times; every 7th the same message, so the daily upsert merges them
            String message = i % 7 == 0 ? "repeated" : "m" + i;
            history.record(event(levels[i % levels.length], message, DAY.plusSeconds(i * 719L)));
        }
        assertThat(history.flush(WAIT)).isTrue();
        assertTrendsEqualCounts(levels);

        database.write(connection -> {
            try (Statement delete = connection.createStatement()) {
                return delete.executeUpdate("DELETE FROM upgradeclient WHERE id % 4 = 1");
            }
        });
        assertTrendsEqualCounts(levels);
    }

    private void assertTrendsEqualCounts(EventLevel[] levels) throws SQLException {
        Instant partFrom = DAY.plusSeconds(3600 * 5 + 1234);
        Instant partUntil = DAY.plus(Duration.ofDays(3)).plusSeconds(77);
        List<EventQuery> queries = List.of(EventQuery.all(), EventQuery.all().between(partFrom, null),
                EventQuery.all().between(null, partUntil), EventQuery.all().between(partFrom, partUntil),
                EventQuery.all().between(partFrom, partFrom.plusSeconds(60)),
                EventQuery.all().withLevels(Set.of(levels[1])).between(partFrom, partUntil),
                EventQuery.all().withLevels(Set.of(levels[0], levels[2])));
        for (EventQuery query : queries) {
            for (Duration bucket : List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1))) {
                assertThat(history.trend(query, bucket)).as("%s per %s", query, bucket).isEqualTo(counted(query, bucket));
            }
        }
    }

    /** The trend as a plain GROUP BY over the events computes it. */
    private List<Map.Entry<Instant, Long>> counted(EventQuery query, Duration bucket) throws SQLException {
        EventFilter filter = EventFilter.of(query, Dialect.SQLITE);
        long width = bucket.toMillis();
        return database.read(connection -> {
            Map<Long, Long> counts = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT created_time / ?, count(*) FROM upgradeclient" + filter.where() + " GROUP BY 1")) {
                select.setLong(1, width);
                filter.bind(select, 2);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getLong(1), rows.getLong(2));
                    }
                }
            }
            List<Map.Entry<Instant, Long>> trend = new ArrayList<>();
            counts.forEach((start, events) -> trend.add(Map.entry(Instant.ofEpochMilli(start * width), events)));
            return trend;
        });
    }

    private void assertSearchEqualsLikeScan() throws SQLException {
        for (String text : QUERIES) {
            List<Long> found = new ArrayList<>();
            history.search(EventQuery.all().withText(text).page(0, EventQuery.MAX_LIMIT)).events()
                    .forEach(event -> found.add(event.id()));
            List<Long> scanned = likeScan(text);
            assertThat(found).as("search for '%s'", text).isEqualTo(scanned);
            assertThat(history.search(EventQuery.all().withText(text)).total()).as("total for '%s'", text)
                    .isEqualTo(scanned.size());
        }
    }

    /** What the search did before the index: a LIKE over every row. */
    private List<Long> likeScan(String text) throws SQLException {
        String pattern = "%" + EventFilter.escapeLike(text) + "%";
        return database.read(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM upgradeclient WHERE "
                    + "log_message LIKE ? ESCAPE '\\' OR file_name LIKE ? ESCAPE '\\' ORDER BY id DESC")) {
                select.setString(1, pattern);
                select.setString(2, pattern);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            return ids;
        });
    }
}
