package io.upgradeclient.api;

import java.time.Instant;
import java.util.List;

/**
 * One node of the cluster as the store last saw it.
 *
 * @param name the node's name ({@code node.name})
 * @param version its upgradeclient version
 * @param started when it started
 * @param heartbeat when it last said it was alive
 * @param alive whether that was within the lease ({@code store.lease_seconds})
 * @param checks the checks it owns, by name
 * @param runningJobs how many jobs it is running
 */
public record ClusterNode(String name, String version, Instant started, Instant heartbeat, boolean alive,
        List<String> checks, int runningJobs) {
    /** Copies the list of checks. */
    public ClusterNode {
        checks = List.copyOf(checks);
    }
}
