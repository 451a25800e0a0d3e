package io.upgradeclient.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the history bounded: deletes events older than {@code history.retention_days}, then the oldest events
 * beyond {@code history.max_rows}. As a component it runs a minute after start, every hour, and when either setting changes.
 */
@Component(name = "io.upgradeclient.store.retention", service = {}, immediate = true,
        configurationPid = Database.SETTINGS_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HistoryRetention {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);

    /** Rows deleted per transaction, so that the history writer and the job queue are not held up for long. */
    private static final int CHUNK = 10_000;
    /** How long after activation the first pass waits for the settings file to be applied. */
    static final Duration FIRST_PASS_DELAY = Duration.ofMinutes(1);

    private final Database database;
    private final ScheduledExecutorService scheduler;
    private volatile StoreSettings settings;

    /**
     * Starts the hourly run, the first one {@link #FIRST_PASS_DELAY} after activation.
     *
     * @param database the store's database
     * @param settings the retention settings
     */
    @Activate
    public HistoryRetention(@Reference Database database, StoreSettings settings) {
        this.database = database;
        this.settings = settings;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "upgradeclient-history-retention");
            thread.setDaemon(true);
            return thread;
        });
        /*
         * Not at once: on a first start (no configuration kept by Config Admin yet) upgradeclient.yaml reaches this
         * component a second or two after it was activated with the defaults, and a pass with the default 180 days
         * would delete history the operator keeps longer (e.g. rows just imported from the original service).
         * A settings change runs a pass of its own (modified()).
         */
        scheduler.scheduleWithFixedDelay(this::run, FIRST_PASS_DELAY.toSeconds(), Duration.ofHours(1).toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Without a schedule, for running {@link #prune(Instant, int, long)} directly.
     *
     * @param database the database
     */
    HistoryRetention(Database database) {
        this.database = database;
        this.settings = null;
        this.scheduler = null;
    }

    @Modified
    void modified(StoreSettings changed) {
        StoreSettings previous = settings;
        settings = changed;
        if (previous.history_retention__days() != changed.history_retention__days()
                || previous.history_max__rows() != changed.history_max__rows()) {
            scheduler.execute(this::run);
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("History retention did not stop within 10 s");
        }
    }

    /**
     * Deletes events created before {@code now} minus the retention period, then the oldest events beyond the row
     * limit, in chunks of one transaction each.
     *
     * @param now the current time
     * @param retentionDays how many days events are kept; 0 or less keeps them forever
     * @param maxRows the most events kept; 0 or less for no limit
     * @return how many events were deleted
     * @throws SQLException if a delete fails
     */
    long prune(Instant now, int retentionDays, long maxRows) throws SQLException {
        long deleted = 0;
        if (retentionDays > 0) {
            long cutoff = now.minus(Duration.ofDays(retentionDays)).toEpochMilli();
            deleted += deleteChunks("DELETE FROM upgradeclient WHERE id IN "
                    + "(SELECT id FROM upgradeclient WHERE created_time < ? LIMIT " + CHUNK + ")", cutoff);
        }
        if (maxRows > 0) {
            Long newestToDelete = database.read(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id FROM upgradeclient ORDER BY id DESC LIMIT 1 OFFSET ?")) {
                    select.setLong(1, maxRows);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? row.getLong(1) : null;
                    }
                }
            });
            if (newestToDelete != null) {
                deleted += deleteChunks("DELETE FROM upgradeclient WHERE id IN "
                        + "(SELECT id FROM upgradeclient WHERE id <= ? ORDER BY id LIMIT " + CHUNK + ")", newestToDelete);
            }
        }
        return deleted;
    }

    private void run() {
        StoreSettings current = settings;
        try {
            long deleted = prune(Instant.now(), current.history_retention__days(), current.history_max__rows());
            if (deleted > 0) {
                LOG.info("History retention deleted {} events (keeping {} days, at most {} events)", deleted,
                        current.history_retention__days(), current.history_max__rows());
            }
        } catch (SQLException | RuntimeException e) {
            // Logged, not thrown: a thrown exception would cancel every later run.
            LOG.warn("History retention failed; it runs again within an hour: {}", e.toString());
        }
    }

    private long deleteChunks(String sql, long bound) throws SQLException {
        long total = 0;
        int deleted;
        do {
            deleted = database.write(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setLong(1, bound);
                    return delete.executeUpdate();
                }
            });
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }
}
