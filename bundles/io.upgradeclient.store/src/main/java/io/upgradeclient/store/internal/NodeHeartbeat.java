package io.upgradeclient.store.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.JobState;

/**
 * This node's heartbeat in the store, three times per lease: it renews the leases of the jobs and checks the node
 * runs and records in {@code nodes} that the node is alive; a node that stops hands its checks back at once. While the database cannot be reached the beats fail (logged
 * once) and the node's leases run out, so other nodes may resume its jobs; the beats carry on by themselves once
 * the database is back.
 */
@Component(name = "io.upgradeclient.store.heartbeat", service = NodeHeartbeat.class, immediate = true)
public final class NodeHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final Database database;
    private final String version;
    private final Clock clock;
    private final Instant started;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    /**
     * Beats once at once, then every third of the lease.
     *
     * @param database the store's database
     * @param context this bundle's context, for its version
     */
    @Activate
    public NodeHeartbeat(@Reference Database database, BundleContext context) {
        this(database, context.getBundle().getVersion().toString(), Clock.systemUTC());
        Duration period = database.lease().duration().dividedBy(3);
        long millis = Math.max(1_000, period.toMillis());
        timer.scheduleWithFixedDelay(this::beat, 0, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * A heartbeat that beats only when asked ({@link #beat()}).
     *
     * @param database the store's database
     * @param version this node's upgradeclient version
     * @param clock the time source
     */
    NodeHeartbeat(Database database, String version, Clock clock) {
        this.database = database;
        this.version = version;
        this.clock = clock;
        this.started = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "upgradeclient-node-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * One beat: renews this node's job and check leases and its row in {@code nodes}.
     *
     * @return whether it reached the database
     */
    boolean beat() {
        Instant now = clock.instant();
        try {
            int running = database.write(connection -> {
                try (PreparedStatement node = connection.prepareStatement("INSERT INTO nodes (name, version, started, "
                        + "heartbeat) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version, "
                        + "started = excluded.started, heartbeat = excluded.heartbeat")) {
                    node.setString(1, database.lease().node());
                    node.setString(2, version);
                    node.setLong(3, started.toEpochMilli());
                    node.setLong(4, now.toEpochMilli());
                    node.executeUpdate();
                }
                try (PreparedStatement checks = connection.prepareStatement(
                        "UPDATE check_leases SET lease_until = ? WHERE node = ?")) {
                    checks.setLong(1, now.plus(database.lease().duration()).toEpochMilli());
                    checks.setString(2, database.lease().node());
                    checks.executeUpdate();
                }
                try (PreparedStatement renew = connection.prepareStatement(
                        "UPDATE jobs SET lease_until = ? WHERE state = ? AND lease_node = ?")) {
                    renew.setLong(1, now.plus(database.lease().duration()).toEpochMilli());
                    renew.setString(2, JobState.RUNNING.name());
                    renew.setString(3, database.lease().node());
                    return renew.executeUpdate();
                }
            });
            if (failing) {
                failing = false;
                LOG.info("The database is reachable again; node {} renewed the leases of its {} running jobs", database.lease().node(),
                        running);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Node {} cannot renew its job leases: {}; other nodes may resume its jobs {} s after the last "
                        + "renewal", database.lease().node(), e.getMessage(), database.lease().duration().toSeconds());
            }
            return false;
        }
    }

    /**
     * Stops beating and gives up this node's checks, so that another node takes them at its next run instead of
     * after the lease; a node that cannot reach the database leaves them to run out.
     */
    @Override
    @Deactivate
    public void close() {
        timer.shutdownNow();
        try {
            database.write(connection -> {
                try (PreparedStatement release = connection.prepareStatement("DELETE FROM check_leases WHERE node = ?")) {
                    release.setString(1, database.lease().node());
                    return release.executeUpdate();
                }
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Node {} could not hand back its checks: {}; other nodes take them {} s after the last renewal",
                    database.lease().node(), e.getMessage(), database.lease().duration().toSeconds());
        }
    }
}
