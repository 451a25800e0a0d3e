package io.upgradeclient.store.internal;

import java.util.List;

/**
 * The database schema as a list of migrations. Times are epoch milliseconds (UTC) in {@code INTEGER} columns, so
 * that they sort and compare as numbers and do not depend on the machine's time zone; only {@code day} is a local
 * date, because the daily upsert is about the operator's day.
 */
final class Schema {
    /** Every migration, in version order. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "history, jobs, job targets and checkpoints", List.of(
                    // The seed's table and columns, plus job_id, duration_ms, day and the upsert key.
                    """
                    CREATE TABLE upgradeclient (
                        id            INTEGER PRIMARY KEY AUTOINCREMENT,
                        log_level     TEXT    NOT NULL,
                        log_name      TEXT    NOT NULL,
                        log_class     TEXT    NOT NULL,
                        dao_name      TEXT    NOT NULL,
                        file_type     TEXT    NOT NULL,
                        file_name     TEXT    NOT NULL,
                        file_url      TEXT    NOT NULL,
                        last_author   TEXT    NOT NULL,
                        last_date     INTEGER,
                        last_revision TEXT    NOT NULL,
                        last_action   TEXT    NOT NULL,
                        log_message   TEXT    NOT NULL,
                        created_time  INTEGER NOT NULL,
                        job_id        INTEGER NOT NULL DEFAULT 0,
                        duration_ms   INTEGER,
                        day           TEXT    NOT NULL,
                        upsert_key    BLOB    NOT NULL
                    )""",
                    "CREATE UNIQUE INDEX upgradeclient_upsert ON upgradeclient (upsert_key)",
                    "CREATE INDEX upgradeclient_created ON upgradeclient (created_time)",
                    /*
                     * One column each: SQLite appends the row id to every index entry, so an index on (log_level) is
                     * ordered by (log_level, id) and serves "this level, newest first" pages without sorting.
                     */
                    "CREATE INDEX upgradeclient_level ON upgradeclient (log_level)",
                    // the dashboard's error trend: one level over a time range
                    "CREATE INDEX upgradeclient_level_time ON upgradeclient (log_level, created_time)",
                    "CREATE INDEX upgradeclient_check ON upgradeclient (dao_name)",
                    "CREATE INDEX upgradeclient_component ON upgradeclient (log_class)",
                    "CREATE INDEX upgradeclient_file_type ON upgradeclient (file_type)",
                    "CREATE INDEX upgradeclient_job ON upgradeclient (job_id)",
                    """
                    CREATE TABLE jobs (
                        id           INTEGER PRIMARY KEY AUTOINCREMENT,
                        check_name   TEXT    NOT NULL,
                        job_key      TEXT    NOT NULL,
                        action       TEXT    NOT NULL,
                        url          TEXT    NOT NULL,
                        file_name    TEXT    NOT NULL,
                        file_type    TEXT    NOT NULL,
                        author       TEXT    NOT NULL,
                        changed_at   INTEGER NOT NULL,
                        revision     TEXT    NOT NULL,
                        size         INTEGER NOT NULL,
                        state        TEXT    NOT NULL,
                        attempts     INTEGER NOT NULL,
                        next_attempt INTEGER,
                        last_error   TEXT    NOT NULL,
                        waiting_for  TEXT    NOT NULL,
                        sha256       TEXT    NOT NULL,
                        created      INTEGER NOT NULL,
                        updated      INTEGER NOT NULL,
                        UNIQUE (check_name, job_key)
                    )""",
                    "CREATE INDEX jobs_state ON jobs (state, next_attempt)",
                    "CREATE INDEX jobs_check ON jobs (check_name, state)",
                    """
                    CREATE TABLE job_targets (
                        job_id       INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
                        position     INTEGER NOT NULL,
                        target       TEXT    NOT NULL,
                        state        TEXT    NOT NULL,
                        attempts     INTEGER NOT NULL,
                        next_attempt INTEGER,
                        last_error   TEXT    NOT NULL,
                        bytes        INTEGER NOT NULL,
                        PRIMARY KEY (job_id, target)
                    )""",
                    """
                    CREATE TABLE checkpoints (
                        check_name TEXT    PRIMARY KEY,
                        value      TEXT    NOT NULL,
                        taken_at   INTEGER NOT NULL
                    )""")),
            // bin/upgradeclient import: which rows of which original database are in the history already
            new Migration(2, "rows imported from the original service", List.of(
                    """
                    CREATE TABLE imported_rows (
                        source        TEXT    NOT NULL,
                        original_id   INTEGER NOT NULL,
                        event_id      INTEGER NOT NULL,
                        imported_time INTEGER NOT NULL,
                        PRIMARY KEY (source, original_id)
                    ) WITHOUT ROWID""")),
            /*
             * Several nodes on one database: a running job is leased by one node until lease_until, renewed by its
             * heartbeat; once the lease ran out another node may resume the job. Nodes say they are alive in nodes.
             */
            new Migration(3, "job leases and nodes", List.of(
                    "ALTER TABLE jobs ADD COLUMN lease_node TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE jobs ADD COLUMN lease_until INTEGER",
                    "CREATE INDEX jobs_lease ON jobs (lease_node, state)",
                    """
                    CREATE TABLE nodes (
                        name      TEXT    PRIMARY KEY,
                        version   TEXT    NOT NULL,
                        started   INTEGER NOT NULL,
                        heartbeat INTEGER NOT NULL
                    )""")),
            /*
             * Text search through an index, and the dashboard's trends from a roll-up, both kept in step with the
             * table by triggers. The trigram tokenizer indexes every three characters, so a phrase query finds any
             * substring of three or more characters, which is what the search box's LIKE '%text%' does; the LIKE
             * still runs on the rows found, so the results stay exactly the LIKE's.
             */
            new Migration(4, "full-text index of messages and file names; events per hour and level", Dialect.SQLITE, List.of(
                    """
                    CREATE VIRTUAL TABLE upgradeclient_text USING fts5 (
                        log_message, file_name, content = 'upgradeclient', content_rowid = 'id', tokenize = 'trigram'
                    )""",
                    "INSERT INTO upgradeclient_text (upgradeclient_text) VALUES ('rebuild')",
                    """
                    CREATE TRIGGER upgradeclient_text_insert AFTER INSERT ON upgradeclient BEGIN
                        INSERT INTO upgradeclient_text (rowid, log_message, file_name)
                            VALUES (new.id, new.log_message, new.file_name);
                    END""",
                    """
                    CREATE TRIGGER upgradeclient_text_delete AFTER DELETE ON upgradeclient BEGIN
                        INSERT INTO upgradeclient_text (upgradeclient_text, rowid, log_message, file_name)
                            VALUES ('delete', old.id, old.log_message, old.file_name);
                    END""",
                    """
                    CREATE TRIGGER upgradeclient_text_update AFTER UPDATE OF log_message, file_name ON upgradeclient BEGIN
                        INSERT INTO upgradeclient_text (upgradeclient_text, rowid, log_message, file_name)
                            VALUES ('delete', old.id, old.log_message, old.file_name);
                        INSERT INTO upgradeclient_text (rowid, log_message, file_name)
                            VALUES (new.id, new.log_message, new.file_name);
                    END""",
                    // hour = created_time / 3,600,000: whole UTC hours since the epoch
                    """
                    CREATE TABLE event_hours (
                        hour      INTEGER NOT NULL,
                        log_level TEXT    NOT NULL,
                        events    INTEGER NOT NULL,
                        PRIMARY KEY (hour, log_level)
                    ) WITHOUT ROWID""",
                    """
                    INSERT INTO event_hours (hour, log_level, events)
                        SELECT created_time / 3600000, log_level, count(*) FROM upgradeclient GROUP BY 1, 2""",
                    """
                    CREATE TRIGGER event_hours_insert AFTER INSERT ON upgradeclient BEGIN
                        INSERT INTO event_hours (hour, log_level, events) VALUES (new.created_time / 3600000, new.log_level, 1)
                            ON CONFLICT (hour, log_level) DO UPDATE SET events = events + 1;
                    END""",
                    """
                    CREATE TRIGGER event_hours_delete AFTER DELETE ON upgradeclient BEGIN
                        UPDATE event_hours SET events = events - 1
                            WHERE hour = old.created_time / 3600000 AND log_level = old.log_level;
                    END""",
                    // the daily upsert moves created_time forward, possibly into another hour
                    """
                    CREATE TRIGGER event_hours_update AFTER UPDATE OF created_time, log_level ON upgradeclient
                    WHEN old.created_time / 3600000 != new.created_time / 3600000 OR old.log_level != new.log_level BEGIN
                        UPDATE event_hours SET events = events - 1
                            WHERE hour = old.created_time / 3600000 AND log_level = old.log_level;
                        INSERT INTO event_hours (hour, log_level, events) VALUES (new.created_time / 3600000, new.log_level, 1)
                            ON CONFLICT (hour, log_level) DO UPDATE SET events = events + 1;
                    END""")),
            /*
             * Checks run by one node at a time: check_leases names each check's owner until lease_until, renewed by
             * its heartbeat. claims holds work done once for the whole cluster (a report's period), by the node that
             * won it.
             */
            new Migration(5, "check leases and cluster-wide claims", List.of(
                    """
                    CREATE TABLE check_leases (
                        check_name  TEXT    PRIMARY KEY,
                        node        TEXT    NOT NULL,
                        lease_until INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE claims (
                        claim_key TEXT    PRIMARY KEY,
                        node      TEXT    NOT NULL,
                        claimed   INTEGER NOT NULL
                    )""")),
            /*
             * Which node recorded each event, and the all-time totals that /metrics shows, kept per node, check, step
             * and level in the history writer's own transaction (so they survive restarts and retention and never
             * count an event the history lost). The key is a digest of those four: a check name may be longer than a
             * PostgreSQL B-tree entry. The bytes a transfer moved are kept with its event.
             */
            new Migration(6, "node of each history event; event counters per node", List.of(
                    "ALTER TABLE upgradeclient ADD COLUMN node TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE upgradeclient ADD COLUMN bytes INTEGER NOT NULL DEFAULT -1",
                    """
                    CREATE TABLE event_counters (
                        counter_key BLOB    PRIMARY KEY,
                        node        TEXT    NOT NULL,
                        dao_name    TEXT    NOT NULL,
                        log_name    TEXT    NOT NULL,
                        log_level   TEXT    NOT NULL,
                        events      INTEGER NOT NULL,
                        timed       INTEGER NOT NULL,
                        duration_ms INTEGER NOT NULL,
                        bytes       INTEGER NOT NULL
                    )""")),
            /*
             * A fencing token: every claim (and every requeue of a job whose node is gone) counts it up, and a node
             * writes a job it claimed only while the count is still the one its claim got. A node whose lease ran out
             * while it was cut off cannot overwrite what the node that took the job over recorded.
             */
            new Migration(7, "job lease generations (fencing tokens)", List.of(
                    "ALTER TABLE jobs ADD COLUMN lease_epoch INTEGER NOT NULL DEFAULT 0")),
            /*
             * PostgreSQL's counterpart of step 4's text index: trigram GIN indexes answer the search box's
             * ILIKE '%text%' for three or more characters by themselves (the ILIKE then checks the rows found), so
             * the query stays the same SQL. pg_trgm ships with PostgreSQL and is a trusted extension: the database's
             * owner may create it.
             */
            new Migration(8, "trigram indexes of messages and file names", Dialect.POSTGRESQL, List.of(
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                    "CREATE INDEX upgradeclient_message_trigrams ON upgradeclient USING gin (log_message gin_trgm_ops)",
                    "CREATE INDEX upgradeclient_file_name_trigrams ON upgradeclient USING gin (file_name gin_trgm_ops)")));

    private Schema() {
    }
}
