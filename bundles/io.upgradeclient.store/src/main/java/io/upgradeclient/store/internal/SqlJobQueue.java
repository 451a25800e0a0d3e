package io.upgradeclient.store.internal;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetStatus;

/**
 * The durable job queue in table {@code jobs}, with one {@code job_targets} row per upload target, on SQLite or
 * PostgreSQL. Every write is one transaction, so a claim (find the oldest due job, mark it running) is atomic: two
 * workers never get the same job. On SQLite the one write connection makes it so; on PostgreSQL the claimed row is
 * locked ({@code FOR UPDATE SKIP LOCKED}), so claimers on other nodes pass it and take the next one.
 *
 * <p>A claim leases the job to this node ({@code lease_node}) until {@code lease_until}, renewed by the node's
 * {@link NodeHeartbeat}. A running job whose lease ran out is due again, for any node: its node died. The target states
 * stored with the job say what is done already, so the node that resumes it does not publish a target twice.
 *
 * <p>Each claim also counts the job's {@code lease_epoch} up, a fencing token: this queue remembers the epoch of every
 * job it claimed until it records the job's outcome, and writes such a job only while its epoch in the table is still
 * that one. A node whose lease ran out while it was cut off (a pause, a network split, a database outage) therefore
 * cannot overwrite what the node that took the job over recorded, even after that node finished it; it learns at its
 * next write ({@link IllegalStateException}) that the job is no longer its own.
 */
@Component(name = "io.upgradeclient.store.jobs", service = JobQueue.class)
public final class SqlJobQueue implements JobQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqlJobQueue.class);
    private static final String COLUMNS = "id, check_name, job_key, action, url, file_name, file_type, author, "
            + "changed_at, revision, size, state, attempts, next_attempt, last_error, waiting_for, sha256, created, updated";

    private final Database database;
    /** The jobs this node claimed and runs, with the lease epoch each claim got. */
    private final Map<Long, Long> held = new ConcurrentHashMap<>();

    /**
     * @param database the store's database
     */
    @Activate
    public SqlJobQueue(@Reference Database database) {
        this.database = database;
    }

    /**
     * The key a change is queued under: the check's name and the change's {@link RemoteChange#identity() identity}
     * (URL and revision).
     *
     * @param check the check's name
     * @param change the change
     * @return the job key
     */
    public static String key(String check, RemoteChange change) {
        return check + ":" + change.identity();
    }

    @Override
    public Optional<Job> enqueue(String check, RemoteChange change, List<String> targets, Instant now) {
        String key = key(check, change);
        Map<String, TargetStatus> statuses = new LinkedHashMap<>();
        for (String target : targets) {
            statuses.put(target, TargetStatus.NEW);
        }
        try {
            return database.write(connection -> {
                long id;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (check_name, job_key, "
                        + "action, url, file_name, file_type, author, changed_at, revision, size, state, attempts, "
                        + "next_attempt, last_error, waiting_for, sha256, created, updated) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, '', '', '', ?, ?) "
                        + "ON CONFLICT (check_name, job_key) DO NOTHING RETURNING id")) {
                    insert.setString(1, check);
                    insert.setString(2, key);
                    insert.setString(3, change.action().name());
                    insert.setString(4, change.url().toString());
                    insert.setString(5, change.fileName());
                    insert.setString(6, change.fileType());
                    insert.setString(7, change.author());
                    insert.setLong(8, change.changedAt().toEpochMilli());
                    insert.setString(9, change.revision());
                    insert.setLong(10, change.size());
                    insert.setString(11, JobState.PENDING.name());
                    insert.setLong(12, now.toEpochMilli());
                    insert.setLong(13, now.toEpochMilli());
                    try (ResultSet inserted = insert.executeQuery()) {
                        if (!inserted.next()) {
                            return Optional.<Job>empty();
                        }
                        id = inserted.getLong(1);
                    }
                }
                writeTargets(connection, id, statuses);
                return Optional.of(new Job(id, check, key, change, JobState.PENDING, 0, null, "", "", "", statuses,
                        now, now));
            });
        } catch (SQLException e) {
            throw new StoreException("queueing " + change.url() + " of check " + check, e);
        }
    }

    @Override
    public Optional<Job> claim(Instant now, Set<String> excludedChecks) {
        String excluded = excludedChecks.isEmpty() ? ""
                : " AND check_name NOT IN (" + String.join(", ", Collections.nCopies(excludedChecks.size(), "?")) + ")";
        // A job this node still works on is not claimed again by another of its workers once its lease ran out (while
        // the database was unreachable, say): the worker that holds it records its outcome when it can.
        List<Long> running = List.copyOf(held.keySet());
        if (!running.isEmpty()) {
            excluded += " AND id NOT IN (" + String.join(", ", Collections.nCopies(running.size(), "?")) + ")";
        }
        // A running job whose node stopped renewing its lease is due as well: that node is gone.
        String due = "SELECT id FROM jobs WHERE (state = ? OR (state = ? AND next_attempt <= ?) OR (state = ? AND lease_until < ?))"
                + excluded
                + " ORDER BY id LIMIT 1" + database.dialect().skipLocked();
        long started = System.nanoTime();
        Optional<Job> claimed = claim(due, now, excludedChecks, running);
        if (LOG.isDebugEnabled()) {
            // the whole claim as this node sees it (waiting for a connection, the transaction, its commit): with
            // several nodes on one database, what contention costs; scripts/benchmark cluster reads these lines
            long micros = (System.nanoTime() - started) / 1000;
            if (claimed.isPresent()) {
                LOG.debug("Claimed job {} in {} us", claimed.get().id(), micros);
            } else {
                LOG.debug("Found no due job in {} us", micros);
            }
        }
        return claimed;
    }

    private Optional<Job> claim(String due, Instant now, Set<String> excludedChecks, List<Long> running) {
        try {
            return database.write(connection -> {
                long id;
                try (PreparedStatement select = connection.prepareStatement(due)) {
                    select.setString(1, JobState.PENDING.name());
                    select.setString(2, JobState.RETRYING.name());
                    select.setLong(3, now.toEpochMilli());
                    select.setString(4, JobState.RUNNING.name());
                    select.setLong(5, now.toEpochMilli());
                    int index = 6;
                    for (String check : excludedChecks) {
                        select.setString(index++, check);
                    }
                    for (long job : running) {
                        select.setLong(index++, job);
                    }
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            return Optional.<Claimed>empty();
                        }
                        id = row.getLong(1);
                    }
                }
                // Running, no next attempt, not waiting, leased to us under a new epoch; attempts stay: the engine
                // counts one when it tries a step (Job#started).
                long epoch;
                try (PreparedStatement start = connection.prepareStatement("UPDATE jobs SET state = ?, "
                        + "next_attempt = NULL, waiting_for = '', updated = ?, lease_node = ?, "
                        + "lease_until = ?, lease_epoch = lease_epoch + 1 WHERE id = ? RETURNING lease_epoch")) {
                    start.setString(1, JobState.RUNNING.name());
                    start.setLong(2, now.toEpochMilli());
                    start.setString(3, database.lease().node());
                    start.setLong(4, now.plus(database.lease().duration()).toEpochMilli());
                    start.setLong(5, id);
                    try (ResultSet row = start.executeQuery()) {
                        row.next();
                        epoch = row.getLong(1);
                    }
                }
                return load(connection, id).map(job -> new Claimed(job, epoch));
            }).map(claimed -> {
                held.put(claimed.job().id(), claimed.epoch());
                return claimed.job();
            });
        } catch (SQLException e) {
            throw new StoreException("claiming a job", e);
        }
    }

    /** A job as a claim returned it, with the lease epoch the claim got. */
    private record Claimed(Job job, long epoch) {
    }

    /**
     * {@inheritDoc}
     *
     * <p>A job this node claimed is written only while no one claimed it since (its lease epoch is unchanged); an
     * update in state {@link JobState#RUNNING} records progress and renews the lease, any other state ends this
     * node's hold on the job. A job this node did not claim is written unless another node runs it.
     *
     * @throws IllegalStateException if another node claimed the job since this node did, or runs it now
     */
    @Override
    public void update(Job job) {
        boolean running = job.state() == JobState.RUNNING;
        Long epoch = held.get(job.id());
        Optional<String> refused;
        try {
            refused = database.write(connection -> {
                int rows;
                String fence = epoch != null ? "lease_epoch = ?" : "(state <> ? OR lease_node IN (?, ''))";
                try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET state = ?, attempts = ?, "
                        + "next_attempt = ?, last_error = ?, waiting_for = ?, sha256 = ?, updated = ?, lease_node = ?, "
                        + "lease_until = ? WHERE id = ? AND " + fence)) {
                    update.setString(1, job.state().name());
                    update.setInt(2, job.attempts());
                    Columns.setMillis(update, 3, job.nextAttempt());
                    update.setString(4, job.lastError());
                    update.setString(5, job.waitingFor());
                    update.setString(6, job.sha256());
                    update.setLong(7, job.updated().toEpochMilli());
                    update.setString(8, running ? database.lease().node() : "");
                    Columns.setMillis(update, 9, running ? job.updated().plus(database.lease().duration()) : null);
                    update.setLong(10, job.id());
                    if (epoch != null) {
                        update.setLong(11, epoch);
                    } else {
                        update.setString(11, JobState.RUNNING.name());
                        update.setString(12, database.lease().node());
                    }
                    rows = update.executeUpdate();
                }
                if (rows == 1) {
                    writeTargets(connection, job.id(), job.targets());
                    return Optional.<String>empty();
                }
                return Optional.of(leaseHolder(connection, job.id()));
            });
        } catch (SQLException e) {
            // the outcome is not recorded: the job stays this node's, for the caller to record again
            throw new StoreException("updating job " + job.id(), e);
        }
        if (!running || refused.isPresent()) {
            held.remove(job.id(), epoch);
        }
        if (refused.isPresent() && refused.get().isEmpty() && epoch == null) {
            throw new IllegalArgumentException("There is no job " + job.id());
        }
        refused.ifPresent(node -> {
            throw new IllegalStateException("Job " + job.id() + " was taken over by " + (node.isEmpty() ? "another node"
                    : "node " + node) + ": the lease of node " + database.lease().node() + " ran out");
        });
    }

    /** @return the node holding a job's lease, or empty when there is no such job */
    private static String leaseHolder(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT lease_node FROM jobs WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : "";
            }
        }
    }

    @Override
    public Optional<Job> find(long id) {
        try {
            return database.read(connection -> load(connection, id));
        } catch (SQLException e) {
            throw new StoreException("reading job " + id, e);
        }
    }

    @Override
    public List<Job> list(Set<JobState> states, String check, int offset, int limit) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be at least 1 and offset not negative, were " + limit
                    + " and " + offset);
        }
        List<String> conditions = new ArrayList<>();
        if (!states.isEmpty()) {
            conditions.add("state IN (" + String.join(", ", Collections.nCopies(states.size(), "?")) + ")");
        }
        if (!check.isEmpty()) {
            conditions.add("check_name = ?");
        }
        String sql = "SELECT " + COLUMNS + " FROM jobs" + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY id DESC LIMIT ? OFFSET ?";
        try {
            return database.read(connection -> {
                List<Job> jobs = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    int index = 1;
                    for (JobState state : states) {
                        select.setString(index++, state.name());
                    }
                    if (!check.isEmpty()) {
                        select.setString(index++, check);
                    }
                    select.setInt(index++, limit);
                    select.setInt(index, offset);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            jobs.add(toJob(rows));
                        }
                    }
                }
                List<Job> withTargets = new ArrayList<>(jobs.size());
                for (Job job : jobs) {
                    withTargets.add(withTargets(job, readTargets(connection, job.id())));
                }
                return withTargets;
            });
        } catch (SQLException e) {
            throw new StoreException("listing jobs", e);
        }
    }

    @Override
    public Map<JobState, Long> countByState(String check) {
        String sql = "SELECT state, count(*) FROM jobs" + (check.isEmpty() ? "" : " WHERE check_name = ?") + " GROUP BY state";
        try {
            return database.read(connection -> {
                Map<JobState, Long> counts = new EnumMap<>(JobState.class);
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    if (!check.isEmpty()) {
                        select.setString(1, check);
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            counts.put(JobState.valueOf(rows.getString(1)), rows.getLong(2));
                        }
                    }
                }
                return counts;
            });
        } catch (SQLException e) {
            throw new StoreException("counting jobs", e);
        }
    }

    @Override
    public int requeueInterrupted(Instant now) {
        try {
            return database.write(connection -> {
                // This node's own (it died with them), or a dead node's; never a live node's.
                // a new epoch: a node that still thinks it holds the job (cut off, not dead) must not write it
                try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET state = ?, updated = ?, "
                        + "lease_node = '', lease_until = NULL, lease_epoch = lease_epoch + 1 "
                        + "WHERE state = ? AND (lease_node IN (?, '') OR lease_until < ?)")) {
                    update.setString(1, JobState.PENDING.name());
                    update.setLong(2, now.toEpochMilli());
                    update.setString(3, JobState.RUNNING.name());
                    update.setString(4, database.lease().node());
                    update.setLong(5, now.toEpochMilli());
                    return update.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("requeueing interrupted jobs", e);
        }
    }

    @Override
    public int wake(String plugin, Instant now) {
        try {
            return database.write(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE jobs SET state = ?, waiting_for = '', updated = ? WHERE state = ? AND waiting_for = ?")) {
                    update.setString(1, JobState.PENDING.name());
                    update.setLong(2, now.toEpochMilli());
                    update.setString(3, JobState.WAITING.name());
                    update.setString(4, plugin);
                    return update.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("waking jobs waiting for " + plugin, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Targets not done start over as pending with no attempts; the last errors stay until overwritten, so the
     * operator still sees what failed.
     */
    @Override
    public boolean retry(long id, Instant now) {
        try {
            return database.write(connection -> {
                int rows;
                try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET state = ?, attempts = 0, "
                        + "next_attempt = NULL, waiting_for = '', updated = ? WHERE id = ? AND state = ?")) {
                    update.setString(1, JobState.PENDING.name());
                    update.setLong(2, now.toEpochMilli());
                    update.setLong(3, id);
                    update.setString(4, JobState.FAILED.name());
                    rows = update.executeUpdate();
                }
                if (rows == 0) {
                    return false;
                }
                try (PreparedStatement targets = connection.prepareStatement("UPDATE job_targets SET state = ?, "
                        + "attempts = 0, next_attempt = NULL WHERE job_id = ? AND state <> ?")) {
                    targets.setString(1, JobState.PENDING.name());
                    targets.setLong(2, id);
                    targets.setString(3, JobState.DONE.name());
                    targets.executeUpdate();
                }
                return true;
            });
        } catch (SQLException e) {
            throw new StoreException("retrying job " + id, e);
        }
    }

    private static Optional<Job> load(Connection connection, long id) throws SQLException {
        Job job;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                job = toJob(row);
            }
        }
        return Optional.of(withTargets(job, readTargets(connection, id)));
    }

    /** Replaces a job's targets; {@code position} keeps their configured order. */
    private static void writeTargets(Connection connection, long jobId, Map<String, TargetStatus> targets)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM job_targets WHERE job_id = ?")) {
            delete.setLong(1, jobId);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO job_targets (job_id, position, target, "
                + "state, attempts, next_attempt, last_error, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (Map.Entry<String, TargetStatus> target : targets.entrySet()) {
                TargetStatus status = target.getValue();
                insert.setLong(1, jobId);
                insert.setInt(2, position++);
                insert.setString(3, target.getKey());
                insert.setString(4, status.state().name());
                insert.setInt(5, status.attempts());
                Columns.setMillis(insert, 6, status.nextAttempt());
                insert.setString(7, status.lastError());
                insert.setLong(8, status.bytes());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Map<String, TargetStatus> readTargets(Connection connection, long jobId) throws SQLException {
        Map<String, TargetStatus> targets = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT target, state, attempts, next_attempt, "
                + "last_error, bytes FROM job_targets WHERE job_id = ? ORDER BY position")) {
            select.setLong(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    targets.put(rows.getString("target"), new TargetStatus(JobState.valueOf(rows.getString("state")),
                            rows.getInt("attempts"), Columns.getInstant(rows, "next_attempt"),
                            rows.getString("last_error"), rows.getLong("bytes")));
                }
            }
        }
        return targets;
    }

    /** A job without its targets, which live in their own table. */
    private static Job toJob(ResultSet row) throws SQLException {
        RemoteChange change = new RemoteChange(ChangeAction.valueOf(row.getString("action")), URI.create(row.getString("url")),
                row.getString("file_name"), row.getString("file_type"), row.getString("author"),
                Instant.ofEpochMilli(row.getLong("changed_at")), row.getString("revision"), row.getLong("size"));
        return new Job(row.getLong("id"), row.getString("check_name"), row.getString("job_key"), change,
                JobState.valueOf(row.getString("state")), row.getInt("attempts"), Columns.getInstant(row, "next_attempt"),
                row.getString("last_error"), row.getString("waiting_for"), row.getString("sha256"), Map.of(),
                Instant.ofEpochMilli(row.getLong("created")), Instant.ofEpochMilli(row.getLong("updated")));
    }

    private static Job withTargets(Job job, Map<String, TargetStatus> targets) {
        return new Job(job.id(), job.check(), job.key(), job.change(), job.state(), job.attempts(), job.nextAttempt(),
                job.lastError(), job.waitingFor(), job.sha256(), targets, job.created(), job.updated());
    }
}
