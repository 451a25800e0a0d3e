package io.upgradeclient.store.internal;

import static io.upgradeclient.store.internal.Events.T0;
import static io.upgradeclient.store.internal.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventPage;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.EventTotal;

/** The same contract on both stores: every test runs on SQLite and on a real PostgreSQL server. */
@ParameterizedClass
@EnumSource(Dialect.class)
class HistoryContractTest {
    @Parameter
    Dialect dialect;

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TestDatabase store;

    private Database database;
    private SqlHistory history;

    @BeforeEach
    void open() throws SQLException, IOException {
        store = TestDatabase.create(dialect, dir);
        database = store.open();
        history = new SqlHistory(database, SHANGHAI, SqlHistory.Tuning.DEFAULTS);
    }

    @AfterEach
    void close() throws Exception {
        history.close();
        database.close();
        store.drop();
    }

    @Test
    void storesEveryColumnAndFindsItById() throws InterruptedException {
        Event event = Events.full("x", T0);
        history.record(event);
        assertThat(history.flush(WAIT)).isTrue();

        List<Event> stored = history.search(EventQuery.all()).events();
        assertThat(stored).hasSize(1);
        Event found = stored.get(0);
        assertThat(found.id()).isPositive();
        assertThat(found).isEqualTo(Events.stored(event, found.id(), database.lease().node()));
        assertThat(history.find(found.id())).contains(found);
        assertThat(history.find(found.id() + 1)).isEmpty();
    }

    @Test
    void eventWithoutDateOrDurationKeepsThemEmpty() throws InterruptedException {
        Event event = event(EventLevel.INFO, "plain", T0);
        history.record(event);
        history.flush(WAIT);

        Event found = history.search(EventQuery.all()).events().get(0);
        assertThat(found.lastDate()).isNull();
        assertThat(found.duration()).isNull();
        assertThat(found).isEqualTo(Events.stored(event, found.id(), database.lease().node()));
    }

    static List<String> hostileStrings() {
        return List.of("it's", "say \"hi\"", "100%", "a_b", "back\\slash\\", "nul\u0000inside", "line\nbreak\r\nend",
                "tab\there", "海思平台", "emoji 🚀👍🏽", "'; DROP TABLE upgradeclient; --", "%_\\'\"",
                "x".repeat(1_000_000) + "海");
    }

    @ParameterizedTest
    @MethodSource("hostileStrings")
    void hostileStringsRoundTripExactlyInEveryColumn(String text) throws InterruptedException {
        Event event = Events.full(text, T0);
        history.record(event);
        assertThat(history.flush(WAIT)).isTrue();

        Event found = history.search(EventQuery.all()).events().get(0);
        assertThat(found).isEqualTo(Events.stored(event, found.id(), database.lease().node()));
        assertThat(found.message()).isEqualTo("message" + text);
        assertThat(history.search(EventQuery.all().withCheck("check" + text)).total()).isEqualTo(1);
        assertThat(history.failedWrites()).isZero();
    }

    @Test
    void textSearchMatchesWildcardCharactersLiterally() throws InterruptedException {
        for (String message : List.of("100% done", "100 done", "file_a", "fileXa", "back\\slash", "backXslash", "海思平台 失败")) {
            history.record(event(EventLevel.ERROR, message, T0));
        }
        history.flush(WAIT);

        assertThat(messages(EventQuery.all().withText("%"))).containsExactly("100% done");
        assertThat(messages(EventQuery.all().withText("_"))).containsExactly("file_a");
        assertThat(messages(EventQuery.all().withText("\\"))).containsExactly("back\\slash");
        assertThat(messages(EventQuery.all().withText("0% d"))).containsExactly("100% done");
        assertThat(messages(EventQuery.all().withText("海思"))).containsExactly("海思平台 失败");
        assertThat(messages(EventQuery.all().withText("DONE"))).containsExactlyInAnyOrder("100% done", "100 done");
    }

    @Test
    void textSearchAlsoMatchesTheFileName() throws InterruptedException {
        history.record(Events.full("_IPC_X.20240501.bin", T0));
        history.record(event(EventLevel.ERROR, "unrelated", T0));
        history.flush(WAIT);

        assertThat(history.search(EventQuery.all().withText("20240501.bin")).events())
                .extracting(Event::fileName).containsExactly("name_IPC_X.20240501.bin");
    }

    @Test
    void sameEventOnTheSameLocalDayUpdatesOneRow() throws InterruptedException {
        // 01:00 and 23:00 in Shanghai are both 2024-05-01 there, although the first is 2024-04-30 in UTC.
        Instant early = Instant.parse("2024-04-30T17:00:00Z");
        Instant late = Instant.parse("2024-05-01T15:00:00Z");
        history.record(event(EventLevel.ERROR, "rsync failed", early));
        history.record(event(EventLevel.ERROR, "rsync failed", late));
        history.flush(WAIT);

        EventPage page = history.search(EventQuery.all());
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.events().get(0).createdTime()).isEqualTo(late);
    }

    @Test
    void sameEventOnTheNextLocalDayAddsARow() throws InterruptedException {
        history.record(event(EventLevel.ERROR, "rsync failed", Instant.parse("2024-05-01T15:00:00Z")));
        history.record(event(EventLevel.ERROR, "rsync failed", Instant.parse("2024-05-01T16:00:00Z")));
        history.flush(WAIT);

        assertThat(history.search(EventQuery.all()).events()).extracting(Event::createdTime)
                .containsExactly(Instant.parse("2024-05-01T16:00:00Z"), Instant.parse("2024-05-01T15:00:00Z"));
    }

    @Test
    void anOlderDuplicateDoesNotMoveTheTimeBack() throws InterruptedException {
        history.record(event(EventLevel.ERROR, "rsync failed", T0.plusSeconds(60)));
        history.record(event(EventLevel.ERROR, "rsync failed", T0));
        history.flush(WAIT);

        assertThat(history.search(EventQuery.all()).events()).extracting(Event::createdTime).containsExactly(T0.plusSeconds(60));
    }

    @Test
    void eventsDifferingInAnyKeyFieldOrJobAreKeptApart() throws InterruptedException {
        Event base = event(EventLevel.ERROR, "failed", T0);
        history.record(base);
        history.record(event(EventLevel.WARNING, "failed", T0));
        history.record(Event.builder(EventLevel.ERROR, "download", "rsync").check("xm_dvr").message("failed").createdTime(T0).build());
        history.record(Event.builder(EventLevel.ERROR, "upload", "http").check("xm_dvr").message("failed").createdTime(T0).build());
        history.record(Event.builder(EventLevel.ERROR, "upload", "rsync").check("xm_ipc").message("failed").createdTime(T0).build());
        history.record(Event.builder(EventLevel.ERROR, "upload", "rsync").check("xm_dvr").message("failed!").createdTime(T0).build());
        history.record(Event.builder(EventLevel.ERROR, "upload", "rsync").check("xm_dvr").message("failed").createdTime(T0).jobId(3).build());
        history.record(Event.builder(EventLevel.ERROR, "upload", "rsync").check("xm_dvr").message("failed")
                .change(Events.change("a.bin", "1")).createdTime(T0).build());
        history.flush(WAIT);

        assertThat(history.search(EventQuery.all()).total()).isEqualTo(8);
    }

    @Test
    void eachFilterSelectsOnlyMatchingEvents() throws InterruptedException {
        history.record(Event.builder(EventLevel.ERROR, "upload", "rsync").check("xm_dvr").message("e1")
                .change(Events.change("OEM/a.bin", "1")).createdTime(T0).jobId(5).build());
        history.record(Event.builder(EventLevel.WARNING, "check", "svn").check("xm_ipc").message("w1")
                .createdTime(T0.plusSeconds(10)).build());
        history.record(Event.builder(EventLevel.INFO, "check", "svn").check("xm_dvr").message("i1")
                .createdTime(T0.plusSeconds(20)).build());
        history.flush(WAIT);

        assertThat(messages(EventQuery.all().withLevels(Set.of(EventLevel.ERROR, EventLevel.WARNING)))).containsExactly("w1", "e1");
        assertThat(messages(EventQuery.all().withComponent("svn"))).containsExactly("i1", "w1");
        assertThat(messages(EventQuery.all().withCheck("xm_dvr"))).containsExactly("i1", "e1");
        assertThat(messages(EventQuery.all().withFileType("General"))).containsExactly("e1");
        assertThat(messages(EventQuery.all().withText("w"))).containsExactly("w1");
        assertThat(messages(EventQuery.all().withJob(5))).containsExactly("e1");
        assertThat(messages(EventQuery.all().between(T0.plusSeconds(10), T0.plusSeconds(20)))).containsExactly("w1");
        assertThat(messages(EventQuery.all().between(T0.plusSeconds(10), null))).containsExactly("i1", "w1");
        assertThat(messages(EventQuery.all().withCheck("xm_dvr").withComponent("svn"))).containsExactly("i1");
        assertThat(messages(EventQuery.all().withCheck("nobody"))).isEmpty();
    }

    @Test
    void keysetPagingReturnsFullPagesWithoutDuplicates() throws InterruptedException {
        recordNumbered(95);

        List<Long> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        EventQuery query = EventQuery.all().page(0, 10);
        while (true) {
            EventPage page = history.search(query);
            assertThat(page.total()).isEqualTo(95);
            if (page.events().isEmpty()) {
                break;
            }
            sizes.add(page.events().size());
            page.events().forEach(event -> seen.add(event.id()));
            query = query.before(page.events().get(page.events().size() - 1).id());
        }
        assertThat(sizes).containsExactly(10, 10, 10, 10, 10, 10, 10, 10, 10, 5);
        assertThat(new HashSet<>(seen)).hasSize(95);
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void listsAreOrderedByEventTimeSoImportedRowsDoNotSitAmongTodays() throws InterruptedException {
        history.record(event(EventLevel.INFO, "today 08:00", T0));
        history.record(event(EventLevel.INFO, "today 10:00", T0.plus(Duration.ofHours(2))));
        assertThat(history.flush(WAIT)).isTrue();
        // imported afterwards: higher ids, older times
        history.record(event(EventLevel.INFO, "imported 2016", T0.minus(Duration.ofDays(3000))));
        history.record(event(EventLevel.INFO, "today 09:00", T0.plus(Duration.ofHours(1))));
        assertThat(history.flush(WAIT)).isTrue();

        assertThat(messages(EventQuery.all())).containsExactly("today 10:00", "today 09:00", "today 08:00", "imported 2016");
        EventPage first = history.search(EventQuery.all().page(0, 2));
        assertThat(messages(EventQuery.all().page(0, 2).before(first.events().get(1).id())))
                .as("keyset paging continues in the same order").containsExactly("today 08:00", "imported 2016");
    }

    @Test
    void offsetPagingSkipsAndTotalIgnoresPaging() throws InterruptedException {
        recordNumbered(25);

        EventPage third = history.search(EventQuery.all().page(20, 10));
        assertThat(third.total()).isEqualTo(25);
        assertThat(third.events()).extracting(Event::message).containsExactly("m4", "m3", "m2", "m1", "m0");
        EventPage filtered = history.search(EventQuery.all().withText("m1").page(0, 3));
        assertThat(filtered.events()).hasSize(3);
        assertThat(filtered.total()).isEqualTo(11);
    }

    @Test
    void countByGroupsLargestFirst() throws InterruptedException {
        history.record(event(EventLevel.ERROR, "a", T0));
        history.record(event(EventLevel.ERROR, "b", T0));
        history.record(event(EventLevel.ERROR, "c", T0));
        history.record(event(EventLevel.INFO, "d", T0));
        history.record(event(EventLevel.WARNING, "e", T0));
        history.record(event(EventLevel.WARNING, "f", T0));
        history.record(Event.builder(EventLevel.ERROR, "check", "svn").check("xm_ipc").message("g").createdTime(T0).build());
        history.flush(WAIT);

        Map<String, Long> byLevel = history.countBy(EventQuery.all(), EventField.LEVEL);
        assertThat(new ArrayList<>(byLevel.entrySet())).containsExactly(Map.entry("error", 4L), Map.entry("warning", 2L),
                Map.entry("info", 1L));
        Map<String, Long> byCheck = history.countBy(EventQuery.all().withLevels(Set.of(EventLevel.ERROR)), EventField.CHECK);
        assertThat(new ArrayList<>(byCheck.entrySet())).containsExactly(Map.entry("xm_dvr", 3L), Map.entry("xm_ipc", 1L));
        assertThat(history.countBy(EventQuery.all(), EventField.COMPONENT)).containsExactly(Map.entry("rsync", 6L), Map.entry("svn", 1L));
        assertThat(history.countBy(EventQuery.all(), EventField.NAME)).containsExactly(Map.entry("upload", 6L), Map.entry("check", 1L));
        assertThat(history.countBy(EventQuery.all(), EventField.FILE_TYPE)).containsExactly(Map.entry("", 7L));
    }

    @Test
    void trendCountsPerBucketOldestFirst() throws InterruptedException {
        Instant day = Instant.parse("2024-05-01T00:00:00Z");
        history.record(event(EventLevel.ERROR, "a", day.plusSeconds(5)));
        history.record(event(EventLevel.ERROR, "b", day.plusSeconds(3600)));
        history.record(event(EventLevel.ERROR, "c", day.plus(Duration.ofDays(2))));
        history.record(event(EventLevel.INFO, "d", day.plus(Duration.ofDays(2))));
        history.flush(WAIT);

        List<Map.Entry<Instant, Long>> trend = history.trend(EventQuery.all(), Duration.ofDays(1));
        assertThat(trend).containsExactly(Map.entry(day, 2L), Map.entry(day.plus(Duration.ofDays(2)), 2L));
        assertThat(history.trend(EventQuery.all().withLevels(Set.of(EventLevel.INFO)), Duration.ofHours(1)))
                .containsExactly(Map.entry(day.plus(Duration.ofDays(2)), 1L));
        assertThat(history.trend(EventQuery.all().between(day, day.plus(Duration.ofDays(1))), Duration.ofMinutes(1)))
                .containsExactly(Map.entry(day, 1L), Map.entry(day.plusSeconds(3600), 1L));
        assertThatThrownBy(() -> history.trend(EventQuery.all(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flushWaitsForEverythingRecordedBefore() throws InterruptedException {
        recordNumbered(5_000);
        assertThat(history.search(EventQuery.all()).total()).isEqualTo(5_000);
        assertThat(history.written()).isEqualTo(5_000);
    }

    @Test
    void closingWritesWhatIsQueued() throws InterruptedException, SQLException {
        for (int i = 0; i < 2_000; i++) {
            history.record(event(EventLevel.INFO, "m" + i, T0));
        }
        assertThat(history.close(WAIT)).isTrue();
        assertThat(DatabaseTest.count(database, "SELECT count(*) FROM upgradeclient")).isEqualTo(2_000);
    }

    private void recordNumbered(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            history.record(event(EventLevel.INFO, "m" + i, T0.plusMillis(i)));
        }
        assertThat(history.flush(WAIT)).isTrue();
    }

    @Test
    void everyEventRecordsTheNodeThatStoredItAndTheSameEventFromTwoNodesIsTwoRows() throws Exception {
        try (Database onB = store.open("node-b"); SqlHistory historyOfB = new SqlHistory(onB, SHANGHAI, SqlHistory.Tuning.DEFAULTS)) {
            Event sameOnBoth = event(EventLevel.INFO, "checked, no change", T0);
            history.record(sameOnBoth);
            historyOfB.record(sameOnBoth);
            Event claimingANode = new Event(0, EventLevel.ERROR, "download", "http", "xm_dvr", "", "", "", "", null, "",
                    "", "refused", T0, 0, null, "forged", -1);
            historyOfB.record(claimingANode);
            assertThat(history.flush(WAIT)).isTrue();
            assertThat(historyOfB.flush(WAIT)).isTrue();

            List<Event> events = history.search(EventQuery.all()).events();
            assertThat(events).extracting(Event::message, Event::node).containsExactlyInAnyOrder(
                    tuple("checked, no change", database.lease().node()),
                    tuple("checked, no change", "node-b"),
                    tuple("refused", "node-b"));
            long refused = events.stream().filter(e -> e.message().equals("refused")).findFirst().orElseThrow().id();
            assertThat(history.find(refused).orElseThrow().node()).as("the store names the node, not the caller").isEqualTo("node-b");
        }
    }

    @Test
    void totalsCountEveryRecordedEventPerNodeEqualTheHistoryAndSurviveARestartAndDeletion() throws Exception {
        try (Database onB = store.open("node-b"); SqlHistory historyOfB = new SqlHistory(onB, SHANGHAI, SqlHistory.Tuning.DEFAULTS)) {
            for (int i = 0; i < 30; i++) {
                SqlHistory by = i % 3 == 0 ? historyOfB : history;
                by.record(Event.builder(EventLevel.INFO, "download", "downloader:http").check(i % 2 == 0 ? "xm_dvr" : "海思 ipc")
                        .message("downloaded " + i).duration(Duration.ofMillis(100 + i)).bytes(1_000L * i).createdTime(T0.plusSeconds(i)).build());
                by.record(Event.builder(EventLevel.INFO, "upload", "uploader:dir").check("xm_dvr").message("published " + i)
                        .duration(Duration.ofMillis(7)).bytes(3L * i).createdTime(T0.plusSeconds(i)).build());
                by.record(event(i % 5 == 0 ? EventLevel.ERROR : EventLevel.WARNING, "note " + i, T0.plusSeconds(i)));
            }
            assertThat(history.flush(WAIT)).isTrue();
            assertThat(historyOfB.flush(WAIT)).isTrue();
        }
        Set<EventTotal> fromHistory = totalsOfTheRows();
        assertThat(fromHistory).as("2 nodes × (2 checks downloading, uploads, warnings, errors)").hasSize(10);
        assertThat(fromHistory).contains(new EventTotal("node-b", "xm_dvr", "download", EventLevel.INFO, 5,
                5, Duration.ofMillis(5 * 100 + 0 + 6 + 12 + 18 + 24), 1_000L * (0 + 6 + 12 + 18 + 24)));
        assertThat(Set.copyOf(history.totals())).isEqualTo(fromHistory);

        history.close();
        database.close();
        database = store.open();
        history = new SqlHistory(database, SHANGHAI, SqlHistory.Tuning.DEFAULTS);
        assertThat(Set.copyOf(history.totals())).as("after a restart").isEqualTo(fromHistory);

        database.write(connection -> connection.createStatement().executeUpdate("DELETE FROM upgradeclient"));
        assertThat(Set.copyOf(history.totals())).as("old history deleted: the totals are all-time").isEqualTo(fromHistory);
    }

    @Test
    void anEventTheDailyUpsertMergesStillCountsInTheTotals() throws InterruptedException {
        Event event = Event.builder(EventLevel.INFO, "download", "downloader:http").check("xm_dvr").message("downloaded 10 bytes")
                .bytes(10).duration(Duration.ofMillis(5)).createdTime(T0).build();
        history.record(event);
        history.record(Event.builder(EventLevel.INFO, "download", "downloader:http").check("xm_dvr").message("downloaded 10 bytes")
                .bytes(10).duration(Duration.ofMillis(9)).createdTime(T0.plusSeconds(60)).build());
        assertThat(history.flush(WAIT)).isTrue();

        assertThat(history.search(EventQuery.all()).total()).isEqualTo(1);
        assertThat(history.totals()).containsExactly(new EventTotal(database.lease().node(), "xm_dvr", "download",
                EventLevel.INFO, 2, 2, Duration.ofMillis(14), 20));
    }

    /** The totals as the history's rows give them, when no row was merged and none deleted. */
    private Set<EventTotal> totalsOfTheRows() throws SQLException {
        return database.read(connection -> {
            Set<EventTotal> totals = new HashSet<>();
            try (var rows = connection.createStatement().executeQuery("SELECT node, dao_name, log_name, log_level, count(*), "
                    + "count(duration_ms), coalesce(sum(duration_ms), 0), sum(CASE WHEN bytes > 0 THEN bytes ELSE 0 END) "
                    + "FROM upgradeclient GROUP BY node, dao_name, log_name, log_level")) {
                while (rows.next()) {
                    totals.add(new EventTotal(rows.getString(1), rows.getString(2), rows.getString(3),
                            EventLevel.ofColumn(rows.getString(4)), rows.getLong(5), rows.getLong(6),
                            Duration.ofMillis(rows.getLong(7)), rows.getLong(8)));
                }
            }
            return totals;
        });
    }

    private List<String> messages(EventQuery query) {
        List<String> messages = new ArrayList<>();
        for (Event event : history.search(query).events()) {
            messages.add(event.message());
        }
        return messages;
    }
}
