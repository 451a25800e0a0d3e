package io.upgradeclient.store.internal;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;

/**
 * Copies the history of the original service — its SQLite table {@code upgradeclient}, every column text, times
 * as local time text — into ours, once: rows are inserted in the original's id order (so they keep their order in
 * our newest-first lists), and each is recorded in {@code imported_rows} under the original database's absolute
 * path and its id, in the same transaction as the row itself, so that a second run (or a run after a crash)
 * imports nothing twice.
 *
 * <p>Each original row becomes one row of ours, never merged by the daily upsert: its {@code upsert_key} is made
 * from the source and the original id, a digest no live event can have. Its node is {@code imported}, and it is
 * counted in the event totals under that node in the same transaction.
 *
 * <p>Conversions, for the original's quirks: {@code log_level} is trimmed and lower-cased ({@code "error  "} →
 * {@code error}, {@code warn} → {@code warning}; anything else becomes {@code info} and is counted); the names
 * ({@code log_name}, {@code log_class}, {@code dao_name}, {@code file_type}, {@code last_action}) are trimmed, the
 * other text is kept exactly (Chinese included); {@code NULL} becomes empty text; {@code created_time}
 * ({@code YYYY-MM-DD HH:MM:SS[.ffffff]}, local time) becomes epoch milliseconds in the given zone (a row without a
 * readable time is skipped and reported, and imported by a later run once fixed); {@code last_date} may be epoch
 * seconds as text, a local time, or Subversion's {@code 2016-10-25 12:00:00 +0800 (Tue, 25 Oct 2016)} (unreadable:
 * left empty and counted).
 */
final class OriginalHistory {
    /** The original's table. */
    static final String TABLE = "upgradeclient";

    private static final int BATCH = 1000;
    private static final List<String> COLUMNS = List.of("id", "log_level", "log_name", "log_class", "dao_name",
            "file_type", "file_name", "file_url", "last_author", "last_date", "last_revision", "last_action",
            "log_message", "created_time");
    private static final String INSERT = "INSERT INTO upgradeclient (log_level, log_name, log_class, dao_name, file_type, "
            + "file_name, file_url, last_author, last_date, last_revision, last_action, log_message, created_time, job_id, "
            + "duration_ms, day, upsert_key, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?) RETURNING id";
    private static final DateTimeFormatter LOCAL_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-M-d")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("H:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d+)?");
    /** Subversion's "Last Changed Date": {@code 2016-10-25 12:00:00 +0800 (Tue, 25 Oct 2016)}. */
    private static final Pattern SVN_DATE = Pattern.compile("(\\d{4}-\\d{1,2}-\\d{1,2} \\d{1,2}:\\d{2}:\\d{2}) ([+-]\\d{4}).*");

    /**
     * What one import did.
     *
     * @param imported rows added to our history
     * @param alreadyImported rows skipped because an earlier run imported them
     * @param skipped one line per row that could not be imported, naming its id and why
     * @param unknownLevels rows whose level was not info, warning or error (imported as info)
     * @param unreadableDates rows whose last_date could not be read (imported without it)
     * @param oldest the oldest created_time imported, or {@code null} when none was
     */
    record Result(int imported, int alreadyImported, List<String> skipped, int unknownLevels, int unreadableDates,
            Instant oldest) {
    }

    private final Path source;
    private final String sourceKey;
    private final ZoneId zone;
    private final MessageDigest sha256;
    private int imported;
    private int alreadyImported;
    private final List<String> skipped = new ArrayList<>();
    private int unknownLevels;
    private int unreadableDates;
    private Instant oldest;

    private OriginalHistory(Path source, ZoneId zone) {
        this.source = source.toAbsolutePath().normalize();
        this.sourceKey = this.source.toString();
        this.zone = zone;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * @param source the original database file; opened read-only, never changed
     * @param target our database
     * @param zone the zone the original's local times were written in
     * @return what was imported
     * @throws SQLException if the original cannot be read (no table {@value #TABLE}) or ours cannot be written;
     *         the batches written before stay (and are not imported again)
     */
    static Result importRows(Path source, Database target, ZoneId zone) throws SQLException {
        return new OriginalHistory(source, zone).run(target);
    }

    /**
     * @param file any file
     * @return whether it is an SQLite database with the original's table
     */
    static boolean isOriginalDatabase(Path file) {
        try (Connection connection = readOnly(file).getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            query.setString(1, TABLE);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getInt(1) == 1;
            }
        } catch (SQLException e) {
            // not an SQLite file, or not readable: not one to import
            return false;
        }
    }

    private static SQLiteDataSource readOnly(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        SQLiteDataSource data = new SQLiteDataSource(config);
        // mode=ro: a missing file is an error instead of a new empty database
        data.setUrl("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
        return data;
    }

    private Result run(Database target) throws SQLException {
        Set<Long> done = target.read(this::importedIds);
        try (Connection connection = readOnly(source).getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM " + TABLE + " ORDER BY id")) {
            Set<String> present = columns(rows.getMetaData());
            if (!present.contains("id")) {
                throw new SQLException(source + ": table " + TABLE + " has no id column");
            }
            List<String[]> batch = new ArrayList<>();
            while (rows.next()) {
                if (done.contains(rows.getLong("id"))) {
                    alreadyImported++;
                    continue;
                }
                String[] row = new String[COLUMNS.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = present.contains(COLUMNS.get(i)) ? rows.getString(COLUMNS.get(i)) : null;
                }
                batch.add(row);
                if (batch.size() == BATCH) {
                    write(target, batch);
                    batch.clear();
                }
            }
            write(target, batch);
        }
        return new Result(imported, alreadyImported, List.copyOf(skipped), unknownLevels, unreadableDates, oldest);
    }

    private static Set<String> columns(ResultSetMetaData meta) throws SQLException {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private Set<Long> importedIds(Connection connection) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT original_id FROM imported_rows WHERE source = ?")) {
            query.setString(1, sourceKey);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    private void write(Database target, List<String[]> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        int[] counts = target.write(connection -> insert(connection, batch));
        imported += counts[0];
        unknownLevels += counts[1];
        unreadableDates += counts[2];
    }

    /** @return rows imported, unknown levels and unreadable dates of this batch: counted only once it commits */
    private int[] insert(Connection connection, List<String[]> batch) throws SQLException {
        int[] counts = new int[3];
        Instant batchOldest = oldest;
        List<String> batchSkipped = new ArrayList<>();
        EventCounters counters = new EventCounters();
        try (PreparedStatement insert = connection.prepareStatement(INSERT);
                PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO imported_rows (source, original_id, event_id, imported_time) VALUES (?, ?, ?, ?)")) {
            for (String[] row : batch) {
                long id = Long.parseLong(row[0].strip());
                Instant created = localTime(row[13]);
                if (created == null) {
                    batchSkipped.add("row " + id + ": created_time '" + text(row[13]) + "' is not a time YYYY-MM-DD HH:MM:SS");
                    continue;
                }
                String level = level(row[1]);
                if (level == null) {
                    counts[1]++;
                    level = EventLevel.INFO.column();
                }
                Instant lastDate = lastDate(row[9]);
                if (lastDate == null && !text(row[9]).isBlank()) {
                    counts[2]++;
                }
                insert.setString(1, level);
                insert.setString(2, text(row[2]).strip());
                insert.setString(3, text(row[3]).strip());
                insert.setString(4, text(row[4]).strip());
                insert.setString(5, text(row[5]).strip());
                insert.setString(6, text(row[6]));
                insert.setString(7, text(row[7]));
                insert.setString(8, text(row[8]));
                if (lastDate == null) {
                    insert.setNull(9, Types.BIGINT);
                } else {
                    insert.setLong(9, lastDate.toEpochMilli());
                }
                insert.setString(10, text(row[10]));
                insert.setString(11, text(row[11]).strip());
                insert.setString(12, text(row[12]));
                insert.setLong(13, created.toEpochMilli());
                insert.setString(14, LocalDate.ofInstant(created, zone).toString());
                insert.setBytes(15, upsertKey(id));
                insert.setString(16, Event.IMPORTED);
                long eventId;
                try (ResultSet keys = insert.executeQuery()) {
                    keys.next();
                    eventId = keys.getLong(1);
                }
                record.setString(1, sourceKey);
                record.setLong(2, id);
                record.setLong(3, eventId);
                record.setLong(4, System.currentTimeMillis());
                record.executeUpdate();
                counters.count(Event.IMPORTED, text(row[4]).strip(), text(row[2]).strip(), level, null, -1);
                counts[0]++;
                if (batchOldest == null || created.isBefore(batchOldest)) {
                    batchOldest = created;
                }
            }
        }
        counters.addTo(connection);
        oldest = batchOldest;
        skipped.addAll(batchSkipped);
        return counts;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** @return the level's column value, or {@code null} when it is none of ours */
    static String level(String value) {
        try {
            return EventLevel.ofColumn(text(value)).column();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return the instant of a local time text in the import's zone, or {@code null} */
    private Instant localTime(String value) {
        String text = text(value).strip();
        if (EPOCH_SECONDS.matcher(text).matches()) {
            return epochSeconds(text);
        }
        try {
            return LocalDateTime.parse(text, LOCAL_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Instant lastDate(String value) {
        String text = text(value).strip();
        Matcher svn = SVN_DATE.matcher(text);
        if (svn.matches()) {
            try {
                LocalDateTime local = LocalDateTime.parse(svn.group(1), LOCAL_TIME);
                return OffsetDateTime.of(local, ZoneOffset.of(svn.group(2))).toInstant();
            } catch (DateTimeException e) {
                return null;
            }
        }
        return localTime(text);
    }

    private static Instant epochSeconds(String text) {
        return Instant.ofEpochMilli(new BigDecimal(text).movePointRight(3).longValue());
    }

    /** Length-prefixed, so that no two (source, id) pairs and no live event key collide. */
    private byte[] upsertKey(long id) {
        for (String field : new String[] {"imported", sourceKey}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
        return sha256.digest();
    }
}
