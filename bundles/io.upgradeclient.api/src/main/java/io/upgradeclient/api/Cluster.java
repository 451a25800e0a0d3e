package io.upgradeclient.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's share of the work when several nodes use one store: each check is owned by one live node, which alone
 * runs it and sends its reports and alerts, and a piece of work meant to happen once for the whole cluster is
 * claimed before it is done. Offered by the store; with one node (SQLite) that node owns every check and wins every
 * claim. Thread-safe.
 */
@ProviderType
public interface Cluster {
    /** @return this node's name ({@code node.name}) */
    String node();

    /**
     * Takes the check, or keeps it: it is this node's when no live node holds it (never held, or its owner stopped
     * renewing its lease). The node's heartbeat renews the lease while the node lives.
     *
     * @param check the check's name
     * @param now the current time
     * @return whether this node owns the check now and so may run it
     */
    boolean ownCheck(String check, Instant now);

    /**
     * @param now the current time
     * @return the checks this node owns with a lease still running at {@code now}
     */
    Set<String> ownedChecks(Instant now);

    /**
     * @param now the current time
     * @return every node that ever used the store, by name, with the checks and running jobs each holds at {@code now}
     */
    List<ClusterNode> nodes(Instant now);

    /**
     * Claims a piece of work once for the whole cluster, such as one period's report; the claim is kept, so it is
     * won once ever. The node that won it wins it again (it may retry the work).
     *
     * @param key what is claimed, for example {@code report:<check>:<media>@<period end>}
     * @param now the current time
     * @return whether this node holds the claim
     */
    boolean claimOnce(String key, Instant now);
}
