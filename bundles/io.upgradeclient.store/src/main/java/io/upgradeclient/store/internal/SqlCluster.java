package io.upgradeclient.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.ClusterNode;
import io.upgradeclient.api.JobState;

/**
 * Check ownership in table {@code check_leases} and cluster-wide claims in {@code claims}. A check's lease lasts
 * {@code store.lease_seconds} and is renewed by {@link NodeHeartbeat}; once it ran out any node may take the check.
 * Each take-over is one conditional upsert, so two nodes asking at once cannot both win.
 */
@Component(name = "io.upgradeclient.store.cluster", service = Cluster.class)
public final class SqlCluster implements Cluster {
    private final Database database;

    /**
     * @param database the store's database
     */
    @Activate
    public SqlCluster(@Reference Database database) {
        this.database = database;
    }

    @Override
    public String node() {
        return database.lease().node();
    }

    @Override
    public boolean ownCheck(String check, Instant now) {
        try {
            return database.write(connection -> {
                try (PreparedStatement take = connection.prepareStatement("INSERT INTO check_leases (check_name, node, "
                        + "lease_until) VALUES (?, ?, ?) ON CONFLICT (check_name) DO UPDATE SET node = excluded.node, "
                        + "lease_until = excluded.lease_until WHERE check_leases.node = excluded.node "
                        + "OR check_leases.lease_until < ?")) {
                    take.setString(1, check);
                    take.setString(2, node());
                    take.setLong(3, now.plus(database.lease().duration()).toEpochMilli());
                    take.setLong(4, now.toEpochMilli());
                    return take.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw new StoreException("taking the check " + check, e);
        }
    }

    @Override
    public Set<String> ownedChecks(Instant now) {
        try {
            return database.read(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT check_name FROM check_leases WHERE node = ? AND lease_until >= ? ORDER BY check_name")) {
                    select.setString(1, node());
                    select.setLong(2, now.toEpochMilli());
                    Set<String> owned = new LinkedHashSet<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            owned.add(rows.getString(1));
                        }
                    }
                    return Collections.unmodifiableSet(owned);
                }
            });
        } catch (SQLException e) {
            throw new StoreException("reading the checks of node " + node(), e);
        }
    }

    @Override
    public List<ClusterNode> nodes(Instant now) {
        try {
            return database.read(connection -> {
                Map<String, List<String>> checks = new HashMap<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT node, check_name FROM check_leases WHERE lease_until >= ? ORDER BY check_name")) {
                    select.setLong(1, now.toEpochMilli());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            checks.computeIfAbsent(rows.getString(1), node -> new ArrayList<>()).add(rows.getString(2));
                        }
                    }
                }
                Map<String, Integer> running = new HashMap<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT lease_node, count(*) FROM jobs WHERE state = ? GROUP BY lease_node")) {
                    select.setString(1, JobState.RUNNING.name());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            running.put(rows.getString(1), rows.getInt(2));
                        }
                    }
                }
                List<ClusterNode> nodes = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT name, version, started, heartbeat FROM nodes ORDER BY name")) {
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            String name = rows.getString(1);
                            Instant heartbeat = Instant.ofEpochMilli(rows.getLong(4));
                            boolean alive = !heartbeat.plus(database.lease().duration()).isBefore(now);
                            nodes.add(new ClusterNode(name, rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)), heartbeat,
                                    alive, checks.getOrDefault(name, List.of()), running.getOrDefault(name, 0)));
                        }
                    }
                }
                return List.copyOf(nodes);
            });
        } catch (SQLException e) {
            throw new StoreException("reading the nodes", e);
        }
    }

    @Override
    public boolean claimOnce(String key, Instant now) {
        try {
            return database.write(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO claims (claim_key, node, claimed) "
                        + "VALUES (?, ?, ?) ON CONFLICT (claim_key) DO NOTHING")) {
                    insert.setString(1, key);
                    insert.setString(2, node());
                    insert.setLong(3, now.toEpochMilli());
                    insert.executeUpdate();
                }
                try (PreparedStatement winner = connection.prepareStatement("SELECT node FROM claims WHERE claim_key = ?")) {
                    winner.setString(1, key);
                    try (ResultSet row = winner.executeQuery()) {
                        return row.next() && row.getString(1).equals(node());
                    }
                }
            });
        } catch (SQLException e) {
            throw new StoreException("claiming " + key, e);
        }
    }
}
