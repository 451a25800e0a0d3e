package io.upgradeclient.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds a plugin by kind and type for the length of one call. Asked at every call, so a plugin deployed a moment ago
 * is used at once and a removed one is never called again. Offered by the core; thread-safe; never blocks.
 */
@ProviderType
public interface Plugins {
    /**
     * @param kind the plugin kind
     * @param type the {@value PluginKind#TYPE_PROPERTY} wanted
     * @param serviceType the kind's service interface
     * @return a lease on the best-ranked plugin of that type, or empty when none is deployed
     */
    <T> Optional<PluginLease<T>> acquire(PluginKind kind, String type, Class<T> serviceType);
}
