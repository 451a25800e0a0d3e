package io.upgradeclient.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The checks configured right now and how each is doing. Offered by the engine; thread-safe; never blocks.
 */
@ProviderType
public interface CheckCatalog {
    /**
     * @return every configured check, ordered by name
     */
    List<CheckDefinition> checks();

    /**
     * @return the status of every configured check, ordered by name
     */
    List<CheckStatus> statuses();
}
