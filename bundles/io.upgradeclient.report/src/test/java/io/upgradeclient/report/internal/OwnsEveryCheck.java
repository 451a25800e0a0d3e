package io.upgradeclient.report.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.ClusterNode;

/**
 * A node that believes it owns every configured check — the one node of a single-node store once its engine ran
 * the checks, or a node that has not yet noticed it lost a check. Claims go to the real store.
 */
final class OwnsEveryCheck implements Cluster {
    private final Cluster store;
    private final CheckCatalog catalog;

    OwnsEveryCheck(Cluster store, CheckCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    @Override
    public String node() {
        return store.node();
    }

    @Override
    public boolean ownCheck(String check, Instant now) {
        return true;
    }

    @Override
    public Set<String> ownedChecks(Instant now) {
        return catalog.checks().stream().map(CheckDefinition::name).collect(Collectors.toSet());
    }

    @Override
    public List<ClusterNode> nodes(Instant now) {
        return store.nodes(now);
    }

    @Override
    public boolean claimOnce(String key, Instant now) {
        return store.claimOnce(key, now);
    }
}
