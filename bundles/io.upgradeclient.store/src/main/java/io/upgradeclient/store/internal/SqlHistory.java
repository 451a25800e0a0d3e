package io.upgradeclient.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventPage;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.EventTotal;
import io.upgradeclient.api.History;

/**
 * The history in the seed's {@code upgradeclient} table, on SQLite or PostgreSQL. Events are queued and written by
 * one writer thread in batches, one transaction each; readers use their own connections.
 *
 * <p>Daily upsert: an event with the same level, name, component, check, file URL, message and job as one stored
 * the same local day only moves that row's {@code created_time} forward. The row is found through
 * {@code upsert_key}, a SHA-256 of those fields, the day and the node: a unique index over the message text itself
 * would store every message twice.
 *
 * <p>Each event is stored with the name of the node that recorded it, and counted in {@code event_counters}
 * ({@link #totals()}) in the same transaction.
 */
@Component(name = "io.upgradeclient.store.history", service = History.class)
public final class SqlHistory implements History, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlHistory.class);

    /** The roll-up's unit, {@code event_hours.hour}. */
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private static final String COLUMNS = "id, log_level, log_name, log_class, dao_name, file_type, file_name, file_url, "
            + "last_author, last_date, last_revision, last_action, log_message, created_time, job_id, duration_ms, node, bytes";

    private static final String UPSERT = "INSERT INTO upgradeclient (log_level, log_name, log_class, dao_name, file_type, "
            + "file_name, file_url, last_author, last_date, last_revision, last_action, log_message, created_time, job_id, "
            + "duration_ms, day, upsert_key, node, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (upsert_key) DO UPDATE SET "
            + "duration_ms = CASE WHEN excluded.created_time >= upgradeclient.created_time THEN excluded.duration_ms "
            + "ELSE upgradeclient.duration_ms END, "
            + "bytes = CASE WHEN excluded.created_time >= upgradeclient.created_time THEN excluded.bytes "
            + "ELSE upgradeclient.bytes END, "
            + "created_time = CASE WHEN excluded.created_time > upgradeclient.created_time THEN excluded.created_time "
            + "ELSE upgradeclient.created_time END";

    /**
     * How the writer queues, batches and retries.
     *
     * @param queueCapacity events that may wait for the writer
     * @param batchSize the most events written in one transaction
     * @param offerTimeout how long {@link #record(Event)} waits for room in a full queue before dropping the event
     * @param attempts how often a batch is tried before it is dropped
     * @param retryDelay the pause after the first failed attempt; it grows by this much with each further one
     */
    public record Tuning(int queueCapacity, int batchSize, Duration offerTimeout, int attempts, Duration retryDelay) {
        /** The production values. */
        public static final Tuning DEFAULTS = new Tuning(10_000, 1_000, Duration.ofSeconds(1), 4, Duration.ofMillis(500));

        /**
         * @throws IllegalArgumentException if a count is below 1
         */
        public Tuning {
            if (queueCapacity < 1 || batchSize < 1 || attempts < 1) {
                throw new IllegalArgumentException("queue capacity, batch size and attempts must be at least 1");
            }
        }
    }

    private sealed interface Item permits Write, Barrier, Stop {
    }

    private record Write(Event event) implements Item {
    }

    private record Barrier(CountDownLatch written) implements Item {
    }

    private enum Stop implements Item {
        INSTANCE
    }

    private final Database database;
    private final ZoneId zone;
    private final Tuning tuning;
    private final BlockingQueue<Item> queue;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private volatile boolean closing;

    /**
     * Starts the writer thread with the production settings and the machine's time zone.
     *
     * @param database the store's database
     */
    @Activate
    public SqlHistory(@Reference Database database) {
        this(database, ZoneId.systemDefault(), Tuning.DEFAULTS);
    }

    /**
     * Starts the writer thread.
     *
     * @param database the open database
     * @param zone the time zone whose days the daily upsert counts
     * @param tuning queue and retry settings
     */
    public SqlHistory(Database database, ZoneId zone, Tuning tuning) {
        this.database = database;
        this.zone = zone;
        this.tuning = tuning;
        this.queue = new ArrayBlockingQueue<>(tuning.queueCapacity());
        this.writer = new Thread(this::drain, "upgradeclient-history-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void record(Event event) {
        if (closing) {
            drop(event, "the history is closing");
            return;
        }
        Write write = new Write(event);
        // First without waiting: a caller that is being interrupted (a check run stopped at shutdown) still gets its
        // event in whenever there is room; a timed offer would give up at once on its interrupt flag.
        if (queue.offer(write)) {
            return;
        }
        try {
            if (!queue.offer(write, tuning.offerTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                drop(event, "the write queue stayed full for " + tuning.offerTimeout().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop(event, "the write queue was full and the recording thread was interrupted (stopping)");
        }
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Barrier barrier = new Barrier(new CountDownLatch(1));
        // The queue is FIFO: once the writer reaches the barrier, everything queued before it is done.
        if (!queue.offer(barrier, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        return barrier.written().await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Optional<Event> find(long id) {
        try {
            return database.read(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM upgradeclient WHERE id = ?")) {
                    select.setLong(1, id);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? Optional.of(toEvent(row)) : Optional.<Event>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw new StoreException("reading history event " + id, e);
        }
    }

    @Override
    public EventPage search(EventQuery query) {
        EventFilter filter = EventFilter.of(query, database.dialect());
        // Newest event first by its time, not by id: imported rows (old times, new ids) must not sit among today's.
        // The keyset continues after the given event in that order.
        String where = query.beforeId() > 0
                ? filter.where("(created_time, id) < (SELECT created_time, id FROM upgradeclient WHERE id = ?)") : filter.where();
        // Ids first: with an index on the filtered column, SQLite sorts only ids, not whole rows, before the limit.
        String page = "SELECT " + COLUMNS + " FROM upgradeclient WHERE id IN (SELECT id FROM upgradeclient" + where
                + " ORDER BY created_time DESC, id DESC LIMIT ? OFFSET ?) ORDER BY created_time DESC, id DESC";
        try {
            return database.read(connection -> {
                List<Event> events = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(page)) {
                    int index = filter.bind(select, 1);
                    if (query.beforeId() > 0) {
                        select.setLong(index++, query.beforeId());
                    }
                    select.setInt(index++, query.limit());
                    select.setInt(index, query.offset());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            events.add(toEvent(rows));
                        }
                    }
                }
                return new EventPage(events, count(connection, filter));
            });
        } catch (SQLException e) {
            throw new StoreException("searching the history", e);
        }
    }

    @Override
    public Map<String, Long> countBy(EventQuery query, EventField field) {
        EventFilter filter = EventFilter.of(query, database.dialect());
        // The column name comes from the enum, never from the caller.
        String sql = "SELECT " + field.column() + ", count(*) FROM upgradeclient" + filter.where()
                + " GROUP BY 1 ORDER BY 2 DESC, " + database.dialect().binarySorted(field.column());
        try {
            return database.read(connection -> {
                Map<String, Long> counts = new LinkedHashMap<>();
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    filter.bind(select, 1);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            counts.put(rows.getString(1), rows.getLong(2));
                        }
                    }
                }
                return counts;
            });
        } catch (SQLException e) {
            throw new StoreException("counting history events by " + field.column(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Buckets start at whole multiples of the width since the epoch (UTC): a day bucket starts at midnight UTC.
     * When only levels and times are filtered and the width is whole hours, the whole hours of the range are
     * counted from {@code event_hours} (one row per hour and level) and only the part hours at its ends from the
     * events themselves.
     *
     * @throws IllegalArgumentException if the bucket is shorter than a millisecond
     */
    @Override
    public List<Map.Entry<Instant, Long>> trend(EventQuery query, Duration bucket) {
        long width = bucket.toMillis();
        if (width < 1) {
            throw new IllegalArgumentException("bucket must be at least 1 ms, was " + bucket);
        }
        boolean rolledUp = database.dialect() == Dialect.SQLITE && width % HOUR == 0 && query.component().isEmpty() && query.check().isEmpty()
                && query.fileType().isEmpty() && query.text().isEmpty() && query.jobId() == 0 && query.beforeId() == 0;
        try {
            return database.read(connection -> {
                Map<Long, Long> counts = new TreeMap<>();
                if (!rolledUp) {
                    countEvents(connection, query, width, counts);
                } else {
                    // whole hours: [firstHour, endHour); before and after them, the events themselves
                    long firstHour = query.from() == null ? Long.MIN_VALUE : Math.floorDiv(query.from().toEpochMilli() + HOUR - 1, HOUR);
                    long endHour = query.until() == null ? Long.MAX_VALUE : Math.floorDiv(query.until().toEpochMilli(), HOUR);
                    if (firstHour >= endHour) {
                        countEvents(connection, query, width, counts);
                    } else {
                        countHours(connection, query, firstHour, endHour, width, counts);
                        if (query.from() != null) {
                            countEvents(connection, query.between(query.from(), Instant.ofEpochMilli(firstHour * HOUR)), width, counts);
                        }
                        if (query.until() != null) {
                            countEvents(connection, query.between(Instant.ofEpochMilli(endHour * HOUR), query.until()), width, counts);
                        }
                    }
                }
                List<Map.Entry<Instant, Long>> trend = new ArrayList<>();
                counts.forEach((start, events) -> {
                    if (events > 0) {
                        trend.add(Map.entry(Instant.ofEpochMilli(start * width), events));
                    }
                });
                return trend;
            });
        } catch (SQLException e) {
            throw new StoreException("counting history events per " + bucket, e);
        }
    }

    private void countEvents(Connection connection, EventQuery query, long width, Map<Long, Long> counts)
            throws SQLException {
        EventFilter filter = EventFilter.of(query, database.dialect());
        try (PreparedStatement select = connection.prepareStatement("SELECT created_time / ? AS bucket, count(*) FROM upgradeclient"
                + filter.where() + " GROUP BY bucket")) {
            select.setLong(1, width);
            filter.bind(select, 2);
            add(select, counts);
        }
    }

    private static void countHours(Connection connection, EventQuery query, long firstHour, long endHour, long width,
            Map<Long, Long> counts) throws SQLException {
        String levels = query.levels().isEmpty() ? ""
                : " AND log_level IN (" + String.join(", ", Collections.nCopies(query.levels().size(), "?")) + ")";
        try (PreparedStatement select = connection.prepareStatement("SELECT hour / ? AS bucket, sum(events) FROM event_hours"
                + " WHERE hour >= ? AND hour < ?" + levels + " GROUP BY bucket")) {
            select.setLong(1, width / HOUR);
            select.setLong(2, firstHour);
            select.setLong(3, endHour);
            int index = 4;
            for (EventLevel level : query.levels()) {
                select.setString(index++, level.column());
            }
            add(select, counts);
        }
    }

    private static void add(PreparedStatement select, Map<Long, Long> counts) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.merge(rows.getLong(1), rows.getLong(2), Long::sum);
            }
        }
    }

    @Override
    public List<EventTotal> totals() {
        try {
            return database.read(EventCounters::read);
        } catch (SQLException e) {
            throw new StoreException("reading the event counters", e);
        }
    }

    /** @return events stored (inserted or merged into a row of the same day) since start */
    public long written() {
        return written.get();
    }

    /** @return events dropped since start: queue full, closing, or a batch that kept failing */
    public long dropped() {
        return dropped.get();
    }

    /** @return failed batch writes since start, retried or not */
    public long failedWrites() {
        return failedWrites.get();
    }

    /**
     * Writes what is queued and stops the writer.
     *
     * @param timeout how long to wait for the writer
     * @return whether the writer finished in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean close(Duration timeout) throws InterruptedException {
        closing = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        if (queue.offer(Stop.INSTANCE, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            TimeUnit.NANOSECONDS.timedJoin(writer, Math.max(1, deadline - System.nanoTime()));
        }
        if (writer.isAlive()) {
            writer.interrupt();
            LOG.warn("The history writer did not finish within {} ms; {} queued events are not written",
                    timeout.toMillis(), queue.size());
            return false;
        }
        return true;
    }

    /** Closes with a ten-second wait for the writer. */
    @Override
    @Deactivate
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }

    private void drain() {
        List<Item> batch = new ArrayList<>(tuning.batchSize());
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, tuning.batchSize() - 1);
            stop = process(batch);
            batch.clear();
        }
        // Events that raced with close() still get written.
        queue.drainTo(batch);
        process(batch);
    }

    /** @return whether the batch held the stop request */
    private boolean process(List<Item> batch) {
        List<Event> events = new ArrayList<>(batch.size());
        boolean stop = false;
        for (Item item : batch) {
            if (item instanceof Write write) {
                events.add(write.event());
            } else if (item instanceof Barrier barrier) {
                store(events);
                events.clear();
                barrier.written().countDown();
            } else {
                stop = true;
            }
        }
        store(events);
        return stop;
    }

    private void store(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        for (int attempt = 1;; attempt++) {
            try {
                database.write(connection -> insert(connection, events));
                written.addAndGet(events.size());
                return;
            } catch (Exception e) {
                // Whatever went wrong, the writer goes on: one lost batch is better than a dead history.
                failedWrites.incrementAndGet();
                if (Unreachable.is(e) && !closing) {
                    // Not the batch's fault: it waits for the database (the queue behind it fills, then drops).
                    attempt = Math.min(attempt, tuning.attempts() - 1);
                }
                if (attempt >= tuning.attempts()) {
                    dropped.addAndGet(events.size());
                    LOG.error("Dropped {} history events after {} failed attempts to write them: {}", events.size(),
                            attempt, e.toString());
                    return;
                }
                Duration pause = tuning.retryDelay().multipliedBy(attempt);
                LOG.warn("Writing {} history events failed (attempt {} of {}), retrying in {} ms: {}", events.size(),
                        attempt, tuning.attempts(), pause.toMillis(), e.toString());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    dropped.addAndGet(events.size());
                    LOG.error("Dropped {} history events: interrupted while retrying", events.size());
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Void insert(Connection connection, List<Event> events) throws SQLException {
        RowKey rowKey = new RowKey();
        String node = database.lease().node();
        EventCounters counters = new EventCounters();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (Event event : events) {
                String day = LocalDate.ofInstant(event.createdTime(), zone).toString();
                upsert.setString(1, event.level().column());
                upsert.setString(2, event.name());
                upsert.setString(3, event.component());
                upsert.setString(4, event.check());
                upsert.setString(5, event.fileType());
                upsert.setString(6, event.fileName());
                upsert.setString(7, event.fileUrl());
                upsert.setString(8, event.lastAuthor());
                Columns.setMillis(upsert, 9, event.lastDate());
                upsert.setString(10, event.lastRevision());
                upsert.setString(11, event.lastAction());
                upsert.setString(12, event.message());
                upsert.setLong(13, event.createdTime().toEpochMilli());
                upsert.setLong(14, event.jobId());
                if (event.duration() == null) {
                    upsert.setNull(15, Types.INTEGER);
                } else {
                    upsert.setLong(15, event.duration().toMillis());
                }
                upsert.setString(16, day);
                upsert.setBytes(17, upsertKey(rowKey, event, day, node));
                upsert.setString(18, node);
                upsert.setLong(19, Math.max(-1, event.bytes()));
                upsert.addBatch();
                counters.count(node, event.check(), event.name(), event.level().column(), event.duration(), event.bytes());
            }
            upsert.executeBatch();
        }
        counters.addTo(connection);
        return null;
    }

    /**
     * Length-prefixed fields, so that ("ab", "c") and ("a", "bc") differ. The node is part of it: the same event
     * from two nodes is two rows, each naming its node.
     */
    private static byte[] upsertKey(RowKey key, Event event, String day, String node) {
        for (String field : new String[] {event.level().column(), event.name(), event.component(), event.check(),
                event.fileUrl(), event.message(), day, node}) {
            key.text(field);
        }
        return key.number(event.jobId()).digest();
    }

    private long count(Connection connection, EventFilter filter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM upgradeclient" + filter.where())) {
            filter.bind(select, 1);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Event toEvent(ResultSet row) throws SQLException {
        long durationMillis = row.getLong("duration_ms");
        Duration duration = row.wasNull() ? null : Duration.ofMillis(durationMillis);
        return new Event(row.getLong("id"), EventLevel.ofColumn(row.getString("log_level")), row.getString("log_name"),
                row.getString("log_class"), row.getString("dao_name"), row.getString("file_type"),
                row.getString("file_name"), row.getString("file_url"), row.getString("last_author"),
                Columns.getInstant(row, "last_date"), row.getString("last_revision"), row.getString("last_action"),
                row.getString("log_message"), Instant.ofEpochMilli(row.getLong("created_time")), row.getLong("job_id"),
                duration, row.getString("node"), row.getLong("bytes"));
    }

    private void drop(Event event, String why) {
        long total = dropped.incrementAndGet();
        // Never the message: it may be huge; name and component say enough to find the source.
        LOG.error("Dropped a history event ({} '{}' from {}): {}; {} events dropped since start", event.level().column(),
                event.name(), event.component(), why, total);
    }
}
