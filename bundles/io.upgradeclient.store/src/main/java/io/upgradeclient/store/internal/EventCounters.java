package io.upgradeclient.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventTotal;

/**
 * The events of one transaction summed per node, check, event type and level, then added to the all-time totals in
 * {@code event_counters} in that same transaction: the totals hold exactly what the history took. One upsert per
 * distinct key, not per event. Not thread-safe: one per transaction.
 */
final class EventCounters {
    private static final String ADD = "INSERT INTO event_counters (counter_key, node, dao_name, log_name, log_level, "
            + "events, timed, duration_ms, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (counter_key) DO UPDATE SET "
            + "events = event_counters.events + excluded.events, timed = event_counters.timed + excluded.timed, "
            + "duration_ms = event_counters.duration_ms + excluded.duration_ms, bytes = event_counters.bytes + excluded.bytes";

    private record Key(String node, String check, String name, String level) {
    }

    private static final class Sum {
        long events;
        long timed;
        long durationMillis;
        long bytes;
    }

    private final Map<Key, Sum> sums = new LinkedHashMap<>();

    /**
     * Counts one event.
     *
     * @param node the node that recorded it
     * @param check its check
     * @param name its type
     * @param level its level column
     * @param duration how long its step took, or {@code null}
     * @param bytes what it moved, negative for nothing
     */
    void count(String node, String check, String name, String level, Duration duration, long bytes) {
        Sum sum = sums.computeIfAbsent(new Key(node, check, name, level), key -> new Sum());
        sum.events++;
        if (duration != null) {
            sum.timed++;
            sum.durationMillis += duration.toMillis();
        }
        sum.bytes += Math.max(0, bytes);
    }

    /**
     * Adds what was counted to the totals.
     *
     * @param connection the connection of the transaction that stores the events
     */
    void addTo(Connection connection) throws SQLException {
        if (sums.isEmpty()) {
            return;
        }
        RowKey rowKey = new RowKey();
        try (PreparedStatement add = connection.prepareStatement(ADD)) {
            for (Map.Entry<Key, Sum> entry : sums.entrySet()) {
                Key key = entry.getKey();
                Sum sum = entry.getValue();
                add.setBytes(1, rowKey.text(key.node()).text(key.check()).text(key.name()).text(key.level()).digest());
                add.setString(2, key.node());
                add.setString(3, key.check());
                add.setString(4, key.name());
                add.setString(5, key.level());
                add.setLong(6, sum.events);
                add.setLong(7, sum.timed);
                add.setLong(8, sum.durationMillis);
                add.setLong(9, sum.bytes);
                add.addBatch();
            }
            add.executeBatch();
        }
    }

    /**
     * @param connection a connection to the store
     * @return every total
     */
    static List<EventTotal> read(Connection connection) throws SQLException {
        List<EventTotal> totals = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT node, dao_name, log_name, log_level, events, timed, duration_ms, bytes FROM event_counters");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                totals.add(new EventTotal(rows.getString(1), rows.getString(2), rows.getString(3),
                        EventLevel.ofColumn(rows.getString(4)), rows.getLong(5), rows.getLong(6),
                        Duration.ofMillis(rows.getLong(7)), rows.getLong(8)));
            }
        }
        return totals;
    }
}
