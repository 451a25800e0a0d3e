package io.upgradeclient.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    /**
     * @param serviceId a registered plugin's service id
     * @return when the registry saw it arrive, or empty when it does not know the plugin
     */
    default Optional<Instant> arrivedAt(long serviceId) {
        return Optional.empty();
    }

    /**
     * @return the plugins that left recently (a bounded number), the latest departure first
     */
    default List<DepartedPlugin> departed() {
        return List.of();
    }
}
