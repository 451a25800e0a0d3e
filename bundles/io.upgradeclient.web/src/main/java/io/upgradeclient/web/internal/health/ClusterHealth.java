package io.upgradeclient.web.internal.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.ClusterNode;
import io.upgradeclient.web.internal.api.Views;

/**
 * The cluster part of {@code /health}: the nodes sharing this node's store as the store shows them. A node whose
 * heartbeat ran out is listed as dead, but only a store this node cannot read makes this node DOWN: then it can
 * neither take nor record work.
 *
 * @param node this node's name
 * @param nodes every node that used the store, empty when it could not be read
 * @param problem why the store could not be read, or {@code null} when it could
 */
public record ClusterHealth(String node, List<ClusterNode> nodes, String problem) {
    /** Copies the list. */
    public ClusterHealth {
        nodes = List.copyOf(nodes);
    }

    /**
     * Reads the nodes from the store.
     *
     * @param cluster the store's view of the cluster
     * @param now the current time, against which heartbeats are judged
     * @return what the store says, or the reason it could not say it
     */
    public static ClusterHealth read(Cluster cluster, Instant now) {
        try {
            return new ClusterHealth(cluster.node(), cluster.nodes(now), null);
        } catch (RuntimeException e) {
            // whatever the database said: this node cannot use its store
            return new ClusterHealth(cluster.node(), List.of(), "store unreachable: " + e.getMessage());
        }
    }

    /** @return whether the store could be read */
    public boolean reachable() {
        return problem == null;
    }

    /**
     * @return {@code {"node": this node, "alive": n, "dead": n, "nodes": [{name, version, started, heartbeat, alive,
     *         checks, running_jobs}]}}
     */
    public Map<String, Object> view() {
        long alive = nodes.stream().filter(ClusterNode::alive).count();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("node", node);
        view.put("alive", alive);
        view.put("dead", nodes.size() - alive);
        view.put("nodes", nodes.stream().map(Views::node).toList());
        return view;
    }
}
