package io.upgradeclient.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Every plugin registered right now, of every kind, as they come and go with their bundles. Offered by the
 * core; thread-safe; never blocks.
 */
@ProviderType
public interface ComponentRegistry {
    /**
     * @return a snapshot of all plugins, ordered by kind, then type, then service id
     */
    List<PluginInfo> plugins();
}
